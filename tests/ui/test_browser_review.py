"""Issue 14 in headless Chromium: the citation panel per view, clean citations, the score chart, feedback,
my conversations, answer export and role-dependent admin controls."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select

from assistant.settings import Settings
from tests.ui.support import (
    LiveServer,
    PageServer,
    ask,
    assert_accessible,
    free_port,
    open_view,
    screenshot,
    ui_settings,
    wait_for,
)

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
READER_KEY = "ui-review-reader-key-0123456789"


def keep(path: Path, name: str) -> None:
    """Copy a screenshot into docs/screenshots (referenced from the README and docs/ui.md)."""
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS / name)


def test_panel_closes_per_view_and_shows_clean_citations(
    browser: Any, live_service: LiveServer, axe_source: str
) -> None:
    open_view(browser, live_service, "chat")
    answer = ask(browser, "What was Derby's safeguarding score?")
    link = answer.find_element(By.CSS_SELECTOR, ".answer-text a.cite-link")
    doc_id, start, end = (link.get_attribute(a) for a in ("data-doc", "data-start", "data-end"))
    link.click()
    panel = browser.find_element(By.ID, "citation-panel")
    wait_for(panel.is_displayed, what="the citation panel")
    mark = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#citation-context mark"), what="highlight")
    stored = httpx.get(f"{live_service.url}/v1/documents/{doc_id}/text", timeout=30).json()
    assert mark.get_attribute("data-quote") == stored["text"][int(start) : int(end)]
    shown = browser.find_element(By.ID, "citation-context").get_attribute("textContent")
    assert "#" not in shown and "**" not in shown, shown[:300]
    assert "Score: 2" in mark.get_attribute("textContent")
    keep(screenshot(browser, "chat-panel-open"), "chat-panel-open.png")
    assert_accessible(browser, axe_source, "chat with the citation panel open")

    # switching view closes the panel: nothing covers the score table
    browser.find_element(By.CSS_SELECTOR, "a[data-view='scores']").click()
    wait_for(lambda: not panel.is_displayed(), what="the panel to close on another view")
    cells = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#scores-table .score-cell"), what="scores")
    last = cells[-1]
    hit = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === arguments[0];",
        last,
    )
    assert hit or not last.is_displayed(), "the right-hand score column is covered"

    # back in chat the panel is closed too; the answer tools are there
    browser.find_element(By.CSS_SELECTOR, "a[data-view='chat']").click()
    wait_for(lambda: browser.find_element(By.ID, "view-chat").is_displayed(), what="chat view")
    assert not panel.is_displayed()
    assert answer.find_elements(By.CSS_SELECTOR, ".answer-tools button[data-rating='down']")
    keep(screenshot(browser, "chat-panel-closed"), "chat-panel-closed.png")

    # the LGA analysis shows the year its source note gives
    open_view(browser, live_service, "documents")
    row = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#documents-table tr[data-doc^='lga']"), what="lga")
    assert row.find_elements(By.TAG_NAME, "td")[3].text == "2024"
    assert browser.find_element(By.ID, "open-note").is_displayed()  # no keys: admin controls, and why


def test_score_chart_with_keyboard_table_and_docked_panel(
    browser: Any, live_service: LiveServer, axe_source: str
) -> None:
    open_view(browser, live_service, "scores")
    svg = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#score-chart svg"), what="the chart")
    assert svg.get_attribute("role") == "img"
    assert svg.find_element(By.TAG_NAME, "title").get_attribute("textContent").startswith("Scores of ")
    assert "range across" in svg.find_element(By.TAG_NAME, "desc").get_attribute("textContent")
    assert len(svg.find_elements(By.CSS_SELECTOR, "g.chart-row")) == 9
    assert svg.find_elements(By.CSS_SELECTOR, "rect.chart-band")
    assert svg.find_elements(By.CSS_SELECTOR, "circle.chart-mark")
    select = browser.find_element(By.ID, "chart-council")
    options = [o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")]
    assert "Derby City Council" in options
    Select(select).select_by_value("Derby City Council")
    title = "#score-chart svg title"
    wait_for(lambda: "Derby" in browser.find_element(By.CSS_SELECTOR, title).get_attribute("textContent"),
             what="the chart for Derby")
    rows = browser.find_elements(By.CSS_SELECTOR, "#score-chart table tbody tr")
    assert len(rows) == 9 and rows[0].find_elements(By.TAG_NAME, "td")[0].text == "2"
    region = browser.find_element(By.CSS_SELECTOR, "#score-chart .table-scroll")
    browser.execute_script("arguments[0].focus()", select)
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the keyboard reaches the table after the chart
    assert browser.switch_to.active_element == region
    browser.execute_script("document.getElementById('chart-heading').scrollIntoView()")
    keep(screenshot(browser, "scores-chart"), "scores-chart.png")
    assert_accessible(browser, axe_source, "scores view with the chart")

    # a findings citation docks the panel beside the table: the right-hand column stays clickable
    browser.find_element(By.CSS_SELECTOR, "#scores-table .score-cell[data-score]").click()
    cite = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#findings a.cite-link"), timeout=120,
                    what="findings")
    cite.click()
    wait_for(browser.find_element(By.ID, "citation-panel").is_displayed, what="the panel")
    first_row = browser.find_elements(By.CSS_SELECTOR, "#scores-table tbody tr")[0]
    cell = first_row.find_elements(By.CSS_SELECTOR, ".score-cell")[-1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", cell)
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === arguments[0];",
        cell,
    ), "the panel covers the score table"
    browser.find_element(By.ID, "citation-close").click()


def test_feedback_conversations_and_export(browser: Any, live_service: LiveServer, axe_source: str) -> None:
    open_view(browser, live_service, "chat")
    browser.find_element(By.ID, "new-conversation").click()
    answer = ask(browser, "What does good look like for assessing needs?")
    # keyboard: reach 👎, press Enter, type a comment, send
    down = answer.find_element(By.CSS_SELECTOR, ".answer-tools button[data-rating='down']")
    browser.execute_script("arguments[0].focus()", down)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    comment = wait_for(lambda: answer.find_element(By.CSS_SELECTOR, ".feedback-form textarea"), what="comment box")
    assert browser.switch_to.active_element == comment
    comment.send_keys("Misses the LGA triage example.")
    answer.find_element(By.CSS_SELECTOR, ".feedback-form button[type='submit']").click()
    wait_for(lambda: answer.find_element(By.CSS_SELECTOR, ".answer-tools").get_attribute("data-feedback") == "down",
             what="the feedback to be sent")

    # copy as markdown, with its sources
    answer.find_element(By.CSS_SELECTOR, "button[data-tool='copy']").click()
    copied = wait_for(lambda: browser.execute_script("return window.CQCExtras.lastCopied"), what="the copy")
    assert copied.startswith("**Question:** What does good look like") and "**Sources**" in copied

    # the admin list (open local server: the caller is admin)
    browser.find_element(By.CSS_SELECTOR, "a[data-view='feedback']").click()
    row = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#feedback-table tr.rating-down"), what="feedback")
    assert "Misses the LGA triage example." in row.text and "assessing needs" in row.text
    keep(screenshot(browser, "feedback-admin"), "feedback-admin.png")
    assert_accessible(browser, axe_source, "feedback list")

    # my conversations: listed and reopened
    browser.find_element(By.CSS_SELECTOR, "a[data-view='conversations']").click()
    item = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#conversation-list li.conversation-item"),
                    what="a conversation")
    assert "What does good look like for assessing needs?" in item.text
    assert_accessible(browser, axe_source, "my conversations")
    item.find_element(By.CSS_SELECTOR, "button[data-open]").click()
    wait_for(lambda: browser.find_element(By.ID, "view-chat").is_displayed(), what="chat")
    reopened = browser.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant")
    assert reopened and reopened[0].find_elements(By.CSS_SELECTOR, "a.cite-link")


@pytest.fixture(scope="module")
def keyed_service(loaded_settings: Settings, assistant: Any, page_server: PageServer) -> Iterator[LiveServer]:
    from assistant.api.app import create_app

    settings = ui_settings(loaded_settings, page_server.origin, reader_keys=[SecretStr(READER_KEY)],
                           admin_keys=[SecretStr("ui-review-admin-key-0123456789")])
    with LiveServer(create_app(settings, assistant=assistant), free_port()) as server:
        yield server


def test_readers_see_no_admin_controls(browser: Any, keyed_service: LiveServer) -> None:
    open_view(browser, keyed_service, "chat")
    browser.find_element(By.ID, "key-toggle").click()
    browser.find_element(By.ID, "api-key").send_keys(READER_KEY)
    browser.find_element(By.CSS_SELECTOR, "#key-form button[type='submit']").click()
    wait_for(lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-role") == "reader", what="role")
    assert not browser.find_element(By.CSS_SELECTOR, "a[data-view='documents']").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "a[data-view='feedback']").is_displayed()
    browser.get(f"{keyed_service.url}/#/feedback")
    wait_for(lambda: browser.find_element(By.ID, "view-chat").is_displayed(), what="readers sent to chat")
    browser.execute_script("sessionStorage.clear()")
