"""Comparisons by score value and rankings among named councils answer from the stored scores (real reports:
Camden's and Hertfordshire's pages, Kent's press release, Derby's report); short and split names; councils
outside England and results no assessment holds are refused."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def four(make_loaded: Callable[..., Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([ROOT / "corpus" / "derby-city-cqc-assessment-2024.md",
                                             ROOT / "corpus-web" / "reports" / "camden.md",
                                             ROOT / "corpus-web" / "reports" / "hertfordshire.md",
                                             ROOT / "corpus-web" / "reports" / "kent-press-release.md"]))
    try:
        yield service
    finally:
        service.close()


def verbatim(service: Any, answer: Any) -> None:
    assert answer.citations
    for c in answer.citations:
        assert service.catalog.document_text(c.document)[c.start : c.end] == c.quote


@pytest.mark.parametrize("question", ["which of camden and herts has a 4 on equity",
                                      "camden or hertfordshire - which one got a 4 for equity?"])
def test_which_of_two_has_a_score_compares_the_stored_scores(four: Any, question: str) -> None:
    answer = four.ask(question)
    assert answer.composer == "catalog" and not answer.refused
    first = answer.answer.split("[")[0]
    assert "London Borough of Camden" in first and re.search(r"\b4\b", first)
    assert re.search(r"Hertfordshire County Council[^.]*\b3\b", answer.answer)
    verbatim(four, answer)


def test_highest_among_named_councils_ranks_those_councils_only(four: Any) -> None:
    answer = four.ask("who scored highest on learning among camden, kent and derby")
    assert answer.answer.startswith("London Borough of Camden had the highest score on Learning, improvement and "
                                    "innovation of the 3 councils asked about: 4")
    assert "Hertfordshire" not in answer.answer
    assert re.search(r"Kent County Council: 3 .*Derby City Council: 2 ", answer.answer)
    verbatim(four, answer)


def test_highest_with_no_councils_named_ranks_every_loaded_council(four: Any) -> None:
    answer = four.ask("who scored highest on partnerships and communities")
    assert "of the 4 councils with a CQC assessment loaded" in answer.answer


@pytest.mark.parametrize("question", ["what was kent's cqc rating in 2019?", "Derby's 2019 CQC assessment score",
                                      "what will camden's next cqc assessment rating be",
                                      "cardiff council social care rating", "derby shire adult social care rating"])
def test_results_no_assessment_holds_are_refused(four: Any, question: str) -> None:
    assert four.ask(question).refused


def test_a_welsh_council_is_said_to_be_outside_cqc(four: Any) -> None:
    answer = four.ask("how did swansea do on safeguarding")
    assert answer.refused and "Swansea is outside England, where CQC does not assess" in answer.answer


def test_a_year_the_assessment_covers_is_still_answered(four: Any) -> None:
    answer = four.ask("derby rating in 2024")
    assert not answer.refused and "Requires improvement" in answer.answer


def test_a_theme_comparison_with_short_names_compares_both_statements(four: Any) -> None:
    answer = four.ask("camden vs herts leadership")
    assert answer.composer == "catalog" and not answer.refused
    assert "Governance, management and sustainability" in answer.answer
    assert "Learning, improvement and innovation" in answer.answer
    verbatim(four, answer)
