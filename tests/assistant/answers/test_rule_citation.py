"""The rating rule is cited where a document states its bands, and 'how does CQC decide a rating' asks for the rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.answers.arithmetic import stated_bands
from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse

ROOT = Path(__file__).resolve().parents[3]
COUNCILS = ["Derby City Council", "North Lincolnshire Council"]


def test_bands_found_in_cqc_guidance_page() -> None:
    text = (ROOT / "corpus-web" / "related" / "cqc-how-we-determine-ratings.md").read_text(encoding="utf-8")
    span = stated_bands(text)
    assert span is not None
    quote = text[span[0] : span[1]]
    assert quote.startswith("- 25 to 38% = inadequate") and quote.endswith("88% and above = outstanding")


def test_no_bands_in_a_report_that_only_gives_percentages() -> None:
    text = (ROOT / "corpus" / "derby-city-cqc-assessment-2024.md").read_text(encoding="utf-8")
    assert stated_bands(text) is None


@pytest.mark.parametrize(
    "question",
    ["how does CQC decide a council's overall rating", "how are the overall ratings determined?",
     "How does the CQC work out a local authority's rating?"],
)
def test_how_ratings_are_decided_is_the_rule(question: str) -> None:
    assert analyse(question, [], COUNCILS).kind == QuestionKind.ARITHMETIC


def test_rule_answer_names_no_council(assistant: Any) -> None:
    a = assistant.ask("how does CQC decide a council's overall rating?")
    assert a.kind == "arithmetic" and "63-87% Good" in a.answer and a.citations
    assert "Derby" not in a.answer
