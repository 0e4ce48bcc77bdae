"""Who is calling and what they have asked: GET /v1/me and the caller's own conversations.

`GET /v1/me` tells a client which controls to show: `reader`, `admin`, or `open` when the service has no
API keys at all (it then listens on loopback only and every caller may do everything an admin may, so the
browser UI shows the admin controls with a note saying why). Conversations belong to the key that started
them (a fingerprint of the key, never the key; "local" on an open service): `GET /v1/conversations` lists
the caller's own, `GET /v1/conversations/{id}` returns one with its answers, for reopening.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel, Field

from assistant.api.ask import owner_of
from assistant.api.deps import ReaderDep, StateDep
from assistant.api.limits import run_limited
from assistant.api.problems import problem_responses
from assistant.catalog.conversations import ConversationSummary

router = APIRouter(prefix="/v1", tags=["account"])


class Me(BaseModel):
    """The caller's role as the service sees it."""

    role: Literal["reader", "admin", "open"] = Field(
        ..., description="`open`: the service has no API keys (loopback only); every caller acts as admin."
    )
    can_manage_documents: bool
    can_read_feedback: bool


class ConversationList(BaseModel):
    """The caller's conversations, most recently used first."""

    conversations: list[ConversationSummary]


class ConversationTurn(BaseModel):
    """One question and its stored answer (the Answer JSON, without passages)."""

    ordinal: int
    question: str
    answer: dict[str, Any]
    at: datetime


class ConversationDetail(BaseModel):
    """A conversation's turns, oldest first."""

    id: str
    turns: list[ConversationTurn]


@router.get("/me", response_model=Me, summary="The caller's role", responses=problem_responses(401, 429))
async def me(principal: ReaderDep, state: StateDep) -> Me:
    """`reader`, `admin`, or `open` (no keys configured): which controls a client should offer."""
    role: Literal["reader", "admin", "open"] = "open" if state.keyring.open else principal.role
    admin = role != "reader"
    return Me(role=role, can_manage_documents=admin, can_read_feedback=admin)


@router.get(
    "/conversations",
    response_model=ConversationList,
    summary="The caller's own conversations",
    responses=problem_responses(401, 422, 429, 503, 504),
)
async def list_conversations(
    principal: ReaderDep, state: StateDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> ConversationList:
    """Conversations started with the caller's key (not expired), latest first."""
    store = state.open_conversations()
    items = await run_limited(state.settings.api.request_timeout_s, store.list_for, owner_of(principal), limit)
    return ConversationList(conversations=items)


@router.get(
    "/conversations/{conversation_id}",
    response_model=ConversationDetail,
    summary="One of the caller's conversations with its answers",
    responses=problem_responses(401, 404, 429, 503, 504),
)
async def get_conversation(
    conversation_id: str, principal: ReaderDep, state: StateDep
) -> ConversationDetail:
    """Every turn of a conversation the caller started (404 for anyone else's)."""
    store = state.open_conversations()
    turns = await run_limited(state.settings.api.request_timeout_s, store.turns, conversation_id, owner_of(principal))
    return ConversationDetail(id=conversation_id, turns=[ConversationTurn.model_validate(t) for t in turns])


def include_account(app: FastAPI) -> None:
    """Add /v1/me and the conversation routes to the app."""
    app.include_router(router)
