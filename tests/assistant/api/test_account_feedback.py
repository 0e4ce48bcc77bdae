"""The routes the browser UI learns from: the caller's role, own conversations, feedback, answer export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from docx import Document
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.assistant.api.test_app import READER, A, R, keyed

OTHER_READER = {"Authorization": "Bearer other-reader-key-0123456789"}


@pytest.fixture(scope="module")
def client(loaded_settings: Settings, assistant: Assistant) -> Iterator[TestClient]:
    from pydantic import SecretStr

    settings = keyed(loaded_settings, reader_keys=[SecretStr(READER), SecretStr("other-reader-key-0123456789")])
    with TestClient(create_app(settings, assistant), raise_server_exceptions=False) as c:
        yield c


def test_me_tells_the_role(client: TestClient, loaded_settings: Settings, assistant: Assistant) -> None:
    assert client.get("/v1/me").status_code == 401
    assert client.get("/v1/me", headers=R).json() == {
        "role": "reader", "can_manage_documents": False, "can_read_feedback": False,
    }
    assert client.get("/v1/me", headers=A).json()["role"] == "admin"
    with TestClient(create_app(loaded_settings, assistant)) as open_client:  # no keys: loopback, all admin
        assert open_client.get("/v1/me").json() == {
            "role": "open", "can_manage_documents": True, "can_read_feedback": True,
        }


def test_conversations_are_listed_per_key_and_reopen(client: TestClient) -> None:
    first = client.post("/v1/ask", json={"question": "What was Derby's safeguarding score?"}, headers=R).json()
    cid = first["conversation_id"]
    client.post("/v1/ask", json={"question": "And North Lincolnshire?", "conversation_id": cid}, headers=R)
    mine = client.get("/v1/conversations", headers=R).json()["conversations"]
    assert mine[0]["id"] == cid and mine[0]["turns"] == 2
    assert mine[0]["title"] == "What was Derby's safeguarding score?"
    assert all(c["id"] != cid for c in client.get("/v1/conversations", headers=OTHER_READER).json()["conversations"])
    detail = client.get(f"/v1/conversations/{cid}", headers=R).json()
    questions = [t["question"] for t in detail["turns"]]
    assert questions == ["What was Derby's safeguarding score?", "And North Lincolnshire?"]
    assert detail["turns"][0]["answer"]["citations"]
    assert client.get(f"/v1/conversations/{cid}", headers=OTHER_READER).status_code == 404


def test_feedback_is_stored_with_the_answer_and_listed_for_admins(client: TestClient) -> None:
    answer = client.post("/v1/ask", json={"question": "What was Derby's safeguarding score?"}, headers=R).json()
    body = {
        "rating": "down", "comment": "=HYPERLINK(\"x\") wrong score",
        "question": "What was Derby's safeguarding score?",
        "answer": answer["answer"], "citations": answer["citations"], "conversation_id": answer["conversation_id"],
    }
    created = client.post("/v1/feedback", json=body, headers=R)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["rating"] == "down" and entry["owner"].startswith("key:") and READER not in entry["owner"]
    assert client.post("/v1/feedback", json={**body, "rating": "meh"}, headers=R).status_code == 422
    assert client.get("/v1/feedback", headers=R).status_code == 403
    listed = client.get("/v1/feedback", headers=A).json()["feedback"]
    mine = next(f for f in listed if f["id"] == entry["id"])
    assert mine["answer"] == answer["answer"]
    assert [c["quote"] for c in mine["citations"]] == [c["quote"] for c in answer["citations"]]
    assert all(f["rating"] == "up" for f in client.get("/v1/feedback?rating=up", headers=A).json()["feedback"])
    exported = client.get("/v1/feedback?format=csv", headers=A)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    row = next(r for r in rows if r["id"] == str(entry["id"]))
    assert row["comment"].startswith("'=")  # never a live spreadsheet formula
    assert answer["citations"][0]["quote"].split()[0] in row["citations"]


def test_an_answer_exports_to_word_with_its_sources(client: TestClient) -> None:
    answer = client.post("/v1/ask", json={"question": "What did CQC find about safeguarding in Derby?"}, headers=R)
    data = answer.json()
    r = client.post(
        "/v1/answers/docx",
        json={"question": "Safeguarding in Derby?", "answer": data["answer"], "citations": data["citations"]},
        headers=R,
    )
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Safeguarding in Derby?" in text and "Sources" in text
    assert f"[1] {data['citations'][0]['title']}" in text


def test_lga_date_comes_from_the_source_note(client: TestClient) -> None:
    docs = client.get("/v1/documents", headers=A).json()["documents"]
    lga = next(d for d in docs if d["doc_id"].startswith("lga"))
    assert lga["published"] is None and lga["published_as"] == "2024"
    text = client.get(f"/v1/documents/{lga['doc_id']}/text", headers=R).json()
    assert text["published_as"] == "2024"
