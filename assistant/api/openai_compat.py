"""POST /v1/chat/completions and GET /v1/models: OpenAI-compatible, so chat UIs and SDKs plug in unchanged.

The last user message is the question; earlier user/assistant pairs are the history (or send the extra
`conversation_id` to continue a server-side conversation). Citations survive any client: numbered
markers stay in the text, a "Sources" footnote block is appended to the content, and the structured
citations travel in an extra `citations` field (on the response, and on the final stream chunk).
When validation trims or replaces a model's streamed text, the stream sends a "[Corrected answer]" delta
with the validated answer before the footnotes, and the final chunk says `corrected: true` with the
`fallback` reason; clients should show the text after the last "[Corrected answer]" line.
System messages are not obeyed: answers come from the loaded documents only.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator, Sequence

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.ask import TurnContext, close_turn, open_turn
from assistant.api.deps import AssistantDep, ConversationsDep, ReaderDep, ServiceState, StateDep
from assistant.api.limits import check_question, iterate_limited, run_limited
from assistant.api.openai_schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatMessage,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
)
from assistant.api.problems import problem_responses, scrub
from assistant.api.security import Principal
from assistant.errors import BadInputError, CQCError
from assistant.models.answers import Answer, AnswerEvent, Citation
from assistant.models.questions import Turn
from assistant.service import Assistant
from assistant.understand.analyse import analyse

router = APIRouter(prefix="/v1", tags=["openai-compatible"])

SOURCES_HEADING = "\n\nSources:\n"
CORRECTION_HEADING = "\n\n[Corrected answer]\n"
FOOTNOTE_QUOTE_CHARS = 300


def footnotes(citations: Sequence[Citation]) -> str:
    """The citations as a plain-text footnote block ('' when there are none)."""
    if not citations:
        return ""
    lines = []
    for c in citations:
        quote = " ".join(c.quote.split())
        if len(quote) > FOOTNOTE_QUOTE_CHARS:
            quote = quote[:FOOTNOTE_QUOTE_CHARS].rstrip() + "…"
        where = f", {c.section}" if c.section else ""
        lines.append(f"[{c.n}] {c.title}{where}: “{quote}”")
    return SOURCES_HEADING + "\n".join(lines)


def split_messages(messages: Sequence[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """The question (last user message) and earlier (question, answer) pairs, footnotes stripped."""
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=None)
    if last_user is None:
        raise BadInputError("The messages contain no user message to answer.")
    pairs: list[tuple[str, str]] = []
    pending: str | None = None
    for message in messages[:last_user]:
        if message.role == "user":
            pending = message.text()
        elif message.role == "assistant" and pending is not None:
            text = message.text().split(SOURCES_HEADING, 1)[0].rsplit(CORRECTION_HEADING, 1)[-1]
            pairs.append((pending, text))
            pending = None
    return messages[last_user].text(), pairs


def history_of(assistant: Assistant, pairs: Sequence[tuple[str, str]], keep: int = 10) -> list[Turn]:
    """Turns for client-sent history, each question analysed as the assistant would have."""
    councils = assistant.catalog.councils()
    turns: list[Turn] = []
    for question, answer in list(pairs)[-keep:]:
        analysis = analyse(question, turns, councils)
        turns.append(Turn(question=question, answer=answer, analysis=analysis))
    return turns


async def prepare(
    body: ChatCompletionRequest, principal: Principal, state: ServiceState, assistant: Assistant
) -> tuple[str, TurnContext]:
    """The question and its conversation (history from the store, or from the client's messages)."""
    api = state.settings.api
    question_text, pairs = split_messages(body.messages)
    question = check_question(question_text, api)
    assert state.conversations is not None
    turn = await open_turn(state.conversations, principal, body.conversation_id, api.request_timeout_s)
    if not body.conversation_id and pairs:
        history = await run_limited(api.request_timeout_s, history_of, assistant, pairs)
        turn = TurnContext(turn.conversation_id, history, turn.new)
    return question, turn


def completion_of(answer: Answer, completion_id: str) -> ChatCompletion:
    """A chat.completion for a finished answer."""
    return ChatCompletion(
        id=completion_id,
        created=int(time.time()),
        choices=[Choice(message=AssistantMessage(content=answer.answer + footnotes(answer.citations)))],
        citations=answer.citations,
        conversation_id=answer.conversation_id,
        refused=answer.refused,
        fallback=answer.fallback,
    )


async def completion_stream(
    state: ServiceState,
    principal: Principal,
    turn: TurnContext,
    question: str,
    events: AsyncIterator[AnswerEvent],
    completion_id: str,
) -> AsyncIterator[ServerSentEvent]:
    """chat.completion.chunk events, then the final chunk with citations, then [DONE]."""
    created = int(time.time())

    def chunk(delta: Delta, final: Answer | None = None, corrected: bool = False) -> ServerSentEvent:
        body = ChatCompletionChunk(
            id=completion_id,
            created=created,
            choices=[ChunkChoice(delta=delta, finish_reason="stop" if final else None)],
        )
        if final is not None:
            body.citations = final.citations
            body.conversation_id = turn.conversation_id
            body.refused = final.refused
            body.corrected = corrected
            body.fallback = final.fallback
        return ServerSentEvent(data=body.wire())

    yield chunk(Delta(role="assistant", content=""))
    try:
        async for event in events:
            if event.type == "delta" and event.text:
                yield chunk(Delta(content=event.text))
            elif event.type == "final" and event.answer is not None:
                answer = await close_turn(state, principal, turn, question, event.answer)
                if event.corrected:  # validation trimmed or replaced the streamed text: send what stands
                    yield chunk(Delta(content=CORRECTION_HEADING + answer.answer))
                notes = footnotes(answer.citations)
                if notes:
                    yield chunk(Delta(content=notes))
                yield chunk(Delta(), final=answer, corrected=event.corrected)
    except CQCError as exc:
        error = {"message": scrub(exc.message), "type": exc.code, "code": exc.status}
        yield ServerSentEvent(data=json.dumps({"error": error}))
        return
    yield ServerSentEvent(data="[DONE]")


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
                                "description": "A ChatCompletionChunk as JSON, or the final `[DONE]`.",
                            },
                            "event": {"type": "string"},
                            "id": {"type": "string"},
                            "retry": {"type": "integer", "minimum": 0},
                        },
                    }
                }
            },
        },
        **problem_responses(401, 403, 404, 413, 422, 429, 503, 504),
    },
)
async def chat_completions(
    body: ChatCompletionRequest,
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
    conversations: ConversationsDep,
) -> ChatCompletion | EventSourceResponse:
    """Answer the last user message, OpenAI style."""
    question, turn = await prepare(body, principal, state, assistant)
    completion_id = "chatcmpl-" + secrets.token_hex(12)
    timeout = state.settings.api.request_timeout_s
    if not body.stream:
        answer = await run_limited(timeout, assistant.ask, question, turn.history)
        answer = await close_turn(state, principal, turn, question, answer)
        return completion_of(answer, completion_id)
    events = iterate_limited(timeout, assistant.ask_events(question, turn.history))
    first = await anext(events)

    async def with_first() -> AsyncIterator[AnswerEvent]:
        yield first
        async for event in events:
            yield event

    return EventSourceResponse(
        completion_stream(state, principal, turn, question, with_first(), completion_id),
        headers={"X-Conversation-Id": turn.conversation_id},
        ping=15,
    )


@router.get(
    "/models",
    response_model=ModelList,
    summary="OpenAI-compatible model list",
    responses=problem_responses(401, 403, 429),
)
async def models(principal: ReaderDep) -> ModelList:
    """The one model this service offers."""
    return ModelList(data=[ModelCard()])
