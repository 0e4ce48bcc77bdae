"""Score thresholds for named councils: "did Kent get a 3 anywhere?", "did Derby score better than 2 anywhere?".

Answers yes or no per council, with the quality statements that meet the threshold, each cited.
"""

from __future__ import annotations

from assistant.answers.base import Result, Structured
from assistant.domain.numbers import int_to_word
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis


def meets(value: int, comp: str, thr: int) -> bool:
    """Whether a score meets a threshold ("3 or more": >= 3)."""
    return {">=": value >= thr, "<=": value <= thr, ">": value > thr, "<": value < thr, "==": value == thr}[comp]


def threshold_phrase(comp: str, thr: int) -> str:
    """The threshold in words ("3 or more", "more than 2", "exactly 4")."""
    return {
        ">=": f"{thr} or more",
        "<=": f"{thr} or less",
        ">": f"more than {thr}",
        "<": f"less than {thr}",
        "==": f"{thr}",
    }[comp]


def council_threshold(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Yes or no for each named council: the statements scoring at the threshold, and the others."""
    found, missing = facts.assessed(analysis)
    if missing and not found:
        return facts.no_assessment(missing[0], analysis, citer, "score")
    if analysis.threshold is None:
        return Result([], handled=False)
    comp, thr = analysis.comparator or ">=", analysis.threshold
    phrase = threshold_phrase(comp, thr)
    out: list[str] = []
    for council, doc_id, a in found:
        scores = [s for s in a.scores if not analysis.statements or s.statement in analysis.statements]
        if not scores:
            out.append(f"The {council} assessment gives no quality statement scores"
                       f"{marks(facts.cite_rating(citer, doc_id, a))}.")
            continue
        ok = [s for s in scores if meets(s.score, comp, thr)]
        rest = [s for s in scores if s not in ok]
        kind = " indicative" if a.indicative else ""
        of = f"of its {int_to_word(len(scores))}{kind} quality statement scores" if len(scores) > 1 else ""
        if ok:
            listed = "; ".join(f"{s.statement} ({s.score})" for s in ok)
            count = "once" if len(ok) == 1 else "twice" if len(ok) == 2 else f"{int_to_word(len(ok))} times"
            out.append(f"Yes, {count}: {council} scored {phrase} on {listed}"
                       f"{marks([n for s in ok for n in facts.cite_scores(citer, doc_id, a, s)][:6])}.")
        else:
            top = max(s.score for s in scores)
            out.append(f"No: {council} scored {phrase} on none {of or 'of the statements asked about'}; "
                       f"its highest was {top}{marks([facts.cite_score(citer, doc_id, s) for s in scores])}.")
            continue
        if rest:
            listed = "; ".join(f"{s.statement} {s.score}" for s in rest)
            out.append(f"The other {int_to_word(len(rest))} scored: {listed}"
                       f"{marks([facts.cite_score(citer, doc_id, s) for s in rest])}.")
    for council in missing:
        out.extend(facts.no_assessment(council, analysis, citer, "score").sentences)
    return Result(out)
