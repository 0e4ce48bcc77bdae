"""/docs (Swagger UI) and /redoc render the API's operations in headless Chromium with no network but loopback."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from tests.ui.support import LiveServer, screenshot, wait_for

pytestmark = pytest.mark.browser


def _resources(browser: Any) -> list[str]:
    urls: list[str] = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return urls


def test_swagger_ui_renders_operations_offline(browser: Any, live_service: LiveServer) -> None:
    browser.get("about:blank")
    browser.get(f"{live_service.url}/docs")
    operations = wait_for(
        lambda: (found := browser.find_elements(By.CSS_SELECTOR, ".opblock")) and len(found) >= 10 and found,
        what="Swagger UI operations",
    )
    paths = {op.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text.replace("\u200b", "") for op in operations}
    assert "/v1/chat/completions" in paths and "/v1/ask" in paths, paths
    resources = _resources(browser)
    assert resources and all(url.startswith(live_service.url) for url in resources), resources
    assert any(url.endswith("/docs-assets/swagger-ui-bundle.js") for url in resources)
    assert any(url.endswith("/openapi.json") for url in resources)
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
    screenshot(browser, "api-docs-swagger")


def test_redoc_renders_operations_offline(browser: Any, live_service: LiveServer) -> None:
    browser.get("about:blank")
    browser.get(f"{live_service.url}/redoc")
    wait_for(
        lambda: "/v1/chat/completions" in browser.find_element(By.TAG_NAME, "body").text,
        what="ReDoc operations",
    )
    resources = _resources(browser)
    assert resources and all(url.startswith(live_service.url) for url in resources), resources
    screenshot(browser, "api-docs-redoc")
