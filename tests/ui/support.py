"""Helpers for the browser tests: live servers on loopback, axe-core checks, screenshots, waiting."""

from __future__ import annotations

import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from assistant.settings import Settings

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "ui"
IN_CI = bool(os.environ.get("CI"))


def missing(reason: str) -> None:
    """Fail (never skip) when a browser-test prerequisite is absent: the README test command installs them."""
    pytest.fail(f"{reason}: run `bash scripts/install-test-deps.sh` (the README test command does)")


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an ASGI app on 127.0.0.1:port in a background thread."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{port}", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class PageServer:
    """A static file server for pages of 'another origin' (the intranet page embedding the widget)."""

    root: Path
    port: int

    @property
    def origin(self) -> str:
        """The allow-listed origin (127.0.0.1); http://localhost:port is the same server, not allow-listed."""
        return f"http://127.0.0.1:{self.port}"

    def write(self, name: str, html: str) -> str:
        """Write a page and return its allow-listed URL."""
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"


def axe_violations(driver: Any, axe_source: str, context: str | None = None) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (WCAG 2.x A/AA and best practice) on the current page."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(axe_source)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const context = arguments[0] ? document.querySelector(arguments[0]) : document;
        axe.run(context, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                          'wcag22aa', 'best-practice']}})
           .then(r => done(JSON.stringify(r.violations)))
           .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', description: String(e),
                                             nodes: []}])));
        """,
        context,
    )
    violations: list[dict[str, Any]] = json.loads(result)
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary of axe violations for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v.get('help', v.get('description'))} -> "
        + "; ".join(f"{n.get('target')} {str(n.get('failureSummary', ''))[:200]}" for n in v["nodes"][:3])
        for v in violations
    )


def screenshot(driver: Any, name: str) -> Path:
    """Save a screenshot of the current page under test-output/ui/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for(predicate: Callable[[], T], timeout: float = 60.0, what: str = "condition") -> T:
    """Poll `predicate` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # element not there yet, stale, ...
            last_error = exc
        time.sleep(0.1)
    suffix = f": {last_error}" if last_error else ""
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}{suffix}")


def open_view(browser: Any, server: LiveServer, view: str) -> None:
    """Load the app on a view and wait for it to start."""
    browser.get("about:blank")  # a fresh document, not a same-page hash change
    browser.get(f"{server.url}/#/{view}")
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "body[data-ready='true']"), what="app start")


def ask(browser: Any, question: str) -> WebElement:
    """Type a question, press Enter and return the finished assistant message."""
    before = len(browser.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant"))
    box = browser.find_element(By.ID, "question")
    box.send_keys(question)
    box.send_keys(Keys.ENTER)

    def finished() -> WebElement | None:
        items = browser.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant")
        if len(items) > before and items[before].get_attribute("data-done"):
            return items[before]
        return None

    item = wait_for(finished, timeout=120, what=f"the answer to {question!r}")
    assert item.get_attribute("data-done") == "true", item.text
    return item


def assert_accessible(browser: Any, axe_source: str, what: str) -> None:
    """No serious or critical axe-core violations on the page as it is now."""
    violations = axe_violations(browser, axe_source)
    assert not violations, f"{what}:\n{describe(violations)}"


def ui_settings(base: Settings, page_origin: str, **api_overrides: Any) -> Settings:
    """`base` with the test page origin allowed by CORS (and any other API overrides)."""
    api = base.api.model_copy(update={"cors_origins": [page_origin], **api_overrides})
    return base.model_copy(update={"api": api})
