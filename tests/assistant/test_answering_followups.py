"""Follow-ups answered as fully as the question they stand for: a figure asked without the council, a shortfall
asked of the statement before ("was anything not good?"), what the council promised on the topic before, the
weakest of the scores just given, and 'the other one' of a two-statement theme. The invented reports of
tests/fixtures/followups are ingested as they are (real Chroma, real embedder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.models.questions import Turn
from assistant.settings import Settings

FOLLOWUPS = Path(__file__).resolve().parents[1] / "fixtures" / "followups"


@pytest.fixture(scope="module")
def service(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    """The assistant over the two invented reports."""
    from assistant.service import Assistant

    svc = Assistant.open(make_loaded([FOLLOWUPS / "rochdale-assessment.md", FOLLOWUPS / "wigan-assessment.md"]))
    try:
        yield svc
    finally:
        svc.close()


def _after(service: Any, first: str, question: str) -> Any:
    answer = service.ask(first)
    return service.ask(question, [Turn(question=first, answer=answer.answer, analysis=answer.analysis)])


def _quotes(answer: Any) -> str:
    return " ".join(c.quote for c in answer.citations)


def test_a_figure_asked_without_the_council_is_the_last_councils(service: Any) -> None:
    answer = _after(service, "what did rochdale score for safeguarding?", "how many carers' assessments were done?")
    assert not answer.refused and "730 carers' assessments" in _quotes(answer)
    assert "2,140" not in _quotes(answer)  # the other council's figure


def test_a_shortfall_asked_after_a_score_is_that_statements(service: Any) -> None:
    answer = _after(service, "what did rochdale score for safeguarding?", "was anything not good?")
    assert answer.kind == "improvement" and "510 Deprivation of Liberty Safeguards" in _quotes(answer)
    assert "good range of day opportunities" not in _quotes(answer)  # another statement's sentence with "good"


def test_the_weakest_after_the_scores_is_the_lowest_scored_statement(service: Any) -> None:
    answer = _after(service, "what were rochdale's scores?", "which were the weakest?")
    assert answer.kind == "ranking" and "lowest" in answer.answer and "Safeguarding" in answer.answer.split(".")[0]


def test_the_other_one_is_the_themes_other_statement(service: Any) -> None:
    answer = _after(service, "rochdale's safeguarding score", "the other one in that theme?")
    assert "Safe pathways, systems and transitions" in answer.answer and "scored 3" in answer.answer


def test_what_the_council_promised_is_asked_of_the_topic_before(service: Any) -> None:
    answer = _after(service, "how long are people waiting for an assessment in rochdale?",
                    "and what did the council promise?")
    assert not answer.refused and "phone everyone on the waiting list every fortnight" in _quotes(answer)
