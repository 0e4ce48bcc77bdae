"""Keys and methods at the gate: uploads authenticated before their body is read, OPTIONS lists methods."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.api.security import Keyring
from assistant.errors import ConfigurationError
from assistant.settings import ApiSettings, Settings

ADMIN, READER = "admin-key-gate-0123456789", "reader-key-gate-0123456789"
UPLOAD_MB = 45
CHUNK = 1024 * 1024


def gate_settings(tmp_path: Path) -> Settings:
    api = ApiSettings(admin_keys=[SecretStr(ADMIN)], reader_keys=[SecretStr(READER)])
    return Settings(_env_file=None, data_dir=tmp_path, api=api)  # type: ignore[call-arg]


class _NeverUsed:
    """Stands in for the assistant: an upload that is refused must never reach it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the assistant was used ({name})")


def upload_over_asgi(app: Any, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST a 45 MB multipart body in 1 MB messages straight to the ASGI app: (status, bytes the app read)."""
    boundary = b"cqcboundary"
    head = b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    total = len(head) + UPLOAD_MB * CHUNK + len(boundary) + 8
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read == 0:
            read = len(head)
            return {"type": "http.request", "body": head, "more_body": True}
        if read < total - CHUNK:
            read += CHUNK
            return {"type": "http.request", "body": b"x" * CHUNK, "more_body": True}
        tail = b"\r\n--" + boundary + b"--\r\n"
        read = total
        return {"type": "http.request", "body": tail, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/v1/documents", "raw_path": b"/v1/documents", "root_path": "", "query_string": b"",
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        "headers": [(b"content-type", b"multipart/form-data; boundary=" + boundary),
                    (b"content-length", str(total).encode()), *headers],
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return int(start["status"]), read


def test_an_unauthenticated_45_mb_upload_gets_401_without_being_read(tmp_path: Path) -> None:
    app = create_app(gate_settings(tmp_path), _NeverUsed())  # type: ignore[arg-type]
    status, read = upload_over_asgi(app, [])
    assert status == 401 and read == 0, (status, read)
    status, read = upload_over_asgi(app, [(b"authorization", b"Bearer not-a-key-but-long-enough")])
    assert status == 401 and read == 0
    status, read = upload_over_asgi(app, [(b"x-api-key", READER.encode())])  # a reader may not upload
    assert status == 403 and read == 0


def test_an_admin_upload_is_read(tmp_path: Path) -> None:
    app = create_app(gate_settings(tmp_path), _NeverUsed())  # type: ignore[arg-type]
    status, read = upload_over_asgi(app, [(b"x-api-key", ADMIN.encode())])  # read in full, then queued:
    assert status == 503 and read > UPLOAD_MB * CHUNK  # the app was not started, so its job queue is not open


def test_options_lists_every_method_of_a_path(tmp_path: Path) -> None:
    client = TestClient(create_app(gate_settings(tmp_path)))
    r = client.options("/v1/documents")
    assert r.status_code == 204 and r.headers["allow"] == "GET, OPTIONS, POST"
    assert client.options("/v1/documents/some-doc").headers["allow"] == "DELETE, OPTIONS"
    wrong = client.put("/v1/documents", headers={"X-API-Key": ADMIN})
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET, OPTIONS, POST"
    assert client.options("/nowhere").status_code == 404


def test_cors_preflight_still_answered_by_cors(tmp_path: Path) -> None:
    settings = gate_settings(tmp_path)
    settings = settings.model_copy(
        update={"api": settings.api.model_copy(update={"cors_origins": ["https://intranet.example"]})}
    )
    client = TestClient(create_app(settings))
    r = client.options("/v1/documents", headers={"Origin": "https://intranet.example",
                                                 "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200 and "POST" in r.headers["access-control-allow-methods"]


@pytest.mark.parametrize("key", ["", "   ", "short-key", " padded-key-0123456789 "])
def test_bad_keys_are_refused_even_when_validation_was_skipped(tmp_path: Path, key: str) -> None:
    settings = gate_settings(tmp_path)
    api = settings.api.model_copy(update={"reader_keys": [SecretStr(key)]})  # model_copy skips validation
    with pytest.raises(ConfigurationError, match="invalid API key"):
        Keyring(api)
    with pytest.raises(ConfigurationError, match="invalid API key"):
        create_app(settings.model_copy(update={"api": api}))


def test_keys_are_compared_as_digests_in_constant_time(tmp_path: Path) -> None:
    import inspect

    from assistant.api import security

    source = inspect.getsource(security.Keyring.identify)
    assert "hmac.compare_digest" in source and "_digest(key)" in source
    client = TestClient(create_app(gate_settings(tmp_path)), raise_server_exceptions=False)
    assert client.get("/v1/models", headers={"Authorization": f"Bearer {READER}x"}).status_code == 401
    assert client.get("/v1/models", headers={"Authorization": f"Bearer {READER[:-1]}"}).status_code == 401
