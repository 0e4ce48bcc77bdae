"""'Why?' after a score or a rating, read as the question its answer needs: a low score or rating is explained by
its shortfalls (an improvement question), a high one by what went well (a what-went-well question on the same
statement), so the sentences are chosen as for those questions."""

from __future__ import annotations

from collections.abc import Callable

from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.models.records import Assessment
from assistant.understand.followup import asks_reasons

_WENT_WELL = "what did it do well"


def reasons_for_score(
    analysis: QuestionAnalysis, assessment: Callable[[str], tuple[str, Assessment] | None]
) -> QuestionAnalysis:
    """The analysis a 'why?' about one council's score (score 1-2: its shortfalls; 3-4: what went well on the
    statement) or rating (Requires improvement or Inadequate: its shortfalls at large; else what went well)
    is answered as; any other question unchanged."""
    if analysis.kind != QuestionKind.FINDING or not asks_reasons(analysis.question) or len(analysis.councils) != 1:
        return analysis
    hit = assessment(analysis.councils[0])
    if hit is None or (not analysis.statements and not hit[1].overall_rating):
        return analysis
    if not analysis.statements:
        low = hit[1].overall_rating in ("Requires improvement", "Inadequate")
        ask = "what needs to improve" if low else _WENT_WELL
        return analysis.model_copy(update={
            "kind": QuestionKind.IMPROVEMENT if low else QuestionKind.FINDING,
            "question": ask, "standalone": f"{ask} in {analysis.councils[0]}"})
    scores = [s.score for s in hit[1].scores if s.statement in analysis.statements[:1]]
    if not scores:
        return analysis
    if scores[0] <= 2:
        return analysis.model_copy(update={"kind": QuestionKind.IMPROVEMENT})
    return analysis.model_copy(update={"question": f"{_WENT_WELL} on {analysis.statements[0]}"})
