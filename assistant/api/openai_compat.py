"""POST /v1/chat/completions and GET /v1/models: OpenAI-compatible, so chat UIs and SDKs plug in unchanged.

The last user message is the question; earlier user/assistant pairs are the history (or send the extra
`conversation_id` to continue a server-side conversation). Citations survive any client: numbered
markers stay in the text, a "Sources" footnote block is appended to the content, and the structured
citations travel in an extra `citations` field (on `choices[0].message` and the response, and on the final
stream chunk). `usage` counts tokens with tiktoken; `stream_options.include_usage` adds a last chunk with
it. `n` > 1, `tools`, `tool_choice`, non-text `response_format` and `logprobs` are refused with a 400 naming
the parameter; other sampling parameters are ignored. Chat front ends' task prompts (Open WebUI's title,
tags, follow-ups, queries) are answered from the conversation (`CQC_API__CHAT_TASKS`). Non-streamed answers
also carry their citations as JSON in an `X-Citations` header, which LangChain's
ChatOpenAI(include_response_headers=True) keeps. Errors use OpenAI's `{"error": {message, type, code, param}}`
envelope, in the middle of a stream too.
When validation trims or replaces a model's streamed text, the stream sends a "[Corrected answer]" delta
with the validated answer before the footnotes, and the final chunk says `corrected: true` with the
`fallback` reason; clients should show the text after the last "[Corrected answer]" line.
System messages are not obeyed: answers come from the loaded documents only.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Iterable, Iterator

from fastapi import APIRouter, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.ask import TurnContext, close_turn, open_turn
from assistant.api.deps import AssistantDep, ConversationsDep, ReaderDep, ServiceState, StateDep
from assistant.api.limits import check_question, iterate_limited, run_limited
from assistant.api.openai_errors import InvalidParameterError, UnsupportedParameterError, openai_error
from assistant.api.openai_messages import (
    CORRECTION_HEADING,
    SOURCES_HEADING,
    footnotes,
    history_of,
    split_messages,
    usage_of,
)
from assistant.api.openai_schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ErrorEnvelope,
    ModelCard,
    ModelList,
)
from assistant.api.openai_tasks import answer_task, parse_task
from assistant.api.problems import problem_responses, scrub
from assistant.api.security import Principal
from assistant.errors import BadInputError, CQCError
from assistant.models.answers import Answer, AnswerEvent
from assistant.service import Assistant

__all__ = ["CORRECTION_HEADING", "SOURCES_HEADING", "footnotes", "split_messages"]

log = logging.getLogger("assistant.api")
router = APIRouter(prefix="/v1", tags=["openai-compatible"])
CITATIONS_HEADER = "X-Citations"
CITATIONS_HEADER_MAX = 8 * 1024


def citations_header(answer: Answer) -> str:
    """The citations as ASCII JSON for the X-Citations header (LangChain's `include_response_headers=True`
    puts it in `response_metadata["headers"]`); quotes are left out when the whole would exceed 8 KB."""
    items = [c.model_dump(mode="json") for c in answer.citations]
    text = json.dumps(items, ensure_ascii=True, separators=(",", ":"))
    if len(text) > CITATIONS_HEADER_MAX:
        text = json.dumps([{k: v for k, v in c.items() if k != "quote"} for c in items], ensure_ascii=True)
    return text


class Chunks:
    """Builds the chat.completion.chunk events of one stream and remembers the text sent (for usage)."""

    def __init__(self, body: ChatCompletionRequest, completion_id: str, encoding: str) -> None:
        self.body = body
        self.id = completion_id
        self.created = int(time.time())
        self.encoding = encoding
        self.include_usage = bool(body.stream_options and body.stream_options.include_usage)
        self.sent: list[str] = []

    def delta(self, delta: Delta, final: Answer | None = None, **extras: object) -> ServerSentEvent:
        """One chunk; the final one (finish_reason stop) carries the answer's citations and extras."""
        if delta.content:
            self.sent.append(delta.content)
        chunk = ChatCompletionChunk(
            id=self.id,
            created=self.created,
            choices=[ChunkChoice(delta=delta, finish_reason="stop" if final is not None or extras else None)],
        )
        if final is not None:
            chunk.citations = final.citations
            chunk.refused = final.refused
            chunk.fallback = final.fallback
        for name, value in extras.items():
            setattr(chunk, name, value)
        return ServerSentEvent(data=chunk.wire(usage_null=self.include_usage))

    def tail(self) -> Iterable[ServerSentEvent]:
        """The usage chunk (when asked for with stream_options.include_usage), then [DONE]."""
        if self.include_usage:
            usage = usage_of(self.body.messages, "".join(self.sent), self.encoding)
            chunk = ChatCompletionChunk(id=self.id, created=self.created, choices=[], usage=usage)
            yield ServerSentEvent(data=chunk.wire())
        yield ServerSentEvent(data="[DONE]")


def error_event(exc: Exception) -> ServerSentEvent:
    """An error in the middle of a stream, in OpenAI's envelope (the SDK raises APIError with its message)."""
    if isinstance(exc, CQCError):
        _, body = openai_error(exc.status, exc.code, scrub(exc.message), getattr(exc, "param", None))
    else:
        log.exception("unhandled error in a chat completion stream", exc_info=exc)
        _, body = openai_error(500, "internal_error", "The answer could not be completed.")
    return ServerSentEvent(data=json.dumps(body))


async def completion_stream(
    state: ServiceState,
    principal: Principal,
    turn: TurnContext,
    question: str,
    events: AsyncIterator[AnswerEvent],
    chunks: Chunks,
) -> AsyncIterator[ServerSentEvent]:
    """chat.completion.chunk events, the final chunk with citations, the usage chunk if asked, then [DONE]."""
    yield chunks.delta(Delta(role="assistant", content=""))
    try:
        async for event in events:
            if event.type == "delta" and event.text:
                yield chunks.delta(Delta(content=event.text))
            elif event.type == "final" and event.answer is not None:
                answer = await close_turn(state, principal, turn, question, event.answer)
                if event.corrected:  # validation trimmed or replaced the streamed text: send what stands
                    yield chunks.delta(Delta(content=CORRECTION_HEADING + answer.answer))
                notes = footnotes(answer.citations)
                if notes:
                    yield chunks.delta(Delta(content=notes))
                yield chunks.delta(
                    Delta(), final=answer, conversation_id=turn.conversation_id, corrected=event.corrected
                )
    except Exception as exc:  # the status line is long gone: report in the stream, as OpenAI does
        yield error_event(exc)
        return
    for item in chunks.tail():
        yield item


def task_stream(text: str, chunks: Chunks) -> Iterator[ServerSentEvent]:
    """A task prompt's answer as a stream: role, the text, stop, usage if asked, [DONE]."""
    yield chunks.delta(Delta(role="assistant", content=""))
    yield chunks.delta(Delta(content=text))
    yield chunks.delta(Delta(), refused=False)
    yield from chunks.tail()


async def prepare(
    body: ChatCompletionRequest, question_text: str, pairs: list[tuple[str, str]], principal: Principal,
    state: ServiceState, assistant: Assistant,
) -> tuple[str, TurnContext]:
    """The question and its conversation (history from the store, or from the client's messages)."""
    api = state.settings.api
    try:
        question = check_question(question_text, api)
    except BadInputError as exc:
        hint = " (CQC_API__MAX_QUESTION_CHARS)" if len(question_text.strip()) > api.max_question_chars else ""
        raise InvalidParameterError("messages", exc.message + hint) from None
    conversations = state.open_conversations()
    turn = await open_turn(conversations, principal, body.conversation_id, api.request_timeout_s)
    if not body.conversation_id and pairs:
        history = await run_limited(api.request_timeout_s, history_of, assistant, pairs)
        turn = TurnContext(turn.conversation_id, history, turn.new)
    return question, turn


def completion_of(body: ChatCompletionRequest, answer: Answer, completion_id: str, encoding: str) -> ChatCompletion:
    """A chat.completion for a finished answer, with usage and citations (on the message and the response)."""
    content = answer.answer + footnotes(answer.citations)
    return ChatCompletion(
        id=completion_id,
        created=int(time.time()),
        choices=[Choice(message=AssistantMessage(content=content, citations=answer.citations))],
        usage=usage_of(body.messages, content, encoding),
        citations=answer.citations,
        conversation_id=answer.conversation_id,
        refused=answer.refused,
        fallback=answer.fallback,
    )


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    summary="OpenAI-compatible chat completion (streaming with stream=true)",
    description=__doc__,
    responses={
        200: {
            "description": "A chat.completion, or with stream=true a text/event-stream of chunks.",
            "content": {
                "text/event-stream": {
                    "itemSchema": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "string",
                                "description": "A ChatCompletionChunk as JSON, an error envelope, or `[DONE]`.",
                            },
                            "event": {"type": "string"},
                            "id": {"type": "string"},
                            "retry": {"type": "integer", "minimum": 0},
                        },
                    }
                }
            },
        },
        **problem_responses(400, 401, 403, 404, 413, 429, 500, 503, 504, envelope=ErrorEnvelope),
    },
)
async def chat_completions(
    body: ChatCompletionRequest,
    response: Response,
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
    conversations: ConversationsDep,
) -> ChatCompletion | EventSourceResponse:
    """Answer the last user message, OpenAI style."""
    refused = body.unsupported()
    if refused is not None:
        raise UnsupportedParameterError(*refused)
    settings = state.settings
    timeout = settings.api.request_timeout_s
    encoding = settings.ingest.tokenizer_encoding
    completion_id = "chatcmpl-" + secrets.token_hex(12)
    question_text, pairs = split_messages(body.messages)
    task = parse_task(question_text)
    if task is not None:
        councils = await run_limited(timeout, assistant.catalog.councils)
        text = answer_task(task, councils, settings.api.chat_tasks)
        if body.stream:
            return EventSourceResponse(task_stream(text, Chunks(body, completion_id, encoding)), ping=15)
        message = AssistantMessage(content=text)
        return ChatCompletion(
            id=completion_id, created=int(time.time()), choices=[Choice(message=message)],
            usage=usage_of(body.messages, text, encoding),
        )
    question, turn = await prepare(body, question_text, pairs, principal, state, assistant)
    if not body.stream:
        answer = await run_limited(timeout, assistant.ask, question, turn.history)
        answer = await close_turn(state, principal, turn, question, answer)
        response.headers[CITATIONS_HEADER] = citations_header(answer)
        return completion_of(body, answer, completion_id, encoding)
    events = iterate_limited(timeout, assistant.ask_events(question, turn.history))
    first = await anext(events)  # errors before any output become ordinary error responses

    async def with_first() -> AsyncIterator[AnswerEvent]:
        yield first
        async for event in events:
            yield event

    chunks = Chunks(body, completion_id, encoding)
    return EventSourceResponse(
        completion_stream(state, principal, turn, question, with_first(), chunks),
        headers={"X-Conversation-Id": turn.conversation_id},
        ping=15,
    )


@router.get(
    "/models",
    response_model=ModelList,
    summary="OpenAI-compatible model list",
    responses=problem_responses(401, 403, 429, envelope=ErrorEnvelope),
)
async def models(principal: ReaderDep) -> ModelList:
    """The one model this service offers."""
    return ModelList(data=[ModelCard()])
