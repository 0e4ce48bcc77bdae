"""Cue words that mark a sentence as a shortfall ("a backlog", "had not", "waiting") or as a strength
("effective", "praised"): generic English, never a council's or a document's words. Improvement answers lead
with shortfalls; what-went-well answers demote them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain.caseblind import CaseBlind, lowered

STRONG_SHORTFALL = re.compile(
    r"\b(however|backlogs?|waiting (?:lists?|times?)|waited|delays?|delayed|lack(?:ed|ing)?|shortfalls?|"
    r"overdue|shortages?|awaiting (?:\w+ ){0,3}(?:assessments?|reviews?|allocation)|"
    r"not (?:always|consistently|yet|clear|timely|aware|able)|"
    r"(?:did|do|does|had|were|was) not (?:find|get|receive|know|hear|feel|offer|meet)|"
    r"too soon|inconsistent|limited|missed|"
    r"(?:not|\w+n[’']t) (?:consistent|clear|timely|sufficient|enough)|inconsistenc(?:y|ies)|unclear|inequalit(?:y|ies)|"
    r"need(?:s|ed)? to (?:be )?improv|further work|(?<!safeguarding )concerns?|poor|"
    r"(?:below|lower than|less than) (?:the )?(?:national|regional|england|average)|insufficient|unmet|at risk|"
    r"(?:is|are|was|were|had) no (?:\w+ )?(?:mechanism|process|strategy|plan|system|oversight|assurance)|"
    r"requir(?:ed|es) further|further (?:improvement|development)|"
    r"out of date|no overall|areas? for (?:development|improvement)|must|should|unallocated|"
    r"high (?:number|volume)s? of|build-?up|struggl\w*|high caseloads?|low morale|unable to|not enabling|"
    r"forgotten|barriers?|room (?:to|for) improve(?:ment)?|too (?:few|long|late|slow(?:ly)?|little)|"
    r"hard to (?:find|recruit)|(?:found (?:it |them |services )?|was |were |is |are )(?:hard|harder|difficult) to "
    r"(?:find|reach|get|arrange|access|use)|"  # "found it hard to reach", not "hard to reach communities"
    r"(?:started|starts|began|were|was) late|rarely|"
    r"gave up|heard little|late or rushed|longer than (?:they |people )?expected|placed outside|"
    r"fewer than (?:a|one|half|two) (?:third|quarter|half|in)|"
    r"not well (?:understood|known|used)|under-represented|at an early stage|crisis point)\b",
    re.I,
)
SHORTFALL_CUES = re.compile(
    r"\b(however|but|although|waiting|wait(?:ed)?|backlogs?|not(?! (?:just|only)\b)|no|lack(?:ed|ing)?|delays?|delayed|"
    r"shortfalls?|concerns?|improve(?:ment)?|needed|needs to|should|overdue|limited|inconsistent|"
    r"difficult(?:y|ies)?|challenges?|gaps?|poor|below|out of date|too soon|sometimes|missed|unclear)\b",
    re.I,
)
# a gap said to be absent ("no waiting lists across its Care Act functions") is a strength, not a shortfall
NO_GAP = re.compile(r"\b(?:no|without (?:a|any)?)\s*(?:\w+ )?(?:waiting lists?|backlogs?|delays?|waits?)\b", re.I)
# a gap said to be shrinking ("waiting lists for OT assessments had reduced") is progress, not a shortfall
REDUCED_GAP = re.compile(
    r"\b(?:waiting lists?|backlogs?|waiting times?|waits?|delays?)\b(?: [\w,-]+){0,6}? "
    r"(?:had|have|has|were|was)? ?(?:reduced|fallen|fell|decreased|halved|come down|been (?:cut|reduced))\b", re.I)
POSITIVE = re.compile(
    r"\b(no (?:\w+ )?(?:waiting lists?|backlogs?|delays?)|positive(?:ly)?|priority|commitment|improved|"
    r"reduc(?:ed|tion)|started|aware|well|good|effective(?:ly)?|strong|robust|"
    r"prais\w*|exceptional|impress\w*|excellent|innovative|proactive)\b",
    re.I,
)


# the same cues, run over lower-cased text where that is exact (`assistant.domain.caseblind`: 3-4x faster)
STRONG_CUES = CaseBlind(STRONG_SHORTFALL.pattern)
GAP_CUES = CaseBlind(SHORTFALL_CUES.pattern)
NO_GAP_CUES = CaseBlind(NO_GAP.pattern)
REDUCED_GAP_CUES = CaseBlind(REDUCED_GAP.pattern)
POSITIVE_CUES = CaseBlind(POSITIVE.pattern)


@lru_cache(maxsize=20000)
def is_shortfall(text: str) -> bool:
    """Whether a sentence reads as a shortfall: its cues of a gap outweigh its cues of progress."""
    low = lowered(text)
    # "no waiting lists" names a gap only to say there is none
    gaps, gaps_low = REDUCED_GAP_CUES.blank(*NO_GAP_CUES.blank(text, low))
    weight = 2 * STRONG_CUES.count(gaps, gaps_low) + GAP_CUES.count(gaps, gaps_low)
    return weight >= 2 and weight > 2 * POSITIVE_CUES.count(text, low)


# "what did carers say about X?", "what did people tell CQC?": who was heard, and the words reports use for it
_SPEAKERS = {
    "people": r"people|persons?|residents|service users|users|individuals",
    "carers": r"(?:unpaid )?carers?|families|family members|relatives",
    "staff": r"staff|workers|social workers|practitioners|frontline teams?|employees",
    "partners": r"partners|providers|stakeholders|organisations|voluntary sector",
    "leaders": r"leaders|managers|senior leaders|the director",
}
_ASKS_SAID = re.compile(
    r"\b(?:say|said|saying|tell|told|telling|think|thought|feel|felt|views?|feedback|experiences?|opinions?|"
    r"complain\w*|hear|heard)\b", re.I)
_VERB = (r"(?:told|tell|said|say|described|reported|felt|feel|commented|expressed|shared|raised|fed back|spoke|"
         r"explained|were (?:positive|negative|complimentary|critical)|praised|welcomed)")


@lru_cache(maxsize=16)
def _speech(group: str) -> re.Pattern[str]:
    """The group's own words reported: "carers told us", "feedback from unpaid carers", "carers we spoke to"."""
    words = _SPEAKERS[group]
    return re.compile(
        rf"\b(?:{words})\b(?:,?\s+(?!(?:which|that|who)\b)[\w'’-]+){{0,4}},?\s+{_VERB}\b"
        rf"|\b(?:feedback|views?|comments?|concerns?|experiences?) (?:\w+ ){{0,3}}(?:from|of) "
        rf"(?:\w+ ){{0,2}}(?:{words})\b"
        rf"|\b(?:{words}) (?:we|CQC|inspectors) (?:spoke|heard|talked) (?:with|to|from)\b", re.I)


def speakers_asked(question: str) -> frozenset[str]:
    """The groups whose words a question asks for ("what did carers say..." -> carers); none when it asks what
    CQC or a report said, since every sentence of a report is that."""
    if not _ASKS_SAID.search(question):
        return frozenset()
    return frozenset(g for g, words in _SPEAKERS.items() if re.search(rf"\b(?:{words})\b", question, re.I))


_PRONOUN_SPEAKS = re.compile(rf"^(?:They|Some|Many|Most|Others|A few)\b(?:\s+[\w'’-]+){{0,2}}\s+{_VERB}\b")


def speech_bonus(text: str, speakers: frozenset[str], before: str = "") -> float:
    """How much a sentence gives what the asked groups said: their own reported words most ("They told us..."
    after a sentence about them too), another group's less ("the local authority told us" is not what carers
    said)."""
    if not speakers:
        return 0.0
    own = any(_speech(g).search(text) for g in speakers) or bool(
        before and _PRONOUN_SPEAKS.match(text) and any(re.search(rf"\b(?:{_SPEAKERS[g]})\b", before, re.I)
                                                        for g in speakers))
    if own:
        return 0.5
    return 0.15 if any(_speech(g).search(text) for g in _SPEAKERS) else 0.0
