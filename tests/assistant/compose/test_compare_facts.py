"""Comparisons of facts: which sentences carry figures, and which questions ask for a measure."""

from __future__ import annotations

import pytest

from assistant.compose.compare_facts import asks_measure, has_figure
from assistant.models.questions import QuestionAnalysis, QuestionKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This stood at over 600 in the second half of 2023.", True),
        ("Direct payments take-up was 42%, against 26% in England.", True),
        ("Derby received 3,931 safeguarding referrals.", True),
        ("The rate was 63.98 per cent.", True),
        ("In 2023 the council launched a new strategy.", False),  # a year is not a figure
        ("Section 42 enquiries were completed on time.", False),  # nor a section of an Act
        ("The Care Act 2014 sets the duties.", False),
        ("There was no waiting list.", False),
    ],
)
def test_has_figure(text: str, expected: bool) -> None:
    assert has_figure(text) is expected


def _analysis(question: str) -> QuestionAnalysis:
    return QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.COMPARISON)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did North Lincolnshire or Derby have a waiting list for DoLS assessments?", True),
        ("How does direct payments take-up compare between North Lincolnshire and Derby?", True),
        ("Compare the proportion of people who needed no further support in A and B.", True),
        ("How do Derby and North Lincolnshire involve unpaid carers?", False),
    ],
)
def test_asks_measure(question: str, expected: bool) -> None:
    assert asks_measure(_analysis(question)) is expected
