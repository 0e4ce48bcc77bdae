"""Overall ratings side by side: which council was rated higher, which were rated Good, and stated percentages.

"Which was rated higher overall, A or B?", "A vs B overall", "Of A, B, C and D, which were rated Good?".
Ratings are ordered by the framework (Outstanding above Good above Requires improvement above Inadequate),
then by the overall percentage where the documents state one; each rating cites the sentences stating it.
"""

from __future__ import annotations

import re

from assistant.answers.base import Structured
from assistant.answers.ratings import ratings_named
from assistant.domain.taxonomy import RATINGS
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment

Found = tuple[str, str, Assessment]
_OVERALL = re.compile(r"\b(overall|rated|ratings?|rate|grade|judg(?:e)?ments?|requires? improvement|outstanding|"
                      r"inadequate)\b", re.I)
_WHICH_HIGHER = re.compile(r"\b(higher|better|lower|worse|best|worst|top)\b", re.I)
_SCORE_WORDS = re.compile(r"\b(scores?|scored|scoring|statements?)\b", re.I)
# the overall score out of 100 (a percentage), not the statements' scores
_PERCENT = re.compile(
    r"\boverall (?:scores?|percentages?|marks?|totals?)\b|\bper ?cent(?:age)?s?\b|%|\bout of 100\b", re.I)


def asks_overall(text: str) -> bool:
    """Whether a question (its named statements blanked) asks about the overall rating."""
    return _OVERALL.search(text) is not None


def asks_only_overall(text: str) -> bool:
    """Whether it asks about the overall rating and not about statement scores."""
    return asks_overall(text) and (_SCORE_WORDS.search(text) is None or _PERCENT.search(text) is not None)


def _rank(a: Assessment) -> tuple[int, int]:
    rating = RATINGS.index(a.overall_rating) if a.overall_rating in RATINGS else len(RATINGS)
    return rating, -(a.overall_percentage or 0)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _stated(facts: Structured, citer: Citer, item: Found) -> str:
    """'indicative Good, 78 out of 100 (78%) [n]' for one council."""
    _, doc_id, a = item
    pct = f", {a.overall_percentage} out of 100 ({a.overall_percentage}%)" if a.overall_percentage else ""
    return (f"{'indicative ' if a.indicative else ''}{a.overall_rating}{pct}"
            f"{marks(facts.cite_rating(citer, doc_id, a))}")


def overall_lines(facts: Structured, analysis: QuestionAnalysis, citer: Citer, found: list[Found]) -> list[str]:
    """The overall ratings of the councils asked about, compared (or grouped by a rating the question names)."""
    rated = [f for f in found if f[2].overall_rating]
    out: list[str] = []
    wanted = ratings_named(analysis.question)
    if wanted and (len(rated) > 2 or not _WHICH_HIGHER.search(analysis.question)):
        groups: dict[str, list[Found]] = {}
        for f in sorted(rated, key=lambda f: (f[2].overall_rating not in wanted, _rank(f[2]))):
            groups.setdefault(str(f[2].overall_rating), []).append(f)
        parts = []
        for r, items in groups.items():
            verb = "was" if len(items) == 1 else "were"
            ns = [n for _, d, a in items for n in facts.cite_rating(citer, d, a)]
            parts.append(f"{_names([c for c, _, _ in items])} {verb} rated {r}{marks(ns)}")
        if not any(r in wanted for r in groups):
            parts.insert(0, f"None of them was rated {' or '.join(wanted)}")
        out.append("; ".join(parts) + ".")
    elif len(rated) >= 2:
        ordered = sorted(rated, key=lambda f: _rank(f[2]))
        top, rest = ordered[0], ordered[1:]
        percents = [f[2].overall_percentage for f in ordered]
        if _PERCENT.search(analysis.question) and all(percents) and percents[0] != percents[1]:
            against = "; ".join(f"{c}'s {_stated(facts, citer, (c, d, a))}" for c, d, a in rest)
            out.append(f"{top[0]} had the higher overall score: {_stated(facts, citer, top)}, against {against}.")
        elif all(f[2].overall_rating == top[2].overall_rating for f in rest):
            who = "; ".join(f"{c}: {_stated(facts, citer, (c, d, a))}" for c, d, a in ordered)
            both = "both" if len(ordered) == 2 else f"all {len(ordered)}"
            out.append(f"Neither was rated higher: {both} were rated {top[2].overall_rating} ({who}).")
        else:
            against = "; ".join(f"{c}'s {_stated(facts, citer, (c, d, a))}" for c, d, a in rest)
            out.append(f"{top[0]} was rated higher overall: {_stated(facts, citer, top)}, against {against}.")
    elif len(rated) == 1:  # the other council's documents state no rating: still give this one's
        out.append(f"{rated[0][0]} was rated {_stated(facts, citer, rated[0])}.")
    for c, d, a in found:
        if not a.overall_rating and a.overall_percentage:
            out.append(f"The {c} documents state no overall rating, but an overall score of {a.overall_percentage} "
                       f"out of 100{marks(facts.cite_rating(citer, d, a))}.")
        elif not a.overall_rating:
            ns = [facts.cite_score(citer, d, s) for s in a.scores[:1]]
            out.append(f"The {c} documents state no overall rating{marks(ns)}.")
    return out
