"""A real uvicorn server on loopback, driven by the official `openai` SDK, LangChain and raw SSE."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.service import Assistant
from assistant.settings import Settings

READER = "reader-key-live-0123456789"
QUESTION = "What was Derby's safeguarding score?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(loaded_settings: Settings, assistant: Assistant) -> Iterator[str]:
    api = loaded_settings.api.model_copy(update={"reader_keys": [SecretStr(READER)], "rate_limit_per_minute": 10_000})
    app = create_app(loaded_settings.model_copy(update={"api": api}), assistant)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


def test_openai_sdk_non_streaming_receives_citations(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url + "/v1", api_key=READER, max_retries=0)
    completion = client.chat.completions.create(model="cqc-assistant", messages=[{"role": "user", "content": QUESTION}])
    content = completion.choices[0].message.content or ""
    assert "[1]" in content and "\n\nSources:\n[1] " in content
    extra = completion.model_extra or {}
    assert extra["citations"][0]["n"] == 1 and extra["citations"][0]["quote"]
    assert extra["conversation_id"].startswith("conv_")


def test_openai_sdk_streaming_receives_citations_on_the_final_chunk(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url + "/v1", api_key=READER, max_retries=0)
    stream = client.chat.completions.create(
        model="cqc-assistant", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Sources:\n[1] " in text
    final = chunks[-1]
    assert final.choices[0].finish_reason == "stop"
    assert (final.model_extra or {})["citations"][0]["n"] == 1


def test_openai_sdk_sees_auth_errors(base_url: str) -> None:
    from openai import AuthenticationError, OpenAI

    client = OpenAI(base_url=base_url + "/v1", api_key="wrong", max_retries=0)
    with pytest.raises(AuthenticationError):
        client.chat.completions.create(model="cqc-assistant", messages=[{"role": "user", "content": QUESTION}])


def test_langchain_chat_openai_plugs_in(base_url: str) -> None:
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=base_url + "/v1", api_key=SecretStr(READER), model="cqc-assistant", max_retries=0)
    reply = llm.invoke(QUESTION)
    assert "Sources:" in str(reply.content)
    follow = llm.invoke([HumanMessage(QUESTION), AIMessage(str(reply.content)), HumanMessage("and for equity?")])
    assert "Sources:" in str(follow.content) or "no evidence" in str(follow.content).lower()
    streamed = "".join(str(part.content) for part in llm.stream(QUESTION))
    assert "Sources:" in streamed


def test_chat_sse_over_the_wire_in_order(base_url: str) -> None:
    names: list[str] = []
    with (
        httpx.Client(timeout=30) as http,
        http.stream(
            "POST", base_url + "/v1/chat", json={"question": QUESTION}, headers={"X-API-Key": READER}
        ) as response,
    ):
        assert response.status_code == 200
        assert response.headers["x-content-type-options"] == "nosniff"
        for line in response.iter_lines():
            if line.startswith("event:"):
                names.append(line[6:].strip())
    assert names[0] == "analysis" and names[-1] == "final" and "delta" in names and "citation" in names
