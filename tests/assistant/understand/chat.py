"""A conversation analysed turn by turn over three loaded councils (shared by the follow-up tests)."""

from __future__ import annotations

from assistant.models.questions import QuestionAnalysis, Turn
from assistant.understand.analyse import analyse

LOADED = ["Derby City Council", "North Lincolnshire Council", "Hounslow Council"]


def chat(*questions: str) -> QuestionAnalysis:
    """The analysis of the last question, each earlier one in the history before it."""
    history: list[Turn] = []
    analysis = analyse(questions[0], [], LOADED)
    for q in questions[1:]:
        history.append(Turn(question=analysis.question, answer="", analysis=analysis))
        analysis = analyse(q, history, LOADED)
    return analysis
