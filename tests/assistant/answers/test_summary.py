"""A council's CQC report in brief, on the real sample reports."""

from __future__ import annotations

from typing import Any


def test_summary_leads_with_the_rating_then_quotes_the_reports_summaries(assistant: Any) -> None:
    answer = assistant.ask("Summarise the Derby report")
    assert answer.composer == "catalog" and not answer.refused
    assert answer.answer.startswith("Derby City Council's overall CQC rating is Requires improvement")
    assert "People's experiences of care and support from Derby local authority were mixed. [2]" in answer.answer
    assert all("ummary" in c.section or "rating" in c.section.lower() for c in answer.citations)
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote


def test_a_statement_question_is_not_a_summary(assistant: Any) -> None:
    answer = assistant.ask("What were the key findings for safeguarding in Derby?")
    assert answer.composer != "catalog" and "safeguarding" in answer.answer.lower()
