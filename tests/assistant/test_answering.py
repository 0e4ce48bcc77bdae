"""The answering stage's choices between catalog facts, good-practice bullets and cited sentences, on real reports:
an improvement answer with no stated shortfall to quote leads with the council's lowest scores; a good-practice
question whose only topic word is one most documents use gets the statement's bullets; a question on how a
council did well is never refused for its framing words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import NO_GAP, is_shortfall
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def press(make_loaded: Callable[..., Settings]) -> Iterator[Any]:
    """Kent's and Camden's pages: a press release of scores and a largely positive report."""
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([ROOT / "corpus-web" / "reports" / "kent-press-release.md",
                                             ROOT / "corpus-web" / "reports" / "camden.md"]))
    try:
        yield service
    finally:
        service.close()


@pytest.mark.parametrize("question", ["where does kent need to do better", "what are camden's weak spots"])
def test_an_improvement_answer_leads_with_a_shortfall_or_else_the_lowest_scores(press: Any, question: str) -> None:
    answer = press.ask(question)
    assert not answer.refused
    first = answer.answer.split("[1]")[0]
    assert is_shortfall(first) or "lowest quality statement score" in first, answer.answer[:300]


def test_a_council_with_no_stated_shortfall_leads_with_its_lowest_scores(press: Any) -> None:
    answer = press.ask("what are camden's weak spots")
    assert answer.answer.startswith("London Borough of Camden's lowest quality statement score was 3"), answer.answer


def test_no_waiting_list_is_a_strength_not_a_shortfall() -> None:
    text = "Inspectors also highlighted that the Council had strong leadership, no waiting lists across its functions."
    assert NO_GAP.search(text) and not is_shortfall(text)
    assert not NO_GAP.search("There were waiting lists for assessments and for reviews.")


def test_a_common_word_is_no_good_practice_topic(assistant: Any) -> None:
    answer = assistant.ask("what does good practice look like for transitions to adult services")
    assert not answer.refused and answer.citations
    first = " ".join(c.quote for c in answer.citations[:3]).lower()
    assert "transition" in first or "move" in first, first


def test_what_went_well_is_framing_not_a_topic(assistant: Any) -> None:
    answer = assistant.ask("what went well in north lincolnshire")
    assert not answer.refused
    assert all(c.council in (None, "North Lincolnshire Council") for c in answer.citations)
