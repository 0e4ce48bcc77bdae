"""POST /v1/ask: one question -> the full Answer JSON, remembered in a server-side conversation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from fastapi import APIRouter, Response

from assistant.api.deps import ReaderDep, ServiceState, StateDep
from assistant.api.limits import check_question, run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_answer
from assistant.api.schemas import AskRequest
from assistant.api.security import Principal
from assistant.catalog.conversations import ConversationStore
from assistant.models.answers import Answer
from assistant.models.questions import Turn
from assistant.service import Assistant

router = APIRouter(prefix="/v1", tags=["answers"])


def owner_of(principal: Principal) -> str:
    """Who owns the conversations a caller starts: its key, or 'local' on an open (keyless) server."""
    return principal.subject if principal.subject.startswith("key:") else "local"


@dataclass(frozen=True)
class TurnContext:
    """The conversation a question belongs to: its id, the history so far, whether it is new."""

    conversation_id: str
    history: list[Turn]
    new: bool


async def open_turn(
    conversations: ConversationStore, principal: Principal, conversation_id: str | None, timeout_s: float
) -> TurnContext:
    """The conversation to continue (with its history) or a new one (stored with its first turn)."""
    if conversation_id:
        history = await run_limited(timeout_s, conversations.history, conversation_id, owner_of(principal))
        return TurnContext(conversation_id, history, new=False)
    return TurnContext(conversations.new_id(), [], new=True)


async def close_turn(
    state: ServiceState, principal: Principal, turn: TurnContext, question: str, answer: Answer
) -> Answer:
    """Record the turn, count the answer and return it stamped with the conversation id (file names only)."""
    assert state.conversations is not None
    conversation_id = turn.conversation_id
    answer = public_answer(answer)
    await run_limited(
        state.settings.api.request_timeout_s,
        partial(state.conversations.append, new=turn.new),
        conversation_id,
        owner_of(principal),
        question,
        answer,
    )
    state.metrics.answer(answer)
    return answer.model_copy(update={"conversation_id": conversation_id})


def answer_turn(
    assistant: Assistant,
    conversations: ConversationStore,
    principal: Principal,
    conversation_id: str | None,
    question: str,
    council: str | None = None,
) -> Answer:
    """Blocking: load the history, answer, record the turn; one trip to the thread pool per question.

    Returns the public answer stamped with its conversation id (unknown or foreign conversations are
    NotFoundError before anything is answered).
    """
    owner = owner_of(principal)
    new = not conversation_id
    history = [] if new else conversations.history(str(conversation_id), owner)
    cid = conversations.new_id() if new else str(conversation_id)
    answer = public_answer(assistant.ask(question, history, council))
    conversations.append(cid, owner, question, answer, new=new)
    return answer.model_copy(update={"conversation_id": cid})


@router.post(
    "/ask",
    response_model=Answer,
    summary="Ask a question and get a cited answer",
    description=(
        "Answers from the loaded documents only: every claim carries numbered citations of verbatim "
        "passages, scores and ratings come from the catalog, and `refused: true` means there is no "
        "evidence. Send `conversation_id` from a previous answer to ask a follow-up."
    ),
    responses=problem_responses(401, 403, 404, 413, 422, 429, 503, 504),
)
async def ask(
    body: AskRequest,
    principal: ReaderDep,
    state: StateDep,
) -> Response:
    """Answer one question (a follow-up when conversation_id is given)."""
    api = state.settings.api
    question = check_question(body.question, api)
    # looked up here rather than as dependencies: each dependency costs the event loop per request
    assistant, conversations = state.open_assistant(), state.open_conversations()
    answer = await run_limited(
        api.request_timeout_s, answer_turn, assistant, conversations, principal, body.conversation_id, question,
        body.council,
    )
    state.metrics.answer(answer)
    # serialised here: the Answer was built by our own code, FastAPI's re-validation would only cost time
    return Response(answer.model_dump_json(), media_type="application/json")
