"""Chat in headless Chromium: streamed cited answers, the citation panel, keyboard use, phone width."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from tests.ui.support import LiveServer, ask, assert_accessible, open_view, screenshot, wait_for

pytestmark = pytest.mark.browser


def test_chat_streams_cited_answers_and_opens_citations(
    browser: Any, live_service: LiveServer, axe_source: str
) -> None:
    open_view(browser, live_service, "chat")
    assert_accessible(browser, axe_source, "empty chat view")

    score = ask(browser, "What was Derby's safeguarding score?")
    # the analysis, delta(s) and final events arrived over server-sent events
    assert int(score.get_attribute("data-events") or 0) >= 3
    assert "2" in score.find_element(By.CSS_SELECTOR, ".answer-text").text
    assert score.find_elements(By.CSS_SELECTOR, ".answer-text a.cite-link"), "score answer has no [n] links"

    finding = ask(browser, "What did CQC find about safeguarding backlogs in Derby?")
    links = finding.find_elements(By.CSS_SELECTOR, ".answer-text a.cite-link")
    assert links, f"finding answer has no citation links: {finding.text}"
    assert finding.find_elements(By.CSS_SELECTOR, "ol.sources li"), "no sources list under the answer"

    follow_up = ask(browser, "And what about North Lincolnshire?")
    assert follow_up.find_element(By.CSS_SELECTOR, ".answer-text").text.strip()
    screenshot(browser, "chat")

    # the citation panel: the passage in its surrounding text with the exact quoted span highlighted
    link = links[0]
    doc_id, start, end = (
        link.get_attribute("data-doc"),
        int(link.get_attribute("data-start")),
        int(link.get_attribute("data-end")),
    )
    link.click()
    panel = browser.find_element(By.ID, "citation-panel")
    wait_for(panel.is_displayed, what="the citation panel")
    stored = httpx.get(f"{live_service.url}/v1/documents/{doc_id}/text", timeout=30).json()
    mark = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#citation-context mark"), what="highlight")
    assert mark.get_attribute("data-quote") == stored["text"][start:end]  # the exact span; shown without markdown
    context = browser.find_element(By.ID, "citation-context").get_attribute("textContent")
    assert len(context) > end - start, "the passage is shown without surrounding text"
    meta = browser.find_element(By.ID, "citation-meta").text
    assert stored["publisher"] and stored["publisher"] in meta
    assert browser.find_element(By.ID, "citation-title").text.endswith(stored["title"])
    screenshot(browser, "citation-panel")
    assert_accessible(browser, axe_source, "chat view with the citation panel open")

    # Escape closes the panel and returns focus to the link that opened it
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_for(lambda: not panel.is_displayed(), what="the panel to close")
    assert browser.switch_to.active_element.get_attribute("data-cite") == link.get_attribute("data-cite")

    # the whole document, opened at that place
    link.click()
    wait_for(panel.is_displayed, what="the citation panel")
    browser.find_element(By.ID, "citation-open").click()
    doc_mark = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#document-text mark"), what="doc mark")
    assert doc_mark.get_attribute("textContent") == stored["text"][start:end]
    assert browser.find_element(By.ID, "document-text").get_attribute("textContent") == stored["text"]
    assert browser.find_element(By.ID, "document-title").text == stored["title"]
    screenshot(browser, "document")
    assert_accessible(browser, axe_source, "document view")


def test_chat_keyboard_only_and_phone_width(browser: Any, live_service: LiveServer, axe_source: str) -> None:
    open_view(browser, live_service, "chat")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert "skip-link" in (browser.switch_to.active_element.get_attribute("class") or "")

    def tab_to(predicate: Any, backwards: bool = False, limit: int = 60) -> WebElement:
        for _ in range(limit):
            active = browser.switch_to.active_element
            if predicate(active):
                return active
            chain = ActionChains(browser)
            if backwards:
                chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
            else:
                chain.send_keys(Keys.TAB)
            chain.perform()
        raise AssertionError("could not reach the element with the keyboard")

    question = tab_to(lambda e: e.get_attribute("id") == "question")
    question.send_keys("Which councils scored 3 or more for safeguarding?")
    question.send_keys(Keys.ENTER)
    wait_for(
        lambda: browser.find_element(By.CSS_SELECTOR, "#chat-log .msg-assistant").get_attribute("data-done"),
        timeout=120,
        what="the answer",
    )
    announcer = browser.find_element(By.ID, "announcer")

    def answer_announced() -> str | None:
        text = announcer.get_attribute("textContent") or ""
        return text if text.startswith("Answer:") else None

    announced = wait_for(answer_announced, what="the screen-reader announcement")
    assert len(announced) > len("Answer: "), announced
    assert browser.find_element(By.ID, "announcer").get_attribute("aria-live") == "polite"

    cite = tab_to(lambda e: "cite-link" in (e.get_attribute("class") or ""), backwards=True)
    cite.send_keys(Keys.ENTER)
    panel = browser.find_element(By.ID, "citation-panel")
    wait_for(panel.is_displayed, what="the citation panel")
    assert browser.switch_to.active_element.get_attribute("id") == "citation-panel"
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_for(lambda: not panel.is_displayed(), what="the panel to close")

    browser.set_window_size(390, 844)
    try:
        wait_for(lambda: browser.execute_script("return window.innerWidth") <= 400, what="phone width")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page scrolls sideways by {overflow}px at phone width"
        screenshot(browser, "chat-phone")
        assert_accessible(browser, axe_source, "chat view at phone width")
        cite.click()
        wait_for(panel.is_displayed, what="the citation panel")
        screenshot(browser, "citation-panel-phone")
        browser.find_element(By.ID, "citation-close").click()
    finally:
        browser.set_window_size(1280, 900)
