"""The Chroma server version check: a real server passes, other API versions are refused with a clear message."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.catalog.chroma_version import API_VERSION, check_server, check_versions, major_minor, server_version
from assistant.errors import ConfigurationError, UnavailableError
from tests.cluster.harness import free_port, start_chroma, stop


def test_versions_are_compared_by_major_and_minor() -> None:
    assert major_minor("1.0.0") == (1, 0) and major_minor("v0.6.3") == (0, 6) and major_minor("none") is None
    check_versions("1.0.7", "http://chroma:8000")
    for other in ("0.6.3", "1.1.0", "2.0.0", "none (no /api/v2: a Chroma server before 0.6)"):
        with pytest.raises(ConfigurationError, match=r"reports API version .* needs API 1\.0"):
            check_versions(other, "http://chroma:8000")


@pytest.mark.slow
def test_the_bundled_chroma_server_passes(tmp_path: Path) -> None:
    proc, url = start_chroma(tmp_path / "chroma")
    try:
        assert major_minor(server_version(url)) == API_VERSION
        check_server(url)
    finally:
        stop(proc)


def test_a_server_without_the_v2_api_is_refused(tmp_path: Path) -> None:
    """A plain HTTP server answering 404 everywhere stands in for a 0.4/0.5 Chroma (no /api/v2)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                version = server_version(url)
                break
            except UnavailableError:
                time.sleep(0.1)
        assert version.startswith("none")
        with pytest.raises(ConfigurationError, match="no /api/v2"):
            check_server(url)
    finally:
        proc.terminate()
        proc.wait()
