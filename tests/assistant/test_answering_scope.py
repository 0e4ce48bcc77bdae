"""Refusal on the sample corpus, end to end: off-topic questions refused; questions in other words, or naming
a town for its council, answered from the documents."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("question", [
    "who is the chief executive of the care quality commission?", "what is the Care Act",
    "who leads Derby council", "what is the best train from derby to leicester",
])
def test_off_topic_questions_are_refused(assistant: Any, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.refused and not answer.citations


def test_a_question_in_other_words_is_answered_with_the_reports_sentence(assistant: Any) -> None:
    answer = assistant.ask("what share of people in north lincs manage their own personal budget as cash?")
    assert not answer.refused
    assert any("take-up of direct payments of 42%" in c.quote for c in answer.citations)


def test_a_town_is_answered_as_its_council(assistant: Any) -> None:
    answer = assistant.ask("what did the council that covers Scunthorpe score for safeguarding?")
    assert not answer.refused and "North Lincolnshire" in answer.answer and "3" in answer.answer
