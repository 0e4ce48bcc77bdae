"""One council's highest and lowest quality statements and themes, on the real sample reports."""

from __future__ import annotations

import re
from typing import Any


def _cited_scores_are_verbatim(assistant: Any, answer: Any) -> None:
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote


def test_lowest_and_highest_statements_of_one_council(assistant: Any) -> None:
    low = assistant.ask("Which quality statements did Derby City Council score lowest on?")
    assert low.analysis.kind == "ranking" and not low.refused
    assert low.answer.startswith("Derby City Council's lowest quality statement score was 2 - Evidence shows "
                                 "some shortfalls, for eight statements: Assessing needs [1]")
    assert "Its other score: Partnerships and communities 3" in low.answer
    assert len(low.citations) == 9
    _cited_scores_are_verbatim(assistant, low)
    high = assistant.ask("Where did Derby score highest?")
    assert high.answer.startswith("Derby City Council's highest quality statement score was 3 - Evidence shows a "
                                  "good standard, for Partnerships and communities [1].")


def test_themes_are_averaged_from_cited_scores(assistant: Any) -> None:
    answer = assistant.ask("Which theme did North Lincolnshire score lowest in?")
    assert answer.answer.startswith("North Lincolnshire Council's lowest-scoring theme was Working with people, "
                                    "averaging 2.7 of 4 (indicative scores from CQC's pilot assessment)")
    assert "Equity in experience and outcomes 2" in answer.answer
    assert "CQC does not publish them" in answer.answer
    assert len(set(re.findall(r"\[(\d+)\]", answer.answer))) == 9
    best = assistant.ask("Which theme did Derby do best in?")
    assert best.answer.startswith("Derby City Council's highest-scoring theme was Providing support, averaging 2.5")


def test_a_council_without_an_assessment_gets_no_invented_scores(assistant: Any) -> None:
    answer = assistant.ask("Which quality statements did Leicester score lowest on?")
    assert "There is no CQC score for Leicester City Council" in answer.answer
