"""Documents in headless Chromium: the loaded list, admin upload and removal with a key, and a hostile
document whose <script> and <img onerror> text stays inert text everywhere it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from assistant.settings import Settings
from tests.databases import url_for
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

ADMIN_KEY = "ui-test-admin-key-0123456789"
HOSTILE = """Community hubs note <img src=x onerror="window.__xss=1;alert('img')">

Partnerships and communities

The council runs community hubs with voluntary groups in every ward.
<script>window.__xss=2;alert('script')</script> Each hub offers advice on care and support,
and the hubs are open six days a week.
"""


def test_documents_list(browser: Any, live_service: LiveServer, assistant: Any, axe_source: str) -> None:
    records = assistant.documents()
    open_view(browser, live_service, "documents")
    rows = wait_for(
        lambda: (
            len(browser.find_elements(By.CSS_SELECTOR, "#documents-table tbody tr[data-doc]")) == len(records)
            and browser.find_elements(By.CSS_SELECTOR, "#documents-table tbody tr[data-doc]")
        ),
        what="the document list",
    )
    shown = {r.get_attribute("data-doc"): r.find_element(By.CSS_SELECTOR, "th").text for r in rows}
    assert shown == {d.doc_id: d.title for d in records}
    screenshot(browser, "documents")
    assert_accessible(browser, axe_source, "documents view")


@pytest.fixture
def hostile_service(
    loaded_settings: Settings, page_server: PageServer, tmp_path: Path
) -> Iterator[tuple[LiveServer, Path]]:
    """A service over an empty data dir with an admin key, and a hostile .txt document to upload."""
    from assistant.api.app import create_app

    settings = ui_settings(
        loaded_settings.model_copy(update={"data_dir": tmp_path / "data", "database_url": url_for(tmp_path / "data")}),
        page_server.origin,
        admin_keys=[SecretStr(ADMIN_KEY)],
    )
    document = tmp_path / "hostile-community-note.txt"
    document.write_text(HOSTILE, encoding="utf-8")
    with LiveServer(create_app(settings), free_port()) as server:
        yield server, document


def assert_inert(browser: Any) -> None:
    """No dialog opened, no injected script ran, no element was created from document text."""
    try:
        text = browser.switch_to.alert.text
    except NoAlertPresentException:
        text = None
    assert text is None, f"an alert opened: {text}"
    assert browser.execute_script("return window.__xss === undefined")
    assert (
        browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    )
    sources = browser.execute_script("return Array.from(document.scripts).map(s => s.src)")
    assert all(src.rsplit("/static/", 1)[-1] in {"app.js", "chart.js", "extras.js"} for src in sources if src), sources
    assert browser.execute_script("return Array.from(document.scripts).filter(s => !s.src).length") == 0
    assert not browser.execute_script(
        "return Array.from(document.querySelectorAll('*')).some(e => e.hasAttribute('onerror'))"
    )


def test_hostile_document_is_inert_text(
    browser: Any, hostile_service: tuple[LiveServer, Path], axe_source: str
) -> None:
    server, document = hostile_service
    open_view(browser, server, "documents")
    wait_for(lambda: "API key" in browser.find_element(By.ID, "alert").text, what="the 401 message")

    # enter the admin key, then upload through the page
    browser.find_element(By.ID, "key-toggle").click()
    browser.find_element(By.ID, "api-key").send_keys(ADMIN_KEY)
    browser.find_element(By.CSS_SELECTOR, "#key-form button[type='submit']").click()
    wait_for(lambda: browser.find_element(By.ID, "upload-file").is_displayed(), what="admin controls")
    browser.find_element(By.ID, "upload-file").send_keys(str(document))
    browser.find_element(By.CSS_SELECTOR, "#upload-form button[type='submit']").click()
    row = wait_for(
        lambda: browser.find_element(
            By.CSS_SELECTOR, "#documents-table tr[data-doc='hostile-community-note']"
        ),
        timeout=120,
        what="the uploaded document in the list",
    )
    assert_inert(browser)
    title = row.find_element(By.CSS_SELECTOR, "th").get_attribute("textContent")
    screenshot(browser, "documents-hostile")

    # its text in the document view is literal text
    row.find_element(By.CSS_SELECTOR, "th a").click()
    body = wait_for(lambda: browser.find_element(By.ID, "document-text"), what="the document view")
    wait_for(lambda: "<script>" in (body.get_attribute("textContent") or ""), what="the document text")
    shown = body.get_attribute("textContent") or ""
    assert "onerror=" not in shown or "<img src=x onerror=" in shown  # stripped at ingest, or literal text
    assert "<script>window.__xss=2" in body.text  # rendered as visible characters
    assert_inert(browser)
    assert browser.find_element(By.ID, "document-title").get_attribute("textContent") == title

    # and in a cited answer and its source panel
    open_view(browser, server, "chat")
    answer = ask(
        browser, "Which voluntary groups run community hubs in every ward, and when are the hubs open?"
    )
    assert_inert(browser)
    links = answer.find_elements(By.CSS_SELECTOR, "a.cite-link")
    if links:
        links[0].click()
        wait_for(
            lambda: browser.find_element(By.CSS_SELECTOR, "#citation-context mark"), what="the highlight"
        )
        assert_inert(browser)
    screenshot(browser, "chat-hostile")

    # removal with the admin key
    open_view(browser, server, "documents")
    remove = wait_for(
        lambda: browser.find_element(By.CSS_SELECTOR, "button[data-remove='hostile-community-note']"),
        what="the remove button",
    )
    remove.click()
    browser.switch_to.alert.accept()  # the page's own confirm()
    wait_for(
        lambda: not browser.find_elements(By.CSS_SELECTOR, "tr[data-doc='hostile-community-note']"),
        what="the document to disappear",
    )
    assert_inert(browser)
    assert_accessible(browser, axe_source, "documents view after removal")
