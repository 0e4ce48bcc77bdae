"""Server-side conversations, kept in the database's own tables (`api_conversations`, `api_turns`) so any
worker serves any turn.

A conversation belongs to the caller that started it (a key fingerprint or, for an open local server,
nothing in particular): another caller asking for it gets "not found". Conversations not touched for
`retention_days` are deleted.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import Connection, bindparam, delete, func, select, update

from assistant.catalog.database import Database
from assistant.catalog.group_commit import GroupCommit
from assistant.catalog.tables import api_conversations as conversations
from assistant.catalog.tables import api_turns as turns
from assistant.errors import NotFoundError
from assistant.models.answers import Answer
from assistant.models.questions import QuestionAnalysis, Turn

HISTORY_TURNS = 10  # turns handed to the assistant to resolve a follow-up

# The statements of every turn, built once: a statement object keeps its cache key and compiled form, so
# each request only binds its values (building `.values(...)` anew cost a cache key per request).
_INSERT_CONVERSATION = conversations.insert()
_INSERT_TURN = turns.insert()
_OWNER = select(conversations.c.owner, conversations.c.updated_at).where(conversations.c.id == bindparam("cid"))
_OWNER_LOCKED = _OWNER.with_for_update()  # FOR UPDATE: PostgreSQL only
_NEXT_ORDINAL = (select(func.coalesce(func.max(turns.c.ordinal) + 1, 0))
                 .where(turns.c.conversation_id == bindparam("cid")))
_TOUCH = update(conversations).where(conversations.c.id == bindparam("cid")).values(updated_at=bindparam("stamp"))
_HISTORY = (select(turns.c.question, turns.c.answer, turns.c.analysis_json, turns.c.at)
            .where(turns.c.conversation_id == bindparam("cid")).order_by(turns.c.ordinal.desc())
            .limit(bindparam("limit")))


class ConversationSummary(BaseModel):
    """One of a caller's conversations, for a "my conversations" list."""

    id: str
    title: str  # its first question
    turns: int
    created_at: datetime
    updated_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


class ConversationStore:
    """Conversations and their turns (question, answer, analysis) with timestamps."""

    def __init__(self, database: Database, retention_days: int = 30, purge_every_s: float = 3600.0) -> None:
        self.database = database
        self.writes = GroupCommit(database)  # turns of concurrent requests share a transaction (SQLite)
        self.retention = timedelta(days=retention_days)
        self._purge_every = purge_every_s
        self._last_purge: float | None = None

    def _cutoff(self) -> str:
        return (_now() - self.retention).isoformat()

    @staticmethod
    def new_id() -> str:
        """A fresh, unguessable conversation id (the conversation exists once its first turn is stored)."""
        return "conv_" + secrets.token_urlsafe(18)

    def create(self, owner: str) -> str:
        """Start an empty conversation for `owner` and return its id."""
        conversation_id = self.new_id()
        with self.database.write() as db:
            self._insert(db, conversation_id, owner)
        return conversation_id

    @staticmethod
    def _insert(db: Connection, conversation_id: str, owner: str, stamp: str | None = None) -> None:
        stamp = stamp or _now().isoformat()
        db.execute(_INSERT_CONVERSATION, {"id": conversation_id, "owner": owner, "created_at": stamp,
                                          "updated_at": stamp})

    def _check(self, db: Connection, conversation_id: str, owner: str, lock: bool = False) -> None:
        row = db.execute(_OWNER_LOCKED if lock else _OWNER, {"cid": conversation_id}).first()
        if row is None or not secrets.compare_digest(str(row[0]), owner) or row[1] < self._cutoff():
            raise NotFoundError(f"No conversation {conversation_id!r} (unknown, expired or not yours).")

    def history(self, conversation_id: str, owner: str, limit: int = HISTORY_TURNS) -> list[Turn]:
        """The latest turns of a conversation, oldest first; NotFoundError when unknown or expired."""
        with self.database.read() as db:
            self._check(db, conversation_id, owner)
            rows = db.execute(_HISTORY, {"cid": conversation_id, "limit": limit}).all()
        return [
            Turn(
                question=q,
                answer=a,
                analysis=QuestionAnalysis.model_validate_json(analysis),
                at=datetime.fromisoformat(at),
            )
            for q, a, analysis, at in reversed(rows)
        ]

    def append(self, conversation_id: str, owner: str, question: str, answer: Answer, *, new: bool = False) -> int:
        """Record one turn (creating the conversation first when `new`); returns its ordinal."""
        self.maybe_purge()
        stamp = _now().isoformat()
        # serialised before the transaction begins: the write lock is held only for the statements
        analysis_json = answer.analysis.model_dump_json()
        answer_json = answer.model_dump_json(exclude={"passages"})

        def write(db: Connection) -> int:
            ordinal = 0
            if new:  # created with this stamp: no ordinal to look up, no updated_at to move
                self._insert(db, conversation_id, owner, stamp)
            else:  # the conversation's row locked first: two workers appending to it take turns
                self._check(db, conversation_id, owner, lock=True)
                ordinal = db.execute(_NEXT_ORDINAL, {"cid": conversation_id}).scalar_one()
                db.execute(_TOUCH, {"cid": conversation_id, "stamp": stamp})
            db.execute(_INSERT_TURN, {
                "conversation_id": conversation_id, "ordinal": ordinal, "question": question,
                "answer": answer.answer, "analysis_json": analysis_json, "answer_json": answer_json, "at": stamp,
            })
            return int(ordinal)

        # its only project error (an unknown or foreign conversation) comes from `_check`, before any change
        return self.writes.run(write, savepoint=False)

    def turns(self, conversation_id: str, owner: str) -> list[dict[str, object]]:
        """Every stored turn of a conversation with its full answer JSON (for export and inspection)."""
        c = turns.c
        with self.database.read() as db:
            self._check(db, conversation_id, owner)
            rows = db.execute(
                select(c.ordinal, c.question, c.answer_json, c.at).where(c.conversation_id == conversation_id)
                .order_by(c.ordinal)
            ).all()
        return [{"ordinal": o, "question": q, "answer": json.loads(a), "at": at} for o, q, a, at in rows]

    def list_for(self, owner: str, limit: int = 50) -> list[ConversationSummary]:
        """The owner's unexpired conversations, latest first, each with its first question and turn count."""
        c, tc = conversations.c, turns.c
        first = (select(tc.question).where(tc.conversation_id == c.id).order_by(tc.ordinal).limit(1)
                 .scalar_subquery())
        count = select(func.count()).where(tc.conversation_id == c.id).scalar_subquery()
        with self.database.read() as db:
            rows = db.execute(
                select(c.id, c.created_at, c.updated_at, first, count)
                .where(c.owner == owner, c.updated_at >= self._cutoff())
                .order_by(c.updated_at.desc()).limit(limit)
            ).all()
        return [
            ConversationSummary(
                id=i, created_at=datetime.fromisoformat(created), updated_at=datetime.fromisoformat(updated),
                title=q or "(no question)", turns=int(n),
            )
            for i, created, updated, q, n in rows
            if n
        ]

    def delete(self, conversation_id: str, owner: str) -> None:
        """Delete a conversation and its turns."""
        with self.database.write() as db:
            self._check(db, conversation_id, owner, lock=True)
            db.execute(delete(turns).where(turns.c.conversation_id == conversation_id))
            db.execute(delete(conversations).where(conversations.c.id == conversation_id))

    def purge(self) -> int:
        """Delete conversations idle for longer than the retention period; returns how many."""
        cutoff = self._cutoff()
        idle = select(conversations.c.id).where(conversations.c.updated_at < cutoff)
        with self.database.write() as db:
            db.execute(delete(turns).where(turns.c.conversation_id.in_(idle)))
            removed = db.execute(delete(conversations).where(conversations.c.updated_at < cutoff)).rowcount
        self._last_purge = time.monotonic()
        return int(removed)

    def maybe_purge(self) -> None:
        """Purge when the last purge in this process is older than `purge_every_s`."""
        if self._last_purge is None or time.monotonic() - self._last_purge >= self._purge_every:
            self.purge()

    def count(self) -> int:
        """Number of stored conversations."""
        with self.database.read() as db:
            return int(db.execute(select(func.count()).select_from(conversations)).scalar_one())
