"""The CQC assessment framework: themes, the nine quality statements, score wordings, rating bands.

Matching is by normalised word sets, so reports that swap words ("Safe systems, pathways and
transitions") or use a variant ("lead healthier lives") resolve to the same canonical statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

THEMES: tuple[str, ...] = ("Working with people", "Providing support", "Ensuring safety", "Leadership")


@dataclass(frozen=True)
class QualityStatement:
    """One of the nine quality statements."""

    number: int
    name: str
    theme: str
    variants: tuple[str, ...]  # other published spellings of the full name
    everyday: tuple[str, ...]  # short wordings people use in questions
    # names councils, papers and news give the statement in documents (their plans' headings), matched tolerantly
    # when reading scores; words prose uses for other things ("learning", "assessments", "communities") stay out
    document_names: tuple[str, ...] = ()


STATEMENTS: tuple[QualityStatement, ...] = (
    QualityStatement(1, "Assessing needs", "Working with people", ("Assessing need",),
                     ("assessing needs", "assessing need", "assessments", "assessment of needs"),
                     ("needs assessments", "needs assessment", "assessment and care planning")),
    QualityStatement(2, "Supporting people to live healthier lives", "Working with people",
                     ("Supporting people to lead healthier lives", "Supporting people to have healthier lives"),
                     ("healthier lives", "live healthier lives", "lead healthier lives", "prevention",
                      "wellbeing"),
                     ("helping people stay well", "helping people to stay well", "staying well", "healthier lives",
                      "prevention and wellbeing", "promoting wellbeing and independence")),
    QualityStatement(3, "Equity in experience and outcomes", "Working with people", (),
                     ("equity", "equality", "equity in experience", "inequalities"),
                     ("fair access and equality", "fair access", "equity", "equality", "equality and diversity",
                      "equity of access", "fair access and outcomes")),
    QualityStatement(4, "Care provision, integration and continuity", "Providing support",
                     ("Care provision, intergration and continuity",),
                     ("care provision", "integration and continuity", "market shaping", "commissioning"),
                     ("care market", "local care market", "care market and commissioning", "care provision",
                      "market shaping and commissioning", "commissioning and the care market")),
    QualityStatement(5, "Partnerships and communities", "Providing support",
                     ("Partnership and communities",), ("partnerships", "partnership working", "communities"),
                     ("working with partners", "partnerships", "partnership working", "partners and communities")),
    QualityStatement(6, "Safe pathways, systems and transitions", "Ensuring safety",
                     ("Safe systems, pathways and transitions",),
                     ("safe pathways", "safe systems", "transitions", "pathways"),
                     ("hospital discharge and transitions", "discharge and transitions", "safe systems and pathways",
                      "safe pathways", "safe systems", "transitions")),
    QualityStatement(7, "Safeguarding", "Ensuring safety", (), ("safeguarding",),
                     ("keeping people safe", "keeping adults safe", "safeguarding adults")),
    QualityStatement(8, "Governance, management and sustainability", "Leadership", (),
                     ("governance", "management and sustainability", "sustainability"),
                     ("leadership and governance", "governance and management", "governance",
                      "governance and sustainability")),
    QualityStatement(9, "Learning, improvement and innovation", "Leadership", (),
                     ("learning", "improvement and innovation", "innovation"),
                     ("learning and improving", "learning and improvement", "learning and innovation",
                      "improvement and innovation")),
)

STATEMENT_NAMES: tuple[str, ...] = tuple(s.name for s in STATEMENTS)
BY_NAME: dict[str, QualityStatement] = {s.name: s for s in STATEMENTS}

SCORE_WORDINGS: dict[int, str] = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

RATINGS: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")

# CQC local authority assessment framework: the nine scores are summed and expressed as a percentage
# of the maximum (36); the percentage maps to the overall rating by these bands.
RATING_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 38, "Inadequate"),
    (39, 62, "Requires improvement"),
    (63, 87, "Good"),
    (88, 100, "Outstanding"),
)
RATING_RULE_SOURCE = (
    "CQC, 'Assessment framework for local authorities: how we reach a rating' — each quality statement "
    "is scored 1-4; the total is expressed as a percentage of the maximum, and 25-38% is Inadequate, "
    "39-62% Requires improvement, 63-87% Good, 88% and above Outstanding."
)

_STOP = {"and", "the", "of", "to", "in", "for", "a", "an", "&"}
_SYNONYMS = {"lead": "live", "have": "live", "intergration": "integration", "need": "needs",
             "partnership": "partnerships"}


def _words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset(_SYNONYMS.get(w, w) for w in words if w not in _STOP)


_STATEMENT_KEYS: dict[frozenset[str], str] = {}
for _s in STATEMENTS:
    for _name in (_s.name, *_s.variants):
        _STATEMENT_KEYS[_words(_name)] = _s.name


def match_statement_heading(text: str) -> str | None:
    """The canonical statement a heading-like line names, ignoring word order, markup and numbering."""
    cleaned = re.sub(r"^[#\s•*\-\d.:]*(quality statement\s*\d*\s*[:.-]?\s*)?", "", text.strip(), flags=re.I)
    cleaned = cleaned.strip(" *#:")
    if not cleaned or len(cleaned) > 80:
        return None
    return _STATEMENT_KEYS.get(_words(cleaned))


def theme_of(statement: str) -> str:
    """The theme a canonical statement belongs to."""
    return BY_NAME[statement].theme


def statements_in_theme(theme: str) -> list[str]:
    """Canonical statements of one theme, in framework order."""
    return [s.name for s in STATEMENTS if s.theme == theme]


def match_theme_heading(text: str) -> str | None:
    """The theme a heading such as 'Theme 3: How the local authority ensures safety' names."""
    t = text.lower()
    if not re.search(r"\btheme\b", t) and len(t) > 40:
        return None
    if "working with people" in t or "works with people" in t:
        return "Working with people"
    if "providing support" in t:
        return "Providing support"
    if "safety" in t:
        return "Ensuring safety"
    if "leadership" in t:
        return "Leadership"
    return None


def rating_for_percentage(percentage: float) -> str:
    """The overall rating band a percentage falls in."""
    pct = round(percentage)
    for low, high, rating in RATING_BANDS:
        if low <= pct <= high:
            return rating
    raise ValueError(f"percentage out of range: {percentage}")


def percentage_for_scores(scores: list[int]) -> float:
    """Total of the scores as a percentage of the maximum (4 per statement)."""
    if not scores:
        raise ValueError("no scores")
    return 100.0 * sum(scores) / (4 * len(scores))
