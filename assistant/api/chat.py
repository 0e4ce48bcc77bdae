"""POST /v1/chat: the answer streamed as server-sent events, remembered in a conversation.

Events, in order: one ``analysis``, ``delta`` text pieces, one ``citation`` per citation, one ``final``
whose data is the full Answer (with ``conversation_id``). Every event's data is the JSON of an
AnswerEvent. When the final answer differs from the streamed deltas (a model's text that validation
trimmed or replaced), the final event has ``corrected: true`` and its answer is the one to show.
A failure after the stream started ends it with an ``error`` event holding a problem.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.api.ask import TurnContext, close_turn, open_turn
from assistant.api.deps import AssistantDep, ConversationsDep, ReaderDep, ServiceState, StateDep
from assistant.api.limits import check_question, iterate_limited
from assistant.api.problems import PROBLEM_BASE, problem_responses, scrub
from assistant.api.public import public_citation
from assistant.api.schemas import AskRequest
from assistant.api.security import Principal
from assistant.errors import CQCError
from assistant.models.answers import AnswerEvent

router = APIRouter(prefix="/v1", tags=["answers"])

SSE_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A text/event-stream of analysis, delta, citation and final events (data: AnswerEvent "
        "JSON; a failure mid-stream ends with an `error` event whose data is a Problem).",
        "content": {
            "text/event-stream": {
                "itemSchema": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "event": {
                            "type": "string",
                            "enum": ["analysis", "delta", "citation", "final", "error"],
                        },
                        "id": {"type": "string"},
                        "retry": {"type": "integer", "minimum": 0},
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/AnswerEvent"},
                                    {"$ref": "#/components/schemas/Problem"},
                                ]
                            },
                        },
                    },
                },
                "example": 'event: analysis\ndata: {"type": "analysis", "analysis": {...}}\n\n'
                'event: delta\ndata: {"type": "delta", "text": "Derby City Council scored 2 "}\n\n'
                'event: citation\ndata: {"type": "citation", "citation": {"n": 1, ...}}\n\n'
                'event: final\ndata: {"type": "final", "answer": {..., "conversation_id": "conv_..."}}\n\n',
            }
        },
    }
}
STREAM_MODELS = (AnswerEvent,)  # referenced from the stream schema: app.py adds them to the components


def error_event(exc: CQCError) -> ServerSentEvent:
    """A problem document as the stream's last event."""
    problem = {
        "type": PROBLEM_BASE + exc.code,
        "title": exc.title,
        "status": exc.status,
        "detail": scrub(exc.message),
        "code": exc.code,
    }
    return ServerSentEvent(data=json.dumps(problem), event="error")


async def answer_stream(
    state: ServiceState,
    principal: Principal,
    turn: TurnContext,
    question: str,
    events: AsyncIterator[AnswerEvent],
) -> AsyncIterator[ServerSentEvent]:
    """Server-sent events for one answer; the final one is stamped and the turn recorded."""
    n = 0
    try:
        async for event in events:
            n += 1
            if event.type == "final" and event.answer is not None:
                answer = await close_turn(state, principal, turn, question, event.answer)
                event = event.model_copy(update={"answer": answer})  # keeps `corrected`
            elif event.type == "citation" and event.citation is not None:
                event = event.model_copy(update={"citation": public_citation(event.citation)})
            yield ServerSentEvent(data=event.model_dump_json(), event=event.type, id=str(n))
    except CQCError as exc:
        yield error_event(exc)


@router.post(
    "/chat",
    summary="Ask a question and stream the answer (server-sent events)",
    description=__doc__,
    response_class=EventSourceResponse,
    responses={**SSE_DOC, **problem_responses(401, 403, 404, 413, 422, 429, 503, 504)},
)
async def chat(
    body: AskRequest,
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
    conversations: ConversationsDep,
) -> EventSourceResponse:
    """Stream the answer to one question (a follow-up when conversation_id is given)."""
    api = state.settings.api
    question = check_question(body.question, api)
    turn = await open_turn(conversations, principal, body.conversation_id, api.request_timeout_s)
    events = iterate_limited(api.request_timeout_s, assistant.ask_events(question, turn.history, body.council))
    first = await anext(events)  # errors before any output become ordinary problem responses

    async def with_first() -> AsyncIterator[AnswerEvent]:
        yield first
        async for event in events:
            yield event

    return EventSourceResponse(
        answer_stream(state, principal, turn, question, with_first()),
        headers={"X-Conversation-Id": turn.conversation_id, "Cache-Control": "no-store"},
        ping=15,
    )
