"""Suggestions in headless Chromium: draft a plan, edit it, download it as .docx and markdown."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.ui.support import LiveServer, assert_accessible, open_view, screenshot, wait_for

pytestmark = pytest.mark.browser

EDIT = "Agree a safeguarding backlog recovery plan with weekly reporting (edited in the browser test)."


def downloaded(folder: Path, suffix: str, since: float) -> Path | None:
    """A finished download with this suffix written after `since`."""
    for path in folder.glob(f"*{suffix}"):
        if path.stat().st_mtime >= since and not path.name.endswith(".crdownload"):
            return path
    return None


def test_suggestions_edit_and_export(
    browser: Any, live_service: LiveServer, assistant: Any, download_dir: Path, axe_source: str
) -> None:
    council = next(s.council for s in assistant.catalog.council_scores() if s.scores.get("Safeguarding") == 2)
    open_view(browser, live_service, "suggestions")
    select = Select(browser.find_element(By.ID, "suggest-council"))
    wait_for(lambda: any(o.get_attribute("value") == council for o in select.options), what="the councils")
    select.select_by_value(council)
    Select(browser.find_element(By.ID, "suggest-statement")).select_by_value("Safeguarding")
    browser.find_element(By.ID, "suggest-button").click()
    plan = browser.find_element(By.ID, "plan")
    wait_for(plan.is_displayed, timeout=120, what="the draft plan")
    actions = plan.find_elements(By.CSS_SELECTOR, "textarea[data-field='draft_action']")
    assert actions, "the plan has no editable items"
    assert plan.find_elements(By.CSS_SELECTOR, "#plan-sources li"), "the plan cites no sources"
    actions[0].clear()
    actions[0].send_keys(EDIT)
    screenshot(browser, "suggestions")
    assert_accessible(browser, axe_source, "suggestions view with a plan")

    since = time.time() - 1
    browser.find_element(By.ID, "export-docx").click()
    docx_path = wait_for(lambda: downloaded(download_dir, ".docx", since), what="the .docx download")
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert EDIT in text
    assert "Safeguarding" in text and council in text
    assert "Sources" in text and "[1]" in text

    browser.find_element(By.ID, "export-md").click()
    md_path = wait_for(lambda: downloaded(download_dir, ".md", since), what="the markdown download")
    markdown = md_path.read_text(encoding="utf-8")
    assert EDIT in markdown
    assert markdown.startswith("# Improvement plan: Safeguarding")
