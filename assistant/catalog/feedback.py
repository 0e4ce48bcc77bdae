"""Feedback on answers (👍/👎 with an optional comment), kept in the catalog's `feedback` table.

Each row keeps what was judged: the question, the answer text and its citations (as JSON), with the
conversation it came from and the caller's key fingerprint (never the key). Admins list it as JSON or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from assistant.catalog.connection import SharedConnection
from assistant.catalog.schema import FEEDBACK_SCHEMA
from assistant.models.answers import Citation

Rating = Literal["up", "down"]
CSV_COLUMNS = ("id", "at", "rating", "comment", "question", "answer", "citations", "conversation_id", "owner")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FeedbackEntry(BaseModel):
    """One stored piece of feedback."""

    id: int
    at: datetime
    rating: Rating
    comment: str | None
    conversation_id: str | None
    question: str
    answer: str
    citations: list[Citation]
    owner: str  # "key:<fingerprint>" or "local"


def _csv_cell(value: str) -> str:
    """A cell spreadsheets will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


class FeedbackStore:
    """Adds and lists feedback; one connection used by one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = SharedConnection(path)
        with self._connect() as db:
            db.executescript(FEEDBACK_SCHEMA)  # the catalog creates it too; harmless when present

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._conn.use()

    def close(self) -> None:
        """Close the connection (a later call reopens it)."""
        self._conn.close()

    def add(
        self,
        owner: str,
        rating: Rating,
        question: str,
        answer: str,
        citations: list[Citation],
        comment: str | None = None,
        conversation_id: str | None = None,
    ) -> FeedbackEntry:
        """Store one piece of feedback and return it with its id and time."""
        at = datetime.now(UTC)
        cites = json.dumps([c.model_dump(mode="json") for c in citations])
        comment = comment.strip() if comment and comment.strip() else None
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (at, owner, rating, comment, conversation_id, question, answer, citations_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (at.isoformat(), owner, rating, comment, conversation_id, question, answer, cites),
            )
            new_id = int(cursor.lastrowid or 0)
        return FeedbackEntry(
            id=new_id, at=at, rating=rating, comment=comment, conversation_id=conversation_id,
            question=question, answer=answer, citations=citations, owner=owner,
        )

    def entries(self, limit: int = 1000, rating: Rating | None = None) -> list[FeedbackEntry]:
        """The latest feedback first (at most `limit`), optionally only 👍 or 👎."""
        where, params = ("WHERE rating = ?", [rating]) if rating else ("", [])
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, at, rating, comment, conversation_id, question, answer, citations_json, owner "
                f"FROM feedback {where} ORDER BY id DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [
            FeedbackEntry(
                id=r[0], at=datetime.fromisoformat(r[1]), rating=r[2], comment=r[3], conversation_id=r[4],
                question=r[5], answer=r[6], citations=[Citation.model_validate(c) for c in json.loads(r[7])],
                owner=r[8],
            )
            for r in rows
        ]


def feedback_csv(entries: list[FeedbackEntry]) -> str:
    """The entries as CSV (one row each; citations as "[n] title — section: quote" lines)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        cites = "\n".join(f"[{c.n}] {c.title} — {c.section}: {' '.join(c.quote.split())}" for c in e.citations)
        row = (str(e.id), e.at.isoformat(), e.rating, e.comment or "", e.question, e.answer, cites,
               e.conversation_id or "", e.owner)
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()
