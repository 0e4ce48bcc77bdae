"""The words the rules know: statement phrases and topic hints, sector acronyms, English council names.

Statements are matched by the taxonomy's names, variants and everyday wordings (strong) or by the
framework's sub-section topics (weak, e.g. "direct payments" -> Supporting people to live healthier lives).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.taxonomy import STATEMENTS
from assistant.models.records import DocumentKind
from assistant.understand.statement_words import with_word_runs


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# English councils with adult social care duties, to notice questions about councils that are not loaded.
ENGLISH_COUNCILS: tuple[str, ...] = tuple(
    n.strip()
    for n in """
Cambridgeshire,Derbyshire,Devon,East Sussex,Essex,Gloucestershire,Hampshire,Hertfordshire,Kent,Lancashire,
Leicestershire,Lincolnshire,Norfolk,Nottinghamshire,Oxfordshire,Staffordshire,Suffolk,Surrey,Warwickshire,
West Sussex,Worcestershire,Barking and Dagenham,Barnet,Bexley,Brent,Bromley,Camden,Croydon,Ealing,Enfield,
Greenwich,Hackney,Hammersmith and Fulham,Haringey,Harrow,Havering,Hillingdon,Hounslow,Islington,
Kensington and Chelsea,Kingston upon Thames,Lambeth,Lewisham,Merton,Newham,Redbridge,Richmond upon Thames,
Southwark,Sutton,Tower Hamlets,Waltham Forest,Wandsworth,Westminster,City of London,Barnsley,Bolton,Bradford,
Bury,Calderdale,Coventry,Doncaster,Dudley,Gateshead,Kirklees,Knowsley,Leeds,Liverpool,Manchester,
Newcastle upon Tyne,Newcastle,North Tyneside,Oldham,Rochdale,Rotherham,Salford,Sandwell,Sefton,Sheffield,
Solihull,South Tyneside,St Helens,Stockport,Sunderland,Tameside,Trafford,Wakefield,Walsall,Wigan,Wirral,
Wolverhampton,Birmingham,Bath and North East Somerset,Bedford,Blackburn with Darwen,Blackpool,
Bournemouth,Bracknell Forest,Brighton and Hove,Bristol,Buckinghamshire,Central Bedfordshire,Cheshire East,
Cheshire West and Chester,Cornwall,Cumberland,Darlington,Derby,Dorset,Durham,East Riding of Yorkshire,Halton,
Hartlepool,Herefordshire,Isle of Wight,Isles of Scilly,Hull,Leicester,Luton,Medway,Middlesbrough,
Milton Keynes,North East Lincolnshire,North Lincolnshire,North Northamptonshire,North Somerset,
North Yorkshire,Northumberland,Nottingham,Peterborough,Plymouth,Portsmouth,Reading,Redcar and Cleveland,
Rutland,Shropshire,Slough,Somerset,South Gloucestershire,Southampton,Southend-on-Sea,Stockton-on-Tees,
Stoke-on-Trent,Swindon,Telford and Wrekin,Thurrock,Torbay,Warrington,West Berkshire,West Northamptonshire,
Westmorland and Furness,Wiltshire,Windsor and Maidenhead,Wokingham,York
""".replace("\n", "").split(",")
)

# Framework sub-section topics: weaker than the statement's own wording, used when no statement is named.
TOPIC_HINTS: dict[str, tuple[str, ...]] = {
    "Assessing needs": _split(
        "waiting list|waiting lists|waiting time|waiting times|overdue review|"
        "overdue reviews|annual review|annual reviews|reviews|carers assessment|"
        "carers assessments|carer assessments|carers review|unpaid carers|"
        "financial assessment|financial assessments|charging|eligibility|advocacy|"
        "care planning|backlog of assessments"
    ),
    "Supporting people to live healthier lives": _split(
        "direct payment|direct payments|reablement|intermediate care|equipment|"
        "adaptations|information and advice|short-term support|short-term care|"
        "short term care|prevent"
    ),
    "Equity in experience and outcomes": _split(
        "inequality|diversity|edi|seldom heard|ethnic|protected characteristics|equality act|anti-racism"
    ),
    "Care provision, integration and continuity": _split(
        "market|care homes|care home|homecare|home care|care services|fee|fees|workforce|"
        "vacancy|turnover|capacity"
    ),
    "Partnerships and communities": _split(
        "voluntary sector|voluntary|integrated care board|icb|charity|charities|health partners"
    ),
    "Safe pathways, systems and transitions": _split(
        "transition|preparing for adulthood|preparing-for-adulthood|hospital discharge|"
        "discharge|hospital|young people"
    ),
    "Safeguarding": _split(
        "dols|deprivation of liberty|section 42|safeguards|abuse|making safeguarding personal|msp"
    ),
    "Governance, management and sustainability": _split(
        "performance management|leadership|strategy|strategies|risk register|performance monitoring"
    ),
    "Learning, improvement and innovation": _split(
        "complaints|complaint|co-production|coproduction|lessons learned|feedback"
    ),
}
_EXCLUDE_AFTER = {"Learning, improvement and innovation": re.compile(r"^\s*(disabilit|difficult)")}
_EXCLUDE_BEFORE_ASSESS = re.compile(
    r"(cqc|self|self-|authority|council|dols|safeguards|liberty|formal|pilot|local authority)[\s-]*$"
)


# Sector acronyms and their expansions: the documents use both, a question usually only one.
ACRONYMS: dict[str, str] = {
    "DoLS": "Deprivation of Liberty Safeguards",
    "MSP": "Making Safeguarding Personal",
    "OT": "occupational therapy",
    "PfA": "preparing for adulthood",
    "ICB": "Integrated Care Board",
    "ASC": "adult social care",
    "AMHP": "approved mental health professional",
    "JSNA": "Joint Strategic Needs Assessment",
    "EDI": "equality, diversity and inclusion",
    "BCF": "Better Care Fund",
    "ASCOF": "Adult Social Care Outcomes Framework",
    "MCA": "Mental Capacity Act",
    "DASS": "Director of Adult Social Services",
}


# an acronym of three letters or more may be typed in lower case ("dols"); "OT" only as written ("ot" is no word)
_ACRONYM_PATTERNS = [(short, long, re.compile(rf"\b(?:{short}{'|' + short.lower() if len(short) > 2 else ''})\b"),
                      re.compile(rf"(?i)\b{re.escape(long)}")) for short, long in ACRONYMS.items()]


def lower_case_acronyms(question: str) -> list[str]:
    """Sector acronyms the question types in lower case ("dols"), lower-cased: their expansions carry them."""
    return [short.lower() for short in ACRONYMS if len(short) > 2 and short != short.lower()
            and re.search(rf"\b{short.lower()}\b", question)]


def expand_acronyms(question: str) -> str:
    """The question with the other form of each sector acronym or expansion it uses, in brackets."""
    extra: list[str] = []
    for short, long, short_pattern, long_pattern in _ACRONYM_PATTERNS:
        has_short = short_pattern.search(question) is not None
        has_long = long_pattern.search(question) is not None
        if has_long and not has_short:
            extra.append(short)
        elif has_short and not has_long and len(short) > 2:
            extra.append(long)
    return f"{question} ({', '.join(extra)})" if extra else question


LOWEST_WORDS = "lowest|worst|weakest|bottom|least|poorest"  # words asking for the bottom of a ranking
_WHO_LEADS = re.compile(r"^\s*who\b.*\b(leads?|heads?( up)?|runs?|in charge of)\b", re.I)


# who runs the council itself, or which party controls it: reports speak of its majority and administration
_POLITICAL = re.compile(
    r"\b(?:(?:runs?|running|controls?|controlling|leads?|leading|in (?:charge|control) of)"
    r"\s+"
    r"(?!(?:adult\s+)?social\s+care)(?:[\w']+\s+){0,3}(?:council|authority)\b(?!\s*'s)|"
    r"(?:which|what) party|political(?:ly)?\b|politics|"
    r"(?:in|has|have|holds?|took|lost) (?:overall )?control\b|majority|ruling|administration)",
    re.I,
)


ROLE_WORDS = ("(political majority, administration)", "(director)")


def with_role_words(question: str, standalone: str) -> str:
    """The question with the role words its standalone wording adds, so they count as its own terms."""
    added = [w for w in ROLE_WORDS if w in standalone and w not in question]
    return f"{question} {' '.join(added)}" if added else question


def expand_roles(question: str) -> str:
    """A "who leads ...?" question with the words reports use for the post holder, "director", in brackets;
    one about who runs the council itself or its political control with "political majority, administration"."""
    if _POLITICAL.search(question):
        return f"{question} {ROLE_WORDS[0]}"
    if _WHO_LEADS.search(question) and not re.search(r"\bdirector\b", question, re.I):
        return f"{question} {ROLE_WORDS[1]}"
    return question


@dataclass(frozen=True)
class Mention:
    """A statement named in the text, with where and how strongly."""

    statement: str
    start: int
    end: int
    strong: bool


def normalise_text(text: str) -> str:
    """Lower-case, curly quotes straightened, punctuation other than -' to spaces (same length)."""
    t = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"[^a-z0-9'\-]", " ", t)


def _phrase_table() -> list[tuple[re.Pattern[str], str, bool, bool, str]]:
    table: list[tuple[str, str, bool]] = []
    for s in STATEMENTS:
        for phrase in (s.name, *s.variants, *s.everyday):
            table.append((phrase.lower(), s.name, True))
    for name, hints in TOPIC_HINTS.items():
        table.extend((h, name, False) for h in hints)
    table.sort(key=lambda t: len(t[0]), reverse=True)
    out: list[tuple[re.Pattern[str], str, bool, bool, str]] = []
    for phrase, name, strong in table:
        key = re.sub(r"\s+", " ", normalise_text(phrase)).strip()
        pat = re.compile(r"(?<![a-z])" + re.escape(key).replace(r"\ ", r"\s+") + r"(?![a-z])")
        # the first word, which any match holds verbatim: most phrases are skipped without a regex scan
        out.append((pat, name, strong, key.startswith("assessment"), key.split(" ")[0]))
    return out


_PHRASES = _phrase_table()


def statement_mentions(text: str) -> list[Mention]:
    """Statements named in the text, longest phrases first, no overlapping mentions."""
    return list(_statement_mentions(text))


@lru_cache(maxsize=256)
def _statement_mentions(text: str) -> tuple[Mention, ...]:
    low = normalise_text(text)
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for pat, name, strong, generic_assess, first in _PHRASES:
        if first not in low:
            continue
        for m in pat.finditer(low):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            excl = _EXCLUDE_AFTER.get(name)
            if excl and excl.match(low[e:]):
                continue
            if name == "Assessing needs" and generic_assess and _EXCLUDE_BEFORE_ASSESS.search(low[max(0, s - 20):s]):
                continue
            taken.append((s, e))
            found.append(Mention(name, s, e, strong))
    spans = with_word_runs(low, [(m.statement, m.start, m.end, m.strong) for m in found])
    found = [Mention(name, s, e, strong) for name, s, e, strong in spans]
    found.sort(key=lambda m: m.start)
    return tuple(found)


def without_statements(text: str) -> str:
    """The text with the statements it names outright blanked out (what else it asks)."""
    for m in sorted((m for m in statement_mentions(text) if m.strong), key=lambda m: -m.start):
        text = text[: m.start] + " " + text[m.end :]
    return text


def detect_statements(text: str) -> list[str]:
    """Canonical statements a question is about: named ones, else topic hints."""
    mentions = statement_mentions(text)
    strong = [m.statement for m in mentions if m.strong]
    chosen = strong or [m.statement for m in mentions]
    return list(dict.fromkeys(chosen))


def detect_doc_kinds(text: str) -> list[DocumentKind]:
    """Document kinds the question points at."""
    low = text.lower()
    kinds: list[DocumentKind] = []
    if re.search(
        r"good practi|what (does )?good look|what good looks|\blga\b|partners in care|analysis of", low
    ):
        kinds.append(DocumentKind.LGA_ANALYSIS)
    if re.search(r"self[- ]?assess", low):
        kinds.append(DocumentKind.SELF_ASSESSMENT)
    if re.search(r"scrutiny|annual conversation|independent review|committee", low):
        kinds += [DocumentKind.SCRUTINY, DocumentKind.COUNCIL_DOCUMENT]  # the latter: catalogs from before
    if re.search(r"\bpress release|\bnews\b|\bheadlines?\b|\bmedia\b", low):
        kinds += [DocumentKind.CQC_PRESS_RELEASE, DocumentKind.NEWS]
    if not kinds and re.search(
        r"\bcqc (say|said|find|found|identif|report|note|recommend|assess)|inspectors", low
    ):
        kinds.append(DocumentKind.CQC_ASSESSMENT)
    return kinds


PLACES = re.compile(
    r"(?<![A-Za-z])("
    + "|".join(re.escape(p) for p in sorted(ENGLISH_COUNCILS, key=len, reverse=True))
    + r")(?![A-Za-z])"
)
LEADING_WORDS = frozenset(
    [
        "about",
        "and",
        "at",
        "compare",
        "did",
        "do",
        "does",
        "for",
        "has",
        "how",
        "in",
        "is",
        "of",
        "the",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
    ]
)
