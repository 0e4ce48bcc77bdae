"""Browser-test fixtures: a live uvicorn of the real app on loopback, a second origin, headless Chromium.

The service runs in a thread of the test process (real uvicorn, real HTTP on 127.0.0.1) over the session
corpus (`loaded_settings` / `assistant` from tests/conftest.py). A tiny http.server on another loopback
port plays the intranet page that embeds the widget; its origin is in the service's CORS allow-list.
Chromium is Debian's /usr/bin/chromium driven by /usr/bin/chromedriver; nothing is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from tests.ui.support import (
    AXE,
    CHROMEDRIVER,
    CHROMIUM,
    LiveServer,
    PageServer,
    QuietHandler,
    free_port,
    missing,
    ui_settings,
)


@pytest.fixture(scope="session")
def page_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PageServer]:
    """A second loopback origin serving test pages."""
    root = tmp_path_factory.mktemp("intranet")
    port = free_port()
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="intranet-pages", daemon=True)
    thread.start()
    yield PageServer(root, port)
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_service(loaded_settings: Settings, assistant: Any, page_server: PageServer) -> Iterator[LiveServer]:
    """The real service over the session corpus, on a free loopback port (no API keys: open service)."""
    from assistant.api.app import create_app

    settings = ui_settings(loaded_settings, page_server.origin)
    with LiveServer(create_app(settings, assistant=assistant), free_port()) as server:
        yield server


@pytest.fixture(scope="session")
def download_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where Chromium saves downloads."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory, download_dir: Path) -> Iterator[Any]:
    """Headless Debian Chromium via Debian chromedriver (Selenium Manager never runs)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        missing("chromium / chromium-driver not installed (apt-get install chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must not fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=en-GB",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)}
    )
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js from tests/ui/node_modules (npm ci in tests/ui)."""
    if not AXE.exists():
        missing("axe-core missing: run `npm ci` in tests/ui")
    return AXE.read_text(encoding="utf-8")
