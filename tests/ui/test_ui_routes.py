"""The UI's routes over real HTTP: pages, their security headers, document text and the .docx export."""

from __future__ import annotations

import io
from typing import Any

import httpx
from docx import Document

from tests.ui.support import LiveServer, PageServer


def test_pages_and_headers(live_service: LiveServer, page_server: PageServer) -> None:
    with httpx.Client(base_url=live_service.url, timeout=30) as client:
        index = client.get("/")
        assert index.status_code == 200 and "text/html" in index.headers["content-type"]
        assert "script-src 'self'" in index.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in index.headers["content-security-policy"]
        for path in ("/static/app.js", "/static/app.css"):
            assert client.get(path).status_code == 200, path
        widget = client.get("/widget.js")
        assert widget.status_code == 200 and "javascript" in widget.headers["content-type"]
        assert widget.headers["cross-origin-resource-policy"] == "cross-origin"
        embed = client.get("/embed")
        assert f"frame-ancestors 'self' {page_server.origin}" in embed.headers["content-security-policy"]
        taxonomy = client.get("/ui/taxonomy.json").json()
        assert (
            len(taxonomy["statements"]) == 9 and taxonomy["wordings"]["2"] == "Evidence shows some shortfalls"
        )
        assert client.get("/static/../settings.py").status_code == 404


def test_document_text_matches_catalog(live_service: LiveServer, assistant: Any) -> None:
    record = assistant.documents()[0]
    with httpx.Client(base_url=live_service.url, timeout=30) as client:
        body = client.get(f"/v1/documents/{record.doc_id}/text").json()
        assert body["text"] == assistant.catalog.document_text(record.doc_id)
        assert body["title"] == record.title and body["publisher"] == record.publisher
        missing = client.get("/v1/documents/no-such-document/text")
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("application/problem+json")


def test_suggestions_docx_endpoint(live_service: LiveServer, assistant: Any) -> None:
    council = assistant.catalog.council_scores()[0].council
    plan = assistant.suggest(council, "Safeguarding").model_dump(mode="json")
    if plan["items"]:
        plan["items"][0]["draft_action"] = "Edited action for the export test."
    with httpx.Client(base_url=live_service.url, timeout=60) as client:
        response = client.post("/v1/suggestions/docx", json=plan)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert "attachment" in response.headers["content-disposition"]
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert council in text
        if plan["items"]:
            assert "Edited action for the export test." in text
        bad = client.post("/v1/suggestions/docx", json={"council": "x"})
        assert bad.status_code == 422
