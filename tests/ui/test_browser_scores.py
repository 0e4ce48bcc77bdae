"""Score explorer in headless Chromium: every loaded council with the catalog's exact scores, sorting,
filtering, and cited key findings for a clicked cell."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from assistant.domain import taxonomy
from tests.ui.support import LiveServer, assert_accessible, open_view, screenshot, wait_for

pytestmark = pytest.mark.browser


def table_rows(browser: Any) -> dict[str, Any]:
    """The table's rows by council name."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#scores-table tbody tr[data-council]")
    return {r.get_attribute("data-council"): r for r in rows}


def test_score_table_matches_catalog(
    browser: Any, live_service: LiveServer, assistant: Any, axe_source: str
) -> None:
    expected = assistant.catalog.council_scores()
    assert expected, "the session corpus should hold CQC assessments"
    open_view(browser, live_service, "scores")
    rows = wait_for(
        lambda: len(table_rows(browser)) == len(expected) and table_rows(browser), what="the table"
    )
    assert set(rows) == {s.council for s in expected}
    for scores in expected:
        row = rows[scores.council]
        overall = row.find_element(By.CSS_SELECTOR, "td.rating")
        assert overall.get_attribute("data-overall") == (scores.overall_rating or "")
        assert ("indicative" in overall.text) == scores.indicative
        cells = {
            c.get_attribute("data-statement"): c for c in row.find_elements(By.CSS_SELECTOR, ".score-cell")
        }
        assert list(cells) == list(taxonomy.STATEMENT_NAMES)
        for statement in taxonomy.STATEMENT_NAMES:
            value = scores.scores.get(statement)
            assert cells[statement].get_attribute("data-score") == ("" if value is None else str(value)), (
                scores.council,
                statement,
            )
    screenshot(browser, "scores")
    assert_accessible(browser, axe_source, "score explorer")

    # sorting by overall rating, both directions
    browser.find_element(By.CSS_SELECTOR, "button[data-sort='overall']").click()
    order = {"Inadequate": 1, "Requires improvement": 2, "Good": 3, "Outstanding": 4}

    def ratings() -> list[int]:
        cells = browser.find_elements(By.CSS_SELECTOR, "#scores-table tbody td.rating")
        return [order.get(c.get_attribute("data-overall") or "", 0) for c in cells]

    assert ratings() == sorted(ratings())
    browser.find_element(By.CSS_SELECTOR, "button[data-sort='overall']").click()
    assert ratings() == sorted(ratings(), reverse=True)
    th = browser.find_element(By.CSS_SELECTOR, "button[data-sort='overall']").find_element(By.XPATH, "..")
    assert th.get_attribute("aria-sort") == "descending"

    # filtering by theme shows that theme's statements only; by rating shows matching councils only
    Select(browser.find_element(By.ID, "filter-theme")).select_by_value("Ensuring safety")
    headers = browser.find_elements(By.CSS_SELECTOR, "#scores-table thead th[data-statement]")
    assert [h.get_attribute("data-statement") for h in headers] == taxonomy.statements_in_theme(
        "Ensuring safety"
    )
    rating = expected[0].overall_rating
    if rating:
        Select(browser.find_element(By.ID, "filter-rating")).select_by_value(rating)
        shown = table_rows(browser)
        assert set(shown) == {s.council for s in expected if s.overall_rating == rating}
    Select(browser.find_element(By.ID, "filter-rating")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-score")).select_by_value("1")
    assert set(table_rows(browser)) == {
        s.council
        for s in expected
        if any(s.scores.get(st) == 1 for st in taxonomy.statements_in_theme("Ensuring safety"))
    }
    Select(browser.find_element(By.ID, "filter-score")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-theme")).select_by_value("")

    # a cell's key findings, cited
    target = next(s for s in expected if s.scores.get("Safeguarding") is not None)
    row = table_rows(browser)[target.council]
    row.find_element(By.CSS_SELECTOR, ".score-cell[data-statement='Safeguarding']").click()
    findings = browser.find_element(By.ID, "findings")
    wait_for(lambda: findings.get_attribute("data-done") == "true", timeout=120, what="the key findings")
    assert target.council in browser.find_element(By.ID, "findings-title").text
    links = findings.find_elements(By.CSS_SELECTOR, "a.cite-link")
    assert links, findings.text
    links[0].click()
    wait_for(
        lambda: browser.find_element(By.CSS_SELECTOR, "#citation-context mark"), what="the highlighted quote"
    )
    screenshot(browser, "scores-findings")
    assert_accessible(browser, axe_source, "score explorer with findings and a source open")
