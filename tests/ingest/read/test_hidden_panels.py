"""Saved HTML: a tab panel or accordion panel hidden until clicked is content; other hidden elements are not."""

from __future__ import annotations

from pathlib import Path

from ingest.read.html import html_to_text

LAYOUTS4 = Path(__file__).resolve().parents[2] / "fixtures" / "layouts4"


def test_hidden_tab_panels_of_a_saved_report_are_read() -> None:
    text, url = html_to_text((LAYOUTS4 / "swindon-report-tabs.html").read_text(encoding="utf-8"), "swindon")
    assert "Safeguarding concerns were triaged on the day they were received" in text  # a hidden tab panel
    assert "Score: 3 - Evidence shows a good standard" in text
    assert "showTab" not in text and url is not None


def test_a_panel_a_button_controls_is_read_and_a_plain_hidden_block_is_not() -> None:
    page = ("<html><body><main><h1>Report</h1><button aria-controls='more'>More</button>"
            "<div id='more' hidden><p>Waiting lists fell by a quarter over the year to March.</p></div>"
            "<div hidden><p>Draft text that must never be shown.</p></div></main></body></html>")
    text, _ = html_to_text(page, "page")
    assert "Waiting lists fell" in text and "Draft text" not in text
