"""Open WebUI's requests (tests/assistant/api/openwebui/*.json) replayed against a live server over httpx.

Chats stream cited answers; title, tags, follow-up and query task prompts (longer than the question limit)
get the JSON Open WebUI parses; a task this service does not do, and every task with CQC_API__CHAT_TASKS
off, gets a clear 400 in OpenAI's envelope.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.assistant.api.live import serving

READER = "reader-key-openwebui-0123456789"
REQUESTS = Path(__file__).parent / "openwebui"
HEADERS = {"Authorization": f"Bearer {READER}"}


def body(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REQUESTS / name).read_text(encoding="utf-8"))
    return data


def settings_for(loaded: Settings, **api: object) -> Settings:
    values = {"reader_keys": [SecretStr(READER)], "rate_limit_per_minute": 10_000, **api}
    return loaded.model_copy(update={"api": loaded.api.model_copy(update=values)})


@pytest.fixture(scope="module")
def http(loaded_settings: Settings, assistant: Assistant) -> Iterator[httpx.Client]:
    with serving(create_app(settings_for(loaded_settings), assistant)) as url, httpx.Client(
        base_url=url, headers=HEADERS, timeout=60
    ) as client:
        yield client


def stream_chunks(http: httpx.Client, request: dict[str, Any]) -> list[Any]:
    chunks: list[Any] = []
    with http.stream("POST", "/v1/chat/completions", json=request) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data:"):
                data = line[5:].strip()
                chunks.append(data if data == "[DONE]" else json.loads(data))
    return chunks


def content_of(http: httpx.Client, name: str) -> Any:
    r = http.post("/v1/chat/completions", json=body(name))
    assert r.status_code == 200, r.text
    completion = r.json()
    assert completion["object"] == "chat.completion" and completion["usage"]["prompt_tokens"] > 200
    return json.loads(completion["choices"][0]["message"]["content"])


def test_streamed_chat_and_follow_up(http: httpx.Client) -> None:
    chunks = stream_chunks(http, body("chat_stream.json"))
    assert chunks[-1] == "[DONE]"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks[:-1] if c["choices"])
    assert "2" in text and "Sources:\n[1]" in text
    follow = stream_chunks(http, body("chat_follow_up_stream.json"))
    usage = follow[-2]
    assert usage["choices"] == [] and usage["usage"]["completion_tokens"] > 0
    stop = follow[-3]
    assert stop["choices"][0]["finish_reason"] == "stop"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in follow[:-2] if c["choices"])
    assert "Sources:" in text or "no evidence" in text.lower()


def test_title_generation_gets_a_short_title_from_the_question(http: httpx.Client) -> None:
    assert len(body("title_generation.json")["messages"][0]["content"]) > 1000
    title = content_of(http, "title_generation.json")["title"]
    assert title == "Derby's safeguarding score"


def test_tags_generation_names_councils_and_statements(http: httpx.Client) -> None:
    tags = content_of(http, "tags_generation.json")["tags"]
    assert tags[0] == "Adult social care" and "Derby City Council" in tags and "Safeguarding" in tags


def test_follow_up_generation_suggests_answerable_questions(http: httpx.Client) -> None:
    follow_ups = content_of(http, "follow_up_generation.json")["follow_ups"]
    assert len(follow_ups) == 3 and all(
        q.endswith("?") and ("Derby City Council" in q or "councils" in q) for q in follow_ups
    ), follow_ups
    answer = http.post("/v1/ask", json={"question": follow_ups[0]}).json()
    assert not answer["refused"], (follow_ups[0], answer["answer"])


def test_query_generation_returns_the_question(http: httpx.Client) -> None:
    assert content_of(http, "query_generation.json")["queries"] == ["What was Derby's safeguarding score?"]


def test_title_generation_streams_too(http: httpx.Client) -> None:
    chunks = stream_chunks(http, {**body("title_generation.json"), "stream": True})
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks[:-1] if c["choices"])
    assert json.loads(text) == {"title": "Derby's safeguarding score"}


def test_unknown_task_is_a_clear_400(http: httpx.Client) -> None:
    r = http.post("/v1/chat/completions", json=body("emoji_generation.json"))
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["param"] == "messages" and error["type"] == "invalid_request_error"
    assert "'emoji' task prompt" in error["message"] and "Turn this task off" in error["message"]


def test_tasks_turned_off_are_rejected_clearly(loaded_settings: Settings, assistant: Assistant) -> None:
    app = create_app(settings_for(loaded_settings, chat_tasks=False), assistant)
    with serving(app) as url, httpx.Client(base_url=url, headers=HEADERS, timeout=60) as client:
        r = client.post("/v1/chat/completions", json=body("title_generation.json"))
        assert r.status_code == 400 and "CQC_API__CHAT_TASKS=false" in r.json()["error"]["message"]
        chat = client.post("/v1/chat/completions", json={**body("chat_stream.json"), "stream": False})
        assert chat.status_code == 200 and "Sources:" in chat.json()["choices"][0]["message"]["content"]
