"""Every endpoint of the real app over the loaded sample corpus (TestClient, one app for the module)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.models.answers import Answer, SuggestionPlan
from assistant.models.questions import Passage
from assistant.models.records import CouncilScores
from assistant.service import Assistant
from assistant.settings import Settings

READER, ADMIN = "reader-key-app-0123456789", "admin-key-app-0123456789"
R = {"Authorization": f"Bearer {READER}"}
A = {"X-API-Key": ADMIN}
ORIGIN = "https://intranet.example"


def keyed(settings: Settings, **api: object) -> Settings:
    """The loaded settings with keys (and other API overrides)."""
    values: dict[str, object] = {
        "reader_keys": [SecretStr(READER)],
        "admin_keys": [SecretStr(ADMIN)],
        "cors_origins": [ORIGIN],
        "rate_limit_per_minute": 100_000,
        **api,
    }
    return settings.model_copy(update={"api": settings.api.model_copy(update=values)})


@pytest.fixture(scope="module")
def client(loaded_settings: Settings, assistant: Assistant) -> Iterator[TestClient]:
    app = create_app(keyed(loaded_settings), assistant)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def sse_events(text: str) -> list[tuple[str, dict[str, object]]]:
    """(event name, JSON data) of each server-sent event in a response body."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            out.append((name, json.loads("\n".join(data))))
    return out


def test_ask_returns_the_answer_json_and_a_follow_up_uses_the_conversation(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": "What was Derby's safeguarding score?"}, headers=R)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    answer = Answer.model_validate(r.json())
    assert not answer.refused and answer.citations and "2" in answer.answer
    assert answer.conversation_id and answer.conversation_id.startswith("conv_")
    assert all(c.quote for c in answer.citations)
    follow = client.post(
        "/v1/ask", json={"question": "And for equity?", "conversation_id": answer.conversation_id}, headers=R
    )
    assert follow.status_code == 200, follow.text
    second = Answer.model_validate(follow.json())
    assert second.conversation_id == answer.conversation_id
    assert second.analysis.councils == ["Derby City Council"]
    assert second.analysis.statements == ["Equity in experience and outcomes"]


def test_unknown_or_foreign_conversation_is_404(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": "Derby safeguarding?", "conversation_id": "conv_nope"}, headers=R)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    mine = client.post("/v1/ask", json={"question": "Derby safeguarding?"}, headers=R).json()["conversation_id"]
    theirs = client.post("/v1/ask", json={"question": "And equity?", "conversation_id": mine}, headers=A)
    assert theirs.status_code == 404  # conversations belong to the key that started them


def test_a_home_council_answers_questions_that_name_none(client: TestClient) -> None:
    body = {"question": "What did we score for safeguarding?", "council": "Derby"}
    answer = Answer.model_validate(client.post("/v1/ask", json=body, headers=R).json())
    assert answer.answer.startswith("Derby City Council scored 2") and answer.citations
    general = {"question": "Which councils scored 3 or more on safeguarding?", "council": "Derby"}
    assert "North Lincolnshire" in client.post("/v1/ask", json=general, headers=R).json()["answer"]
    streamed = client.post("/v1/chat", json={**body, "question": "What is our overall rating?"}, headers=R)
    assert sse_events(streamed.text)[0][1]["analysis"]["councils"] == ["Derby City Council"]  # type: ignore[index]
    for route in ("/v1/ask", "/v1/chat"):
        missing = client.post(route, json={**body, "council": "Nowhere Borough Council"}, headers=R)
        assert missing.status_code == 404 and "Nowhere Borough Council" in missing.json()["detail"]


def test_chat_streams_events_in_order_and_follow_up_works(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"question": "What was Derby's safeguarding score?"}, headers=R)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    names = [n for n, _ in events]
    assert names[0] == "analysis" and names[-1] == "final" and names.count("final") == 1
    assert "delta" in names
    first_citation = names.index("citation")
    assert all(n == "delta" for n in names[1:first_citation])
    assert all(n == "citation" for n in names[first_citation:-1])
    final = Answer.model_validate(events[-1][1]["answer"])
    assert "".join(str(d["text"]) for n, d in events if n == "delta") == final.answer
    assert len(final.citations) == names.count("citation")
    conversation = final.conversation_id
    assert conversation and r.headers["x-conversation-id"] == conversation
    again = client.post("/v1/chat", json={"question": "and equity?", "conversation_id": conversation}, headers=R)
    analysis = sse_events(again.text)[0][1]["analysis"]
    assert analysis["councils"] == ["Derby City Council"]  # type: ignore[index]


def test_openai_completion_carries_footnotes_and_citations(client: TestClient) -> None:
    body = {
        "model": "cqc-assistant",
        "messages": [
            {"role": "user", "content": "What was Derby's safeguarding score?"},
            {"role": "assistant", "content": "Derby scored 2 [1]."},
            {"role": "user", "content": "and for equity?"},
        ],
    }
    r = client.post("/v1/chat/completions", json=body, headers=R)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["object"] == "chat.completion" and data["choices"][0]["finish_reason"] == "stop"
    content = data["choices"][0]["message"]["content"]
    assert "\n\nSources:\n[1] " in content and data["citations"][0]["n"] == 1
    assert "equity" in content.lower() or "Equity" in json.dumps(data["citations"])
    models = client.get("/v1/models", headers=R).json()
    assert models["data"][0]["id"] == "cqc-assistant"


def test_search_returns_passages(client: TestClient) -> None:
    r = client.get("/v1/search", params={"q": "safeguarding in Derby", "k": 3}, headers=R)
    assert r.status_code == 200
    passages = [Passage.model_validate(p) for p in r.json()]
    assert 1 <= len(passages) <= 3 and all(p.text for p in passages)
    assert client.get("/v1/search", params={"q": "x", "k": 500}, headers=R).status_code == 422


def test_councils_scores_and_suggestions(client: TestClient) -> None:
    listed = client.get("/v1/councils", headers=R).json()
    ids = {c["id"] for c in listed}
    assert {"derby-city-council", "north-lincolnshire-council"} <= ids
    derby = client.get("/v1/councils/derby-city-council", headers=R).json()
    assert derby["name"] == "Derby City Council" and derby["overall_rating"] == "Requires improvement"
    assert derby["scores"]["scores"]["Safeguarding"] == 2
    assert any(d["kind"] == "cqc_assessment" for d in derby["documents"])
    by_alias = client.get("/v1/councils/North%20Lincs", headers=R).json()
    assert by_alias["id"] == "north-lincolnshire-council"
    assert client.get("/v1/councils/atlantis", headers=R).status_code == 404

    rows = [
        CouncilScores.model_validate(x)
        for x in client.get("/v1/scores", params={"statement": "safeguarding"}, headers=R).json()
    ]
    assert rows and all(set(r.scores) == {"Safeguarding"} for r in rows)
    good = client.get("/v1/scores", params={"theme": "Working with people", "min_score": 3}, headers=R).json()
    assert all(v >= 3 for row in good for v in row["scores"].values())
    only = client.get("/v1/scores", params={"council": "Derby"}, headers=R).json()
    assert [row["council"] for row in only] == ["Derby City Council"]
    assert client.get("/v1/scores", params={"statement": "astrology"}, headers=R).status_code == 422

    plan = client.post("/v1/suggestions", json={"council": "Derby", "statement": "7"}, headers=R)
    assert plan.status_code == 200, plan.text
    parsed = SuggestionPlan.model_validate(plan.json())
    assert parsed.council == "Derby City Council" and parsed.statement == "Safeguarding"


def test_documents_listing_is_admin_only(client: TestClient) -> None:
    listed = client.get("/v1/documents", headers=A)
    assert listed.status_code == 200 and len(listed.json()["documents"]) >= 5
    assert client.get("/v1/documents", headers=R).status_code == 403
    assert client.delete("/v1/documents/not-loaded", headers=A).status_code == 404


def test_health_ready_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready", ready.text
    client.post("/v1/ask", json={"question": "What is the capital of France?"}, headers=R)
    text = client.get("/metrics", headers=R).text
    assert 'cqc_http_requests_total{method="POST",route="/v1/ask",status="200"}' in text
    assert "cqc_http_request_duration_seconds_bucket" in text
    assert 'refused="true"' in text and "cqc_answers_total" in text


def test_question_limits_are_422_problems(client: TestClient, loaded_settings: Settings) -> None:
    too_long = "x" * (loaded_settings.api.max_question_chars + 1)
    for body in ({"question": too_long}, {"question": "   "}, {"question": 3}, {"nothing": 1}):
        r = client.post("/v1/ask", json=body, headers=R)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", body
        assert r.json()["status"] == 422
    bad_json = client.post("/v1/ask", content=b"{not json", headers={**R, "Content-Type": "application/json"})
    assert bad_json.status_code == 422


def test_slow_requests_get_a_504_problem(loaded_settings: Settings, assistant: Assistant) -> None:
    app = create_app(keyed(loaded_settings, request_timeout_s=0.000001), assistant)
    with TestClient(app, raise_server_exceptions=False) as slow:
        r = slow.post("/v1/ask", json={"question": "What did Derby do well on safeguarding?"}, headers=R)
    assert r.status_code == 504 and r.json()["code"] == "timeout"


def test_cors_allow_list(client: TestClient) -> None:
    ok = client.get("/v1/councils", headers={**R, "Origin": ORIGIN})
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    other = client.get("/v1/councils", headers={**R, "Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def _no_server_paths(text: str, *roots: Path) -> None:
    """No absolute server path (nor any part of the data or corpus folders) in a response body."""
    for root in roots:
        assert str(root.resolve()) not in text and str(root) not in text
    assert "/tmp/" not in text and "cqc-upload-" not in text


def test_responses_name_source_files_never_server_paths(
    client: TestClient, loaded_settings: Settings, corpus_dir: Path, assistant: Assistant
) -> None:
    stored = {d.source_path for d in assistant.documents()}
    assert any(Path(s).is_absolute() for s in stored)  # the CLI-ingested catalog holds absolute paths
    names = {Path(s).name for s in stored}
    roots = (corpus_dir, loaded_settings.data_dir)
    question = {"question": "What did Derby do well on safeguarding?"}
    answer = client.post("/v1/ask", json=question, headers=R)
    _no_server_paths(answer.text, *roots)
    parsed = Answer.model_validate(answer.json())
    assert parsed.citations and {c.source for c in parsed.citations} <= names
    assert parsed.passages and {p.source_path for p in parsed.passages} <= names
    hits = client.get("/v1/search", params={"q": "Derby safeguarding"}, headers=R)
    _no_server_paths(hits.text, *roots)
    assert {Passage.model_validate(h).source_path for h in hits.json()} <= names
    listed = client.get("/v1/documents", headers=A)
    _no_server_paths(listed.text, *roots)
    assert {d["source_path"] for d in listed.json()["documents"]} == names
    chat = client.post("/v1/chat", json=question, headers=R)
    _no_server_paths(chat.text, *roots)
    cited = [d["citation"] for n, d in sse_events(chat.text) if n == "citation"]
    assert cited and {c["source"] for c in cited} <= names  # type: ignore[index]
    for stream in (False, True):
        messages = [{"role": "user", "content": question["question"]}]
        body = {"model": "cqc-assistant", "messages": messages, "stream": stream}
        _no_server_paths(client.post("/v1/chat/completions", json=body, headers=R).text, *roots)
    plan = client.post("/v1/suggestions", json={"council": "Derby", "statement": "7"}, headers=R)
    _no_server_paths(plan.text, *roots)
    assert {c["source"] for c in plan.json()["citations"]} <= names


def test_word_export_takes_a_large_edited_plan_while_json_routes_stay_small(
    client: TestClient, loaded_settings: Settings
) -> None:
    plan = client.post("/v1/suggestions", json={"council": "Derby", "statement": "7"}, headers=R).json()
    assert plan["items"], plan
    plan["items"][0]["draft_action"] = "Agree a named lead and a review date for each action. " * 2_000
    body = json.dumps(plan).encode()
    assert loaded_settings.api.max_body_kb * 1024 < len(body) < loaded_settings.api.max_export_kb * 1024
    headers = {**R, "Content-Type": "application/json"}
    exported = client.post("/v1/suggestions/docx", content=body, headers=headers)
    assert exported.status_code == 200, exported.text[:300]
    assert exported.content[:2] == b"PK" and "wordprocessingml" in exported.headers["content-type"]
    padded = json.dumps({"question": "Derby safeguarding?", "pad": "x" * len(body)}).encode()
    too_big = client.post("/v1/ask", content=padded, headers=headers)
    assert too_big.status_code == 413 and too_big.json()["code"] == "too_large"
    plan["items"][0]["draft_action"] = "x" * (loaded_settings.api.max_export_kb * 1024 + 1)
    huge = client.post("/v1/suggestions/docx", json=plan, headers=R)
    assert huge.status_code == 413 and huge.headers["content-type"] == "application/problem+json"


# --- keys and roles on every route ----------------------------------------------------------------

ADMIN_ROUTES = {
    ("GET", "/v1/documents"), ("POST", "/v1/documents"), ("DELETE", "/v1/documents/{doc_id}"), ("GET", "/v1/feedback"),
    ("GET", "/v1/jobs/{job_id}"),
}
PUBLIC_ROUTES = {("GET", "/healthz"), ("GET", "/readyz")}


def route_table() -> list[tuple[str, str]]:
    """(method, path) of every operation the app serves, from its OpenAPI document."""
    app = create_app(Settings(data_dir="/nonexistent-never-opened"))
    return sorted(
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )


ROUTES = route_table()


def test_route_table_covers_the_issue() -> None:
    paths = {p for _, p in ROUTES}
    assert set(ROUTES) >= ADMIN_ROUTES
    assert {
        "/v1/ask",
        "/v1/chat",
        "/v1/chat/completions",
        "/v1/search",
        "/v1/councils",
        "/v1/councils/{council_id}",
        "/v1/scores",
        "/v1/suggestions",
        "/metrics",
    } <= paths


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_keys_and_roles_on_every_route(client: TestClient, method: str, path: str) -> None:
    url = path.replace("{council_id}", "derby").replace("{doc_id}", "no-such-doc").replace("{job_id}", "job_none")
    if (method, path) in PUBLIC_ROUTES:
        assert client.request(method, url).status_code in (200, 503)
        return
    assert client.request(method, url).status_code == 401
    assert client.request(method, url, headers={"Authorization": "Bearer wrong-key"}).status_code == 401
    as_reader = client.request(method, url, headers=R)
    if (method, path) in ADMIN_ROUTES:
        assert as_reader.status_code == 403
        assert client.request(method, url, headers=A).status_code not in (401, 403)
    else:
        assert as_reader.status_code not in (401, 403), as_reader.text
