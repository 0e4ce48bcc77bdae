"""The Chroma server must run the client's major.minor version: checked once when a server client opens.

The chromadb client does not compare versions itself. Against a server of another release it fails later
and obscurely (a 0.x server has no /api/v2 routes, so the client's tenant check answers 404 or "Could not
connect to tenant"; a newer minor release may change the wire format of a collection's configuration). So
`check_server` reads the server's /api/v2/version and refuses a different major.minor with a message that
names both versions and what to do.
"""

from __future__ import annotations

import re

from assistant.errors import ConfigurationError, UnavailableError

_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)")


def major_minor(version: str) -> tuple[int, int] | None:
    """(major, minor) of a version string such as '1.5.9' or 'v1.0.0-rc1', or None when it is not one."""
    found = _VERSION.match(version)
    return (int(found.group(1)), int(found.group(2))) if found else None


def check_versions(server: str, client: str, url: str) -> None:
    """ConfigurationError unless the server's and the client's major.minor versions agree."""
    theirs, ours = major_minor(server), major_minor(client)
    if theirs is None or ours is None or theirs != ours:
        raise ConfigurationError(
            f"the Chroma server at {url} runs version {server!r} but this build's chromadb client is {client}: "
            f"run a Chroma server {ours[0] if ours else '?'}.{ours[1] if ours else '?'}.x (the chromadb version "
            "pinned in constraints.txt; the docker image's `chroma run` is that version), or install the client "
            "that matches the server"
        )


def server_version(url: str, timeout_s: float = 10.0) -> str:
    """The version the server reports at /api/v2/version ('< 1.0' when it has no v2 API, as 0.x servers)."""
    import httpx

    try:
        response = httpx.get(url.rstrip("/") + "/api/v2/version", timeout=timeout_s)
    except httpx.HTTPError as exc:
        raise UnavailableError(f"cannot reach the Chroma server at {url}: {exc}") from exc
    if response.status_code == 404:
        return "< 1.0 (no /api/v2)"
    if response.status_code != 200:
        raise UnavailableError(f"the Chroma server at {url} answered {response.status_code} to /api/v2/version")
    return str(response.json())


def check_server(url: str) -> None:
    """Refuse (ConfigurationError) a Chroma server whose major.minor differs from the installed client's."""
    import chromadb

    check_versions(server_version(url), chromadb.__version__, url)
