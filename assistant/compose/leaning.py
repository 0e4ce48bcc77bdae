"""Which way a sentence leans by meaning: towards a shortfall ("people waited a long time for an assessment") or
towards a practice that works ("the reablement service helped most people stay at home"), measured with the
embedding model against two small banks of typical phrasings of each. Cue words see "backlog" or "praised";
meaning also sees "the offer to carers is not enabling them to take breaks" or "data was always up to date".

The banks are generic: the themes every CQC assessment covers, never a council's, a document's or a question's
words. Improvement answers scale their candidates' scores by the lean towards shortfalls, good-practice and
what-went-well answers by the lean towards practices.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evidence.meaning import Meaning

SHORTFALLS = (
    "People waited a long time for an assessment and there was a backlog of reviews.",
    "Some people experienced delays and did not receive timely support.",
    "Unpaid carers did not always know they could have a carer's assessment or get the support they needed.",
    "Information and advice were not always accessible or in formats people could use.",
    "Leaders needed better oversight of performance and more use of data.",
    "Staff told us caseloads were high and it was hard to recruit and retain workers.",
    "Safeguarding enquiries were not always completed promptly.",
    "There were gaps in services and not enough capacity to meet people's needs.",
    "Relationships with partners and providers were inconsistent and needed strengthening.",
    "More work was needed to understand and reduce inequalities in people's outcomes.",
    "Co-production was at an early stage and people's views were not consistently used.",
    "Moving from children's to adult services was not always well planned.",
)
PRACTICES = (
    "The reablement service helped most people regain independence and stay at home.",
    "Joint work with the hospital meant people were discharged without delay.",
    "People told us staff listened to them and the support they received was good.",
    "An innovative scheme reduced waiting times and was praised by people who used it.",
    "Strong partnerships with the voluntary sector meant people got early help in their communities.",
    "Leaders had a clear vision and staff felt well supported.",
    "Co-production was embedded and people with lived experience shaped services.",
    "There were no waiting lists for assessments or reviews.",
    "Inspectors highlighted this as an example of good practice.",
    "Data was used well to plan services and monitor performance.",
)
# how far one unit of lean moves a score, and the bounds of the factor: meaning re-weighs the cue words' choice,
# it never makes a sentence without the question's terms win
STRENGTH = 2.0
LOWEST, HIGHEST = 0.6, 1.2


def leanings(meaning: Meaning, texts: Sequence[str]) -> list[float]:
    """Each text's lean towards a shortfall: its best similarity to the shortfall bank less its best similarity
    to the practice bank (positive: reads as a shortfall; negative: reads as a practice)."""
    if not texts:
        return []
    gaps = meaning.pairwise(texts, SHORTFALLS).max(axis=1)
    good = meaning.pairwise(texts, PRACTICES).max(axis=1)
    return [float(g - p) for g, p in zip(gaps, good, strict=True)]


def lean_factor(lean: float, towards_shortfall: bool) -> float:
    """A score's factor for a sentence's lean, up when it leans the way the question asks, down when the other."""
    signed = lean if towards_shortfall else -lean
    return min(HIGHEST, max(LOWEST, 1.0 + STRENGTH * signed))
