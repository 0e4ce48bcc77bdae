"""A Chroma server must speak the HTTP API this build's chromadb client was tested with: checked once when a
server client opens, before the client itself connects.

What a server reports, measured with the pinned client (chromadb 1.5.9, see constraints.txt): its bundled
`chroma run` (which calls itself 1.4.4) answers GET /api/v2/version with "1.0.0", the version of its v2 HTTP
API, the same on every 1.x Rust server; the release is not reported at all. A 0.6 server answers "0.6.x";
0.4/0.5 servers have no /api/v2 (404), and 1.x servers answer 410 Gone on /api/v1. The chromadb client does
not compare versions itself: against a 0.x server it fails later and obscurely ("Could not connect to
tenant", or a 404 from a route it expects). So `check_server` reads /api/v2/version and refuses a server
whose API major.minor differs from `API_VERSION` with a message naming both and what to do.
"""

from __future__ import annotations

import re

from assistant.errors import ConfigurationError, UnavailableError

API_VERSION = (1, 0)  # the v2 HTTP API version the pinned chromadb client (1.5.x) was tested against
_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)")


def major_minor(version: str) -> tuple[int, int] | None:
    """(major, minor) of a version string such as '1.0.0' or 'v0.6.3', or None when it is not one."""
    found = _VERSION.match(version)
    return (int(found.group(1)), int(found.group(2))) if found else None


def check_versions(server: str, url: str, supported: tuple[int, int] = API_VERSION) -> None:
    """ConfigurationError unless the server's API major.minor version is the supported one."""
    if major_minor(server) != supported:
        import chromadb

        raise ConfigurationError(
            f"the Chroma server at {url} reports API version {server!r}; this build's chromadb client "
            f"{chromadb.__version__} needs API {supported[0]}.{supported[1]} (a Chroma 1.x server, such as the "
            "`chroma run` of the chromadb version pinned in constraints.txt, which the docker image provides): "
            "upgrade the server together with the service, or install the client that matches the server"
        )


def server_version(url: str, timeout_s: float = 10.0) -> str:
    """The API version the server reports at /api/v2/version ('none' when it has no v2 API, as 0.4/0.5)."""
    import httpx

    try:
        response = httpx.get(url.rstrip("/") + "/api/v2/version", timeout=timeout_s)
    except httpx.HTTPError as exc:
        raise UnavailableError(f"cannot reach the Chroma server at {url}: {exc}") from exc
    if response.status_code == 404:
        return "none (no /api/v2: a Chroma server before 0.6)"
    if response.status_code != 200:
        raise UnavailableError(f"the Chroma server at {url} answered {response.status_code} to /api/v2/version")
    return str(response.json())


def check_server(url: str) -> None:
    """Refuse (ConfigurationError) a Chroma server whose API version this client does not support."""
    check_versions(server_version(url), url)
