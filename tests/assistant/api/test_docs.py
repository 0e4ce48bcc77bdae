"""/docs and /redoc are served offline: the pages reference only this server's assets, which it serves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.docs import ASSETS, ASSETS_URL
from assistant.settings import Settings

REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'|spec-url="([^"]+)\"""")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("docs"))  # type: ignore[call-arg]
    return TestClient(create_app(settings))


def references(html: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in REFERENCE.finditer(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_doc_pages_reference_only_local_assets(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = references(r.text)
    assert refs, r.text
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    assert not re.search(r"https?://", r.text), "the page names an external URL"
    assert "fonts.googleapis" not in r.text and "cdn" not in r.text.lower()
    for ref in refs:  # every referenced asset (and the OpenAPI document) is served by the app
        assert client.get(ref).status_code == 200, ref
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "https:" not in csp


def test_every_asset_is_served_with_its_type(client: TestClient) -> None:
    types = {".js": "javascript", ".css": "text/css", ".png": "image/png"}
    for name in ASSETS:
        r = client.get(f"{ASSETS_URL}/{name}")
        assert r.status_code == 200 and len(r.content) > 1000, name
        assert types[Path(name).suffix] in r.headers["content-type"], (name, r.headers["content-type"])
    assert "SwaggerUIBundle" in client.get(f"{ASSETS_URL}/swagger-ui-bundle.js").text
    for name in ("swagger-ui-bundle.js", "redoc.standalone.js"):  # no CDN URL left in the scripts
        assert b"https://cdn" not in client.get(f"{ASSETS_URL}/{name}").content, name
    assert "validatorUrl" in client.get("/docs").text  # the online validator badge is switched off
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_openapi_document_is_still_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/v1/chat/completions" in spec["paths"]
    assert "/docs" not in spec["paths"] and "/docs-assets" not in str(spec["paths"])
