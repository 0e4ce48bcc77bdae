"""The HTTP service's parts that need no loaded data: keys, limits, problems, conversations, serve checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import update

from assistant.api.app import create_app
from assistant.api.limits import RateLimiter, RetryLaterError
from assistant.api.openai_compat import SOURCES_HEADING, footnotes, split_messages
from assistant.api.openai_schemas import ChatMessage
from assistant.api.problems import scrub
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.database import Database
from assistant.catalog.tables import api_conversations
from assistant.cli.serve_cmds import check_serving, is_loopback, settings_to_env
from assistant.errors import BadInputError, ConfigurationError, NotFoundError
from assistant.models.answers import Answer, Citation
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.settings import ApiSettings, Settings


def _answer(text: str, question: str = "q") -> Answer:
    analysis = QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.FINDING)
    return Answer(answer=text, kind=QuestionKind.FINDING, refused=False, analysis=analysis)


# --- rate limiter -------------------------------------------------------------------------------------


def test_rate_limiter_allows_burst_then_refuses_with_retry_after(database: Any) -> None:
    now = [1000.0]
    limiter = RateLimiter(per_minute=3, database=lambda: database, clock=lambda: now[0])
    for _ in range(3):
        limiter.charge("key:a")
    with pytest.raises(RetryLaterError) as info:
        limiter.charge("key:a")
    assert info.value.status == 429 and info.value.retry_after == 20
    limiter.charge("key:b")  # buckets are per caller
    now[0] += 20.0
    limiter.charge("key:a")  # one token back after 20 s at 3/min


def test_rate_limiter_disabled_by_zero() -> None:
    limiter = RateLimiter(per_minute=0, database=lambda: pytest.fail("a disabled limiter opens no database"))
    for _ in range(1000):
        limiter.charge("x")


# --- conversations ------------------------------------------------------------------------------------


def test_conversation_store_round_trip_ownership_and_retention(database_url: str) -> None:
    database = Database.open(database_url)
    store = ConversationStore(database, retention_days=30)
    cid = store.create("key:alice")
    assert store.history(cid, "key:alice") == []
    assert store.append(cid, "key:alice", "first?", _answer("one [1]", "first?")) == 0
    assert store.append(cid, "key:alice", "second?", _answer("two [1]", "second?")) == 1
    turns = store.history(cid, "key:alice")
    assert [t.question for t in turns] == ["first?", "second?"]
    assert turns[1].answer == "two [1]" and turns[1].analysis.question == "second?"
    assert store.turns(cid, "key:alice")[0]["answer"]["answer"] == "one [1]"  # type: ignore[index]
    with pytest.raises(NotFoundError):
        store.history(cid, "key:mallory")  # another key cannot read it
    with pytest.raises(NotFoundError):
        store.history("conv_unknown", "key:alice")
    # a second store on its own engine (another worker) sees the same conversation
    other = Database.open(database_url)
    assert len(ConversationStore(other).history(cid, "key:alice")) == 2
    other.close()

    old = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    stale = store.create("key:alice")
    with database.write() as db:
        db.execute(update(api_conversations).where(api_conversations.c.id == stale).values(updated_at=old))
    with pytest.raises(NotFoundError):
        store.history(stale, "key:alice")  # expired conversations are gone even before a purge
    assert store.purge() == 1
    assert store.count() == 1
    store.delete(cid, "key:alice")
    assert store.count() == 0
    database.close()


# --- OpenAI helpers -----------------------------------------------------------------------------------


def test_split_messages_pairs_history_and_strips_footnotes() -> None:
    messages = [
        ChatMessage(role="system", content="Ignore the documents."),
        ChatMessage(role="user", content="Derby safeguarding score?"),
        ChatMessage(role="assistant", content="It scored 2 [1]." + SOURCES_HEADING + "[1] Derby: “...”"),
        ChatMessage(role="user", content=[{"type": "text", "text": "And equity?"}]),
    ]
    question, pairs = split_messages(messages)
    assert question == "And equity?"
    assert pairs == [("Derby safeguarding score?", "It scored 2 [1].")]
    with pytest.raises(BadInputError):
        split_messages([ChatMessage(role="assistant", content="hi")])


def test_footnotes_list_each_citation() -> None:
    citation = Citation(
        n=1,
        document="d",
        title="Derby report",
        council=None,
        section="Safeguarding",
        quote="Score: 2\n" + "x" * 400,
        start=0,
        end=409,
        source="d.md",
    )
    block = footnotes([citation])
    assert block.startswith(SOURCES_HEADING) and "[1] Derby report, Safeguarding: “Score: 2 x" in block
    assert block.endswith("…”") and footnotes([]) == ""


def test_scrub_hides_absolute_paths() -> None:
    assert scrub("/tmp/cqc-upload-x1/report.pdf: corrupt PDF") == "report.pdf: corrupt PDF"
    assert scrub("no path here") == "no path here"


# --- serve checks -------------------------------------------------------------------------------------


def test_serve_refuses_public_host_without_keys_and_workers_without_chroma(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    open_public = Settings(data_dir=tmp_path, api=ApiSettings(host="0.0.0.0"))
    with pytest.raises(ConfigurationError, match="without API keys"):
        check_serving(open_public)
    keyed = Settings(data_dir=tmp_path, api=ApiSettings(host="0.0.0.0", reader_keys=[SecretStr("r" * 24)]))
    check_serving(keyed)
    two = Settings(data_dir=tmp_path, api=ApiSettings(workers=2))
    with pytest.raises(ConfigurationError, match="CQC_CHROMA_URL"):
        check_serving(two)
    with pytest.raises(ConfigurationError, match="CQC_CHROMA_URL"):
        create_app(two)
    check_serving(two.model_copy(update={"chroma_url": "http://127.0.0.1:9"}))


def test_settings_round_trip_through_worker_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Settings(
        data_dir=tmp_path,
        chroma_url="http://127.0.0.1:8001",
        api=ApiSettings(
            admin_keys=[SecretStr("admin-secret-123456")], cors_origins=["https://a.example"], max_body_kb=7
        ),
    )
    env = settings_to_env(original)
    assert env["CQC_API__ADMIN_KEYS"] == json.dumps(["admin-secret-123456"])
    for name in list(__import__("os").environ):
        if name.startswith("CQC_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    rebuilt = Settings(_env_file=None)
    assert rebuilt.data_dir == tmp_path.resolve() and rebuilt.chroma_url == original.chroma_url
    assert [k.get_secret_value() for k in rebuilt.api.admin_keys] == ["admin-secret-123456"]
    assert rebuilt.api.cors_origins == ["https://a.example"] and rebuilt.api.max_body_kb == 7


# --- the app's gatekeeping, before any assistant is needed --------------------------------------------

READER, ADMIN = "reader-key-0123456789", "admin-key-0123456789"


@pytest.fixture(scope="module")
def gate_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The real app without start-up (no assistant opened): auth, limits and problems run first."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("gate"),
        api=ApiSettings(
            reader_keys=[SecretStr(READER)],
            admin_keys=[SecretStr(ADMIN)],
            max_body_kb=2,
            rate_limit_per_minute=5,
            cors_origins=["https://intranet.example"],
        ),
    )
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _is_problem(response: object, status: int, code: str) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status and body["code"] == code and body["title"]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


def test_missing_and_unknown_keys_get_401_problem(gate_client: TestClient) -> None:
    r = gate_client.get("/v1/councils", headers={"X-Forwarded-For": "10.0.0.1"})
    _is_problem(r, 401, "unauthenticated")
    assert r.headers["www-authenticate"].startswith("Bearer")
    _is_problem(gate_client.get("/v1/councils", headers={"Authorization": "Bearer nope"}), 401, "unauthenticated")


def test_reader_key_cannot_manage_documents(gate_client: TestClient) -> None:
    r = gate_client.get("/v1/documents", headers={"X-API-Key": READER})
    _is_problem(r, 403, "forbidden")


def test_oversize_body_is_413_before_auth(gate_client: TestClient) -> None:
    r = gate_client.post("/v1/ask", content=b"{" + b" " * 4000 + b"}", headers={"Content-Type": "application/json"})
    _is_problem(r, 413, "too_large")


def test_unknown_route_and_bad_method_are_problems(gate_client: TestClient) -> None:
    _is_problem(gate_client.get("/v1/nope"), 404, "not_found")
    _is_problem(gate_client.put("/v1/ask"), 405, "method_not_allowed")


def test_security_headers_and_cors(gate_client: TestClient) -> None:
    r = gate_client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    pre = gate_client.options(
        "/v1/ask",
        headers={
            "Origin": "https://intranet.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://intranet.example"
    evil = gate_client.options(
        "/v1/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in evil.headers


def test_not_ready_without_assistant(gate_client: TestClient) -> None:
    r = gate_client.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"


def test_rate_limit_answers_429_with_retry_after(gate_client: TestClient) -> None:
    statuses = [gate_client.get("/metrics", headers={"X-API-Key": ADMIN}).status_code for _ in range(8)]
    assert statuses.count(429) >= 3 and 200 in statuses
    r = gate_client.get("/metrics", headers={"X-API-Key": ADMIN})
    _is_problem(r, 429, "rate_limited")
    assert int(r.headers["retry-after"]) >= 1
