"""The intranet widget in headless Chromium on a page of another origin: script embed and iframe,
allowed by the service's CORS allow-list (and refused for an origin outside it)."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.ui.support import LiveServer, PageServer, assert_accessible, screenshot, wait_for

pytestmark = pytest.mark.browser

COUNCIL = "Derby City Council"


def intranet_page(service: LiveServer) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Adult social care intranet</title></head>
<body><main><h1>Adult social care intranet</h1><p>Ask the assistant about CQC assessments.</p>
<script src="{service.url}/widget.js" data-service-url="{service.url}" data-council="{COUNCIL}"></script>
</main></body></html>"""


def iframe_page(service: LiveServer) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet with the iframe widget</title></head>
<body><main><h1>Intranet with the iframe widget</h1>
<iframe id="assistant" title="CQC assessment assistant" width="640" height="720"
        src="{service.url}/embed?council=Derby%20City%20Council"></iframe>
</main></body></html>"""


def widget_root(browser: Any) -> Any:
    """The widget's shadow root."""
    host = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "[data-cqc-widget]"), what="the widget")
    return host.shadow_root


def ask_widget(browser: Any, question: str) -> Any:
    """Ask in the widget and return the finished assistant message."""
    root = widget_root(browser)
    box = root.find_element(By.CSS_SELECTOR, "textarea")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    return wait_for(
        lambda: root.find_element(By.CSS_SELECTOR, "li[data-done]"), timeout=120, what="the widget's answer"
    )


def test_script_widget_on_allowed_origin(
    browser: Any, live_service: LiveServer, page_server: PageServer, axe_source: str
) -> None:
    browser.get(page_server.write("intranet.html", intranet_page(live_service)))
    root = widget_root(browser)
    assert COUNCIL in root.find_element(By.CSS_SELECTOR, ".hint").text
    assert root.find_elements(By.CSS_SELECTOR, "button.chip"), "no starting-council suggestions"
    answer = ask_widget(browser, "What was our safeguarding score?")  # data-council is the home council
    assert answer.get_attribute("data-done") == "true", answer.text
    assert "Derby City Council scored 2" in answer.text
    link = answer.find_element(By.CSS_SELECTOR, "a.cite")
    link.click()
    source = root.find_element(By.CSS_SELECTOR, ".source")
    wait_for(source.is_displayed, what="the widget's source box")
    assert source.find_element(By.CSS_SELECTOR, "mark").text.strip()
    assert browser.execute_script("return location.origin") == page_server.origin
    screenshot(browser, "widget")
    assert_accessible(browser, axe_source, "intranet page with the widget")


def test_script_widget_refused_outside_allow_list(
    browser: Any, live_service: LiveServer, page_server: PageServer
) -> None:
    page_server.write("intranet.html", intranet_page(live_service))
    browser.get(f"http://localhost:{page_server.port}/intranet.html")  # same page, origin not allow-listed
    answer = ask_widget(browser, "What was Derby's safeguarding score?")
    assert answer.get_attribute("data-done") == "error"


def test_iframe_widget(
    browser: Any, live_service: LiveServer, page_server: PageServer, axe_source: str
) -> None:
    browser.get(page_server.write("iframe.html", iframe_page(live_service)))
    frame = browser.find_element(By.ID, "assistant")
    browser.switch_to.frame(frame)
    try:
        root = widget_root(browser)
        assert COUNCIL in root.find_element(By.CSS_SELECTOR, ".hint").text
        answer = ask_widget(browser, "What was Derby's safeguarding score?")
        assert answer.get_attribute("data-done") == "true", answer.text
        assert answer.find_elements(By.CSS_SELECTOR, "a.cite")
    finally:
        browser.switch_to.default_content()
    screenshot(browser, "widget-iframe")
    assert_accessible(browser, axe_source, "intranet page with the iframe widget")

    # a page outside the allow-list may not frame the chat (CSP frame-ancestors)
    page_server.write("iframe.html", iframe_page(live_service))
    browser.get(f"http://localhost:{page_server.port}/iframe.html")
    browser.switch_to.frame(browser.find_element(By.ID, "assistant"))
    try:
        assert not browser.find_elements(By.CSS_SELECTOR, "[data-cqc-widget]")
    finally:
        browser.switch_to.default_content()
