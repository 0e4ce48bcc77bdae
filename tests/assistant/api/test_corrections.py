"""A model answer that validation trims: both streaming APIs tell the client what stands.

The chat model is LangChain's scripted fake, registered through `Assistant.open(settings, chat_model=...)`
over the real loaded corpus; its answer is one cited sentence from the real passages plus an uncited one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.api.app import create_app
from assistant.api.openai_compat import CORRECTION_HEADING, footnotes, split_messages
from assistant.api.openai_schemas import ChatMessage
from assistant.llm.facts import catalog_facts
from assistant.llm.pack import pack_passages
from assistant.models.answers import Answer, Citation
from assistant.service import Assistant
from assistant.settings import Settings
from tests.assistant.api.test_app import R, keyed, sse_events

QUESTION = "What did CQC find about waiting lists for financial assessments in Derby?"
UNCITED = " Derby is clearly doing very well overall."
REASON = "removed 1 sentence: uncited"


def cited_sentence(assistant: Assistant) -> str:
    """The first sentence of the first packed passage, cited as a good model would."""
    extractive = assistant.ask(QUESTION)
    assert extractive.composer == "extractive" and not extractive.refused
    facts = catalog_facts(assistant.catalog, extractive.analysis)
    packed = pack_passages(extractive.passages, assistant.settings.llm.max_context_tokens, facts,
                           assistant.settings.ingest.tokenizer_encoding)
    source = next(s for s in packed.sources if s.kind == "passage")
    first = re.split(r"(?<=[.!?])\s+", " ".join(source.text.split()))[0].rstrip(".")
    return f"{first} [{source.n}]."


@pytest.fixture(scope="module")
def llm_env(loaded_settings: Settings, assistant: Assistant) -> Iterator[tuple[TestClient, str, str]]:
    """A client of an app whose Assistant has a scripted chat model; the good text and the full script."""
    good = cited_sentence(assistant)
    script = good + UNCITED
    with_llm = Assistant.open(loaded_settings, chat_model=FakeListChatModel(responses=[script]))
    try:
        with TestClient(create_app(keyed(loaded_settings), with_llm), raise_server_exceptions=False) as client:
            yield client, good, script
    finally:
        with_llm.close()


def completion_chunks(text: str) -> list[dict[str, object]]:
    """The JSON chunks of an OpenAI-style stream (up to `[DONE]`, which must end it)."""
    data = [line[5:].strip() for line in text.replace("\r\n", "\n").split("\n") if line.startswith("data:")]
    assert data[-1] == "[DONE]"
    return [json.loads(d) for d in data[:-1]]


def test_chat_final_event_keeps_the_corrected_flag(llm_env: tuple[TestClient, str, str]) -> None:
    client, good, script = llm_env
    r = client.post("/v1/chat", json={"question": QUESTION}, headers=R)
    assert r.status_code == 200, r.text
    events = sse_events(r.text)
    assert "".join(str(d["text"]) for n, d in events if n == "delta") == script
    name, final = events[-1]
    assert name == "final" and final["corrected"] is True
    answer = Answer.model_validate(final["answer"])
    assert answer.composer == "llm" and answer.answer == good and answer.fallback == REASON
    assert answer.conversation_id and answer.citations


def test_openai_stream_sends_the_correction_before_the_footnotes(llm_env: tuple[TestClient, str, str]) -> None:
    client, good, script = llm_env
    body = {"model": "cqc-assistant", "messages": [{"role": "user", "content": QUESTION}], "stream": True}
    r = client.post("/v1/chat/completions", json=body, headers=R)
    assert r.status_code == 200, r.text
    chunks = completion_chunks(r.text)
    content = "".join(str(c["choices"][0]["delta"].get("content", "")) for c in chunks)  # type: ignore[index]
    last = chunks[-1]
    assert last["choices"][0]["finish_reason"] == "stop"  # type: ignore[index]
    assert last["corrected"] is True and last["fallback"] == REASON
    citations = [Citation.model_validate(c) for c in last["citations"]]  # type: ignore[attr-defined]
    assert citations
    assert content == script + CORRECTION_HEADING + good + footnotes(citations)
    # sent back as history, the assistant turn is the corrected answer, not the raw model text
    messages = [ChatMessage(role="user", content=QUESTION), ChatMessage(role="assistant", content=content),
                ChatMessage(role="user", content="and for safeguarding?")]
    assert split_messages(messages)[1] == [(QUESTION, good)]


def test_openai_non_streaming_returns_the_validated_answer(llm_env: tuple[TestClient, str, str]) -> None:
    client, good, _ = llm_env
    body = {"model": "cqc-assistant", "messages": [{"role": "user", "content": QUESTION}]}
    data = client.post("/v1/chat/completions", json=body, headers=R).json()
    citations = [Citation.model_validate(c) for c in data["citations"]]
    assert data["choices"][0]["message"]["content"] == good + footnotes(citations)
    assert data["fallback"] == REASON and UNCITED.strip() not in json.dumps(data)


def test_extractive_stream_has_no_correction(loaded_settings: Settings, assistant: Assistant) -> None:
    body = {"model": "cqc-assistant", "messages": [{"role": "user", "content": QUESTION}], "stream": True}
    with TestClient(create_app(keyed(loaded_settings), assistant), raise_server_exceptions=False) as client:
        chunks = completion_chunks(client.post("/v1/chat/completions", json=body, headers=R).text)
    content = "".join(str(c["choices"][0]["delta"].get("content", "")) for c in chunks)  # type: ignore[index]
    assert CORRECTION_HEADING not in content and chunks[-1]["corrected"] is False
    assert "fallback" not in chunks[-1]
