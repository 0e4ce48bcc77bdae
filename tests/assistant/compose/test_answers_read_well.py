"""Answers a person would write, on the real sample corpus: the figure asked for leads, no headings,
questions or list debris as answer sentences, lists quoted with their lead-in, clean display text."""

from __future__ import annotations

import re
from typing import Any

import pytest

FIGURE_QUESTIONS = [
    ("How many overdue reviews did Derby City Council have?", "1454 overdue reviews"),
    ("what percentage of derby reviews are overdue", "42.11%"),
    ("how much did derby actually spend on adult social care", "£76,044,000"),
    ("How many safeguarding referrals did Derby receive in 2023?", "3,931"),
]


@pytest.mark.parametrize(("question", "figure"), FIGURE_QUESTIONS)
def test_figure_questions_lead_with_the_figure(assistant: Any, question: str, figure: str) -> None:
    answer = assistant.ask(question)
    first = answer.citations[0]
    assert figure in first.quote, (question, answer.answer)
    assert answer.answer.split("[1]")[0].count(figure.replace("**", "")) == 1


QUESTIONS = [
    "What did CQC say Derby needed to improve on safeguarding?",
    "What actions is Leicester City taking to improve?",
    "What does good practice on direct payments look like?",
    "What are Leicester City Council's self-identified priorities for improving support to unpaid carers?",
    "What did the Leicestershire Annual Conversation review recommend about waiting lists?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_answer_sentences_read_as_sentences(assistant: Any, question: str) -> None:
    answer = assistant.ask(question)
    text = assistant.catalog.document_text
    for line in re.split(r"(?<=\])\s+(?=[A-Z0-9£])", answer.answer):
        body = re.sub(r"\s*(\[\d+\])+$", "", line).strip()
        assert not body.endswith(("?", ";.", ":.", ",.")), body
        assert not re.match(r"[*\"“#>-]", body) and "**" not in body, body
    for c in answer.citations:
        assert text(c.document)[c.start : c.end] == c.quote
        assert c.display and "**" not in c.display and not c.display.startswith(("#", "- "))


def test_improvement_answers_lead_with_a_shortfall(assistant: Any) -> None:
    from assistant.compose.cues import is_shortfall

    answer = assistant.ask("What did CQC say Derby needed to improve on safeguarding?")
    assert is_shortfall(answer.citations[0].quote)


def test_listed_actions_are_quoted_with_their_items(assistant: Any) -> None:
    answer = assistant.ask(
        "What actions will Leicester take on safeguarding feedback from people with lived experience?"
    )
    first = answer.citations[0]
    assert first.quote.count("\n- ") >= 3 and first.quote.startswith("To address the gaps")
    assert first.display and first.display.count("; ") >= 3
    assert answer.answer.startswith(first.display)
