"""'What is X doing well?' on documents without the sample reports' sections (development layout fixtures): the
concrete practice quoted, never the place described, the report's method, a score line, a plan or a quoted
reaction; a strengths section of a long report and a strengths heading above its theme found without a topic
(real ingest, Chroma and embedder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.practice import heading_factor, practice_factor, quoted_reaction, strengths_heading
from assistant.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = ["layouts/lambeth-report.md", "layouts/bristol-news.md", "layouts4/walsall-self-assessment-tables.md",
         "layouts5/knowsley-news-release.md", "layouts3/gateshead-news.md"]


@pytest.fixture(scope="module")
def practices(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([FIXTURES / f for f in FILES]))
    try:
        yield service
    finally:
        service.close()


def _sentence(path: str, opening: str) -> str:
    text = " ".join((FIXTURES / path).read_text(encoding="utf-8").split())
    start = text.index(opening)
    return text[start : text.index(".", start) + 1]


def test_a_named_practice_with_its_effect_outweighs_context_method_scores_and_plans() -> None:
    practice = _sentence("layouts5/knowsley-news-release.md", "They highlighted the council's community connectors")
    hub = _sentence("layouts4/walsall-self-assessment-tables.md", "Our Walsall Together partnership")
    for text in (practice, hub):
        assert practice_factor(text) > 1.2, text
    for text in (
        _sentence("layouts5/knowsley-news-release.md", "The council received an overall judgement"),
        _sentence("layouts5/knowsley-news-release.md", "Providing support: care provision"),
        _sentence("layouts3/gateshead-news.md", "Around 3,900 adults in Gateshead"),
        _sentence("layouts3/gateshead-news.md", "The assessment, carried out over three days"),
        _sentence("layouts4/walsall-self-assessment-tables.md", "Our priorities for 2025"),
        _sentence("layouts/lambeth-report.md", "Lambeth is an inner London borough"),
        "Partnerships and communities - 3",
    ):
        assert practice_factor(text) <= 0.1, text


def test_quoted_reactions_and_headings() -> None:
    assert quoted_reaction('Councillor Sonia Walsh said: "I am so proud of our staff. ')
    assert not quoted_reaction('described its Better Outcomes, Better Lives programme as "ambitious". ')
    assert heading_factor("What we do well") > 1.0
    assert heading_factor("Summary of strengths, areas for development and next steps") == 1.0
    assert strengths_heading("Summary of strengths, areas for development and next steps")
    assert heading_factor("Our areas for improvement") < 1.0
    assert heading_factor("About London Borough of Lambeth") < 1.0
    assert heading_factor("Safeguarding") == 1.0


def test_strengths_at_large_quote_the_practice(practices: Any) -> None:
    a = practices.ask("examples of good practice in knowsley")
    assert not a.refused and a.citations
    assert "community connectors" in a.citations[0].quote, a.answer
    assert not any("overall score" in c.quote or "(3)" in c.quote for c in a.citations), a.answer


def test_a_long_reports_strengths_section_is_found_without_a_topic(practices: Any) -> None:
    a = practices.ask("what is lambeth doing well")
    assert any("commitment from leaders to co-production" in c.quote for c in a.citations), a.answer
    assert not any("inner London borough" in c.quote for c in a.citations), a.answer


def test_the_practice_not_the_reactions(practices: Any) -> None:
    a = practices.ask("examples of good practice in bristol")
    assert any("community support scheme" in c.quote for c in a.citations), a.answer
    assert not any("reflects what carers" in c.quote for c in a.citations), a.answer


def test_a_theme_above_a_strengths_heading(practices: Any) -> None:
    a = practices.ask("walsall good practice in providing support")
    quotes = " ".join(c.quote for c in a.citations)
    assert "Walsall Together" in quotes or "Shared Lives" in quotes, a.answer
    assert "Our priorities for 2025" not in quotes, a.answer


def test_reported_speech_is_a_reaction() -> None:
    assert quoted_reaction("", 'A spokesperson for a charity said the report "reflects what carers told us".')
    assert quoted_reaction("", 'The cabinet member said: "We accept the findings.')
    assert not quoted_reaction("", "Inspectors praised the council's community hubs in Netherton and Formby.")
