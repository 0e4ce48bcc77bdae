"""Improvement and good-practice answers from a council's own document as an officer would cite it (real ingest,
Chroma and embedder, over a self-assessment written here): a two-column "proud of | need to improve" table
answers each question from its own column, a short claim is cited with the sentence giving its figure, and
"worth copying" / "proud of" questions are answered from the council's document, not refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.shortfalls import asks_for_actions
from assistant.settings import Settings

SELF_ASSESSMENT = """# Rotherham Metropolitan Borough Council: Adult Social Care Self-Assessment 2025

Prepared for the CQC local authority assessment. This document is our own view of our practice.

## Working with people

What we are proud of | What we need to improve

Our median wait for a Care Act assessment is 12 days, and 96% of urgent assessments start within 48 hours. | \
Only 58% of people with long-term support had a review in the last 12 months.

Our Rawmarsh outreach team visits villages every week, so people do not travel for advice. | \
We know that not enough unpaid carers are identified early.

## Ensuring safety

People waited too long for occupational therapy. The median wait for an occupational therapy assessment was \
71 days, against 30 days in similar councils. Staff described the team as stretched.

Our safeguarding hub screens every concern on the day it arrives, and its reablement service helped 81% of \
people to stay at home.

## Improvement plan

| Area for improvement | Action | Lead | Target date |
| --- | --- | --- | --- |
| Waiting times for assessments | Recruit more social workers and triage the waiting list weekly | \
Head of Operations | March 2026 |
| Carers | Relaunch carers' assessments with the carers centre and offer every carer an assessment | \
Head of Commissioning | April 2026 |

## Recommendations

1. Reduce the occupational therapy waiting list, for example by using trusted assessors for minor equipment.
2. Develop a workforce plan, including a route into social work for care staff.
"""


@pytest.fixture(scope="module")
def service(make_loaded: Callable[[Sequence[Path]], Settings], tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Any]:
    from assistant.service import Assistant

    path = tmp_path_factory.mktemp("own") / "rotherham-self-assessment.md"
    path.write_text(SELF_ASSESSMENT, encoding="utf-8")
    assistant = Assistant.open(make_loaded([path]))
    try:
        yield assistant
    finally:
        assistant.close()


def _quotes(answer: Any) -> list[str]:
    return [c.quote for c in answer.citations]


def test_each_column_answers_its_own_question(service: Any) -> None:
    improve = service.ask("what does rotherham say it needs to improve?")
    assert not improve.refused
    assert any(q.startswith("Only 58% of people") for q in _quotes(improve)), improve.answer
    assert not any(q.startswith("Our median wait") for q in _quotes(improve)), improve.answer
    proud = service.ask("What is Rotherham proud of in adult social care?")
    assert not proud.refused
    assert any(q.startswith("Our median wait") or q.startswith("Our Rawmarsh") for q in _quotes(proud)), proud.answer
    assert not any("|" in q for q in _quotes(proud)), proud.answer  # never the header row or a whole row


def test_a_short_claim_is_cited_with_its_figure(service: Any) -> None:
    answer = service.ask("what does rotherham need to fix on occupational therapy waits?")
    claim = next(q for q in _quotes(answer) if q.startswith("People waited too long for occupational therapy"))
    assert "71 days" in claim, answer.answer


def test_worth_copying_is_answered_from_the_council_document(service: Any) -> None:
    answer = service.ask("anything rotherham does on safeguarding that others could copy?")
    assert answer.kind.value == "good_practice"
    assert not answer.refused
    assert any("safeguarding hub" in q for q in _quotes(answer)), answer.answer


def test_recommendations_asked_are_the_recommended_actions(service: Any) -> None:
    assert asks_for_actions("what did the peers recommend?")
    answer = service.ask("what was recommended to rotherham?")
    assert any(q.startswith("Reduce the occupational therapy waiting list") for q in _quotes(answer)), answer.answer


def test_a_plan_asked_about_gives_its_action_on_the_topic(service: Any) -> None:
    """'What's in their plan for carers?': the plan's carers row, though another row names a sharper gap."""
    answer = service.ask("what's in rotherham's improvement plan for carers?")
    assert any("Relaunch carers' assessments" in q for q in _quotes(answer)), answer.answer
