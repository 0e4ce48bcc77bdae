"""Server-side conversations, kept in the catalog's SQLite file (own tables) so any worker serves any turn.

A conversation belongs to the caller that started it (a key fingerprint or, for an open local server,
nothing in particular): another caller asking for it gets "not found". Conversations not touched for
`retention_days` are deleted.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from assistant.catalog.connection import SharedConnection
from assistant.errors import NotFoundError
from assistant.models.answers import Answer
from assistant.models.questions import QuestionAnalysis, Turn

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_conversations_updated ON api_conversations(updated_at);
CREATE TABLE IF NOT EXISTS api_turns (
    conversation_id TEXT NOT NULL REFERENCES api_conversations(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    analysis_json TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, ordinal)
);
"""
HISTORY_TURNS = 10  # turns handed to the assistant to resolve a follow-up


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

    def __init__(self, path: Path, retention_days: int = 30, purge_every_s: float = 3600.0) -> None:
        self.path = path
        self.retention = timedelta(days=retention_days)
        self._purge_every = purge_every_s
        self._last_purge: float | None = None
        # foreign keys for turns; NORMAL sync: the catalog file is in WAL mode
        self._conn = SharedConnection(path, "foreign_keys = ON", "synchronous = NORMAL")
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._conn.use()

    def close(self) -> None:
        """Close the connection (a later call reopens it)."""
        self._conn.close()

    def _cutoff(self) -> str:
        return (_now() - self.retention).isoformat()

    @staticmethod
    def new_id() -> str:
        """A fresh, unguessable conversation id (the conversation exists once its first turn is stored)."""
        return "conv_" + secrets.token_urlsafe(18)

    def create(self, owner: str) -> str:
        """Start an empty conversation for `owner` and return its id."""
        conversation_id = self.new_id()
        with self._connect() as db:
            self._insert(db, conversation_id, owner)
        return conversation_id

    def _insert(self, db: sqlite3.Connection, conversation_id: str, owner: str, stamp: str | None = None) -> None:
        stamp = stamp or _now().isoformat()
        db.execute(
            "INSERT INTO api_conversations (id, owner, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (conversation_id, owner, stamp, stamp),
        )

    def _check(self, db: sqlite3.Connection, conversation_id: str, owner: str) -> None:
        row = db.execute("SELECT owner, updated_at FROM api_conversations WHERE id = ?", (conversation_id,)).fetchone()
        if row is None or not secrets.compare_digest(str(row[0]), owner) or row[1] < self._cutoff():
            raise NotFoundError(f"No conversation {conversation_id!r} (unknown, expired or not yours).")

    def history(self, conversation_id: str, owner: str, limit: int = HISTORY_TURNS) -> list[Turn]:
        """The latest turns of a conversation, oldest first; NotFoundError when unknown or expired."""
        with self._connect() as db:
            self._check(db, conversation_id, owner)
            rows = db.execute(
                "SELECT question, answer, analysis_json, at FROM api_turns WHERE conversation_id = ? "
                "ORDER BY ordinal DESC LIMIT ?",
                (conversation_id, limit),
            ).fetchall()
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
        # serialised before taking the connection: the write lock is held only for the statements
        analysis_json = answer.analysis.model_dump_json()
        answer_json = answer.model_dump_json(exclude={"passages"})
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                ordinal = 0
                if new:  # created with this stamp: no ordinal to look up, no updated_at to move
                    self._insert(db, conversation_id, owner, stamp)
                else:
                    self._check(db, conversation_id, owner)
                    (ordinal,) = db.execute(
                        "SELECT COALESCE(MAX(ordinal) + 1, 0) FROM api_turns WHERE conversation_id = ?",
                        (conversation_id,),
                    ).fetchone()
                    db.execute("UPDATE api_conversations SET updated_at = ? WHERE id = ?", (stamp, conversation_id))
                db.execute(
                    "INSERT INTO api_turns (conversation_id, ordinal, question, answer, analysis_json, "
                    "answer_json, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation_id,
                        ordinal,
                        question,
                        answer.answer,
                        analysis_json,
                        answer_json,
                        stamp,
                    ),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return int(ordinal)

    def turns(self, conversation_id: str, owner: str) -> list[dict[str, object]]:
        """Every stored turn of a conversation with its full answer JSON (for export and inspection)."""
        with self._connect() as db:
            self._check(db, conversation_id, owner)
            rows = db.execute(
                "SELECT ordinal, question, answer_json, at FROM api_turns WHERE conversation_id = ? ORDER BY ordinal",
                (conversation_id,),
            ).fetchall()
        return [{"ordinal": o, "question": q, "answer": json.loads(a), "at": at} for o, q, a, at in rows]

    def list_for(self, owner: str, limit: int = 50) -> list[ConversationSummary]:
        """The owner's unexpired conversations, latest first, each with its first question and turn count."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT c.id, c.created_at, c.updated_at, "
                "(SELECT question FROM api_turns t WHERE t.conversation_id = c.id ORDER BY ordinal LIMIT 1), "
                "(SELECT COUNT(*) FROM api_turns t WHERE t.conversation_id = c.id) "
                "FROM api_conversations c WHERE c.owner = ? AND c.updated_at >= ? "
                "ORDER BY c.updated_at DESC LIMIT ?",
                (owner, self._cutoff(), limit),
            ).fetchall()
        return [
            ConversationSummary(
                id=i, created_at=datetime.fromisoformat(c), updated_at=datetime.fromisoformat(u),
                title=q or "(no question)", turns=int(n),
            )
            for i, c, u, q, n in rows
            if n
        ]

    def delete(self, conversation_id: str, owner: str) -> None:
        """Delete a conversation and its turns."""
        with self._connect() as db:
            self._check(db, conversation_id, owner)
            db.execute("DELETE FROM api_turns WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM api_conversations WHERE id = ?", (conversation_id,))

    def purge(self) -> int:
        """Delete conversations idle for longer than the retention period; returns how many."""
        cutoff = self._cutoff()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "DELETE FROM api_turns WHERE conversation_id IN "
                "(SELECT id FROM api_conversations WHERE updated_at < ?)",
                (cutoff,),
            )
            removed = db.execute("DELETE FROM api_conversations WHERE updated_at < ?", (cutoff,)).rowcount
            db.execute("COMMIT")
        self._last_purge = time.monotonic()
        return int(removed)

    def maybe_purge(self) -> None:
        """Purge when the last purge in this process is older than `purge_every_s`."""
        if self._last_purge is None or time.monotonic() - self._last_purge >= self._purge_every:
            self.purge()

    def count(self) -> int:
        """Number of stored conversations."""
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM api_conversations").fetchone()[0])
