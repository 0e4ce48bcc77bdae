"""Improvement suggestions on the real sample documents (Derby against North Lincolnshire)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.compose.actions import is_definition
from assistant.errors import BadInputError, NotFoundError
from assistant.evidence.text import tokenize


def _shares_content(shortfall: str, action: str) -> bool:
    """Whether an action names at least two content words of its shortfall (beyond the boilerplate)."""
    boiler = set(tokenize("set an owner a measurable target and a review date following what good looks like"))
    words = {t for t in tokenize(shortfall) if len(t) > 3} - boiler
    return len(words & set(tokenize(action))) >= 2


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
        assert _shares_content(item.shortfall, item.draft_action)
        assert f"[{item.shortfall_citations[0]}]" in item.draft_action
    assert any(
        "North Lincolnshire Council (scored 3 [" in p for item in plan.items for p in item.peer_examples
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


@pytest.mark.parametrize(
    ("council", "statement"),
    [
        ("Derby City Council", "Safeguarding"),
        ("Derby City Council", "Assessing needs"),
        ("North Lincolnshire", "Care provision, integration and continuity"),
    ],
)
def test_plans_an_improvement_lead_would_keep(assistant: Any, council: str, statement: str) -> None:
    plan = assistant.suggest(council, statement)
    examples = [e.split("): ", 1)[1] for item in plan.items for e in item.peer_examples]
    assert len(examples) == len(set(examples)), "a peer example used twice"
    assert not any(is_definition(e) for e in examples), examples
    practice = [n for item in plan.items for n in item.good_practice_citations]
    assert len(practice) == len(set(practice)), "a good-practice item repeated"
    body = plan.markdown.split("## Sources")[0]
    for c in plan.citations:
        assert f"[{c.n}]" in body, f"source [{c.n}] listed but never cited"
    for item in plan.items:
        assert _shares_content(item.shortfall, item.draft_action), (item.shortfall, item.draft_action)
    peers = {c.council for c in plan.citations if c.council and c.council != plan.council}
    assert all(p in plan.markdown for p in peers)


def test_backlogs_with_figures_come_first(assistant: Any) -> None:
    plan = assistant.suggest("Derby City Council", "Safeguarding")
    first = plan.items[0]
    assert "DoLS" in first.shortfall and "600" in first.shortfall
    assert first.draft_action.startswith("Reduce the backlog") and "600" in first.draft_action
    assert all("section 42 enquiry is where" not in e for item in plan.items for e in item.peer_examples)
