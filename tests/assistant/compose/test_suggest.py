"""Improvement suggestions on the real sample documents (Derby against North Lincolnshire)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.errors import BadInputError, NotFoundError


def test_plan_for_derby_assessing_needs(assistant: Any) -> None:
    plan = assistant.suggest("Derby", "assessing needs")
    assert (plan.council, plan.statement, plan.theme) == (
        "Derby City Council",
        "Assessing needs",
        "Working with people",
    )
    assert (plan.current_score, plan.score_wording) == (2, "Evidence shows some shortfalls")
    assert 1 <= len(plan.items) <= 4
    numbers = {c.n for c in plan.citations}
    for item in plan.items:
        assert item.shortfall and set(item.shortfall_citations) <= numbers
        assert item.good_practice and set(item.good_practice_citations) <= numbers
        assert item.draft_action.startswith("Put in place")
        assert f"[{item.shortfall_citations[0]}]" in item.draft_action
    assert any(
        "North Lincolnshire Council (scored 3)" in p for item in plan.items for p in item.peer_examples
    )
    for c in plan.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
    by_n = {c.n: c for c in plan.citations}
    assert all(
        by_n[n].document.startswith("lga") for item in plan.items for n in item.good_practice_citations
    )
    assert all(
        by_n[n].council == "Derby City Council" for item in plan.items for n in item.shortfall_citations
    )
    md = plan.markdown
    assert md.startswith("# Draft improvement plan: Derby City Council — Assessing needs")
    assert "**What good looks like**" in md and "**Draft action (edit me)**" in md and "## Sources" in md


def test_shortfalls_match_the_practice_of_their_topic(assistant: Any) -> None:
    plan = assistant.suggest("Derby City Council", "safeguarding")
    assert plan.current_score == 2 and plan.items
    text = " ".join(i.shortfall.lower() for i in plan.items)
    assert any(word in text for word in ("backlog", "waiting", "delay", "lack", "however"))


def test_council_at_top_score_has_no_higher_peers(assistant: Any) -> None:
    plan = assistant.suggest("North Lincs", "equity")
    assert plan.current_score == 2
    assert all(not item.peer_examples for item in plan.items)  # Derby also scored 2


def test_bad_inputs(assistant: Any) -> None:
    with pytest.raises(NotFoundError):
        assistant.suggest("Nottinghamshire", "safeguarding")
    with pytest.raises(BadInputError):
        assistant.suggest("Derby", "weather")
