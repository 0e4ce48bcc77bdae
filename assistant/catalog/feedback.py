"""Feedback on answers (👍/👎 with an optional comment), kept in the database's `feedback` table.

Each row keeps what was judged: the question, the answer text and its citations (as JSON), with the
conversation it came from and the caller's key fingerprint (never the key). Admins list it as JSON or CSV.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select

from assistant.catalog.database import Database
from assistant.catalog.tables import feedback
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
    """Adds and lists feedback."""

    def __init__(self, database: Database) -> None:
        self.database = database

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
        with self.database.write() as db:
            new_id = int(db.execute(feedback.insert().values(
                at=at.isoformat(), owner=owner, rating=rating, comment=comment, conversation_id=conversation_id,
                question=question, answer=answer, citations_json=cites,
            ).returning(feedback.c.id)).scalar_one())
        return FeedbackEntry(
            id=new_id, at=at, rating=rating, comment=comment, conversation_id=conversation_id,
            question=question, answer=answer, citations=citations, owner=owner,
        )

    def entries(self, limit: int = 1000, rating: Rating | None = None) -> list[FeedbackEntry]:
        """The latest feedback first (at most `limit`), optionally only 👍 or 👎."""
        f = feedback.c
        stmt = (select(f.id, f.at, f.rating, f.comment, f.conversation_id, f.question, f.answer, f.citations_json,
                       f.owner).order_by(f.id.desc()).limit(limit))
        with self.database.read() as db:
            rows = db.execute(stmt.where(f.rating == rating) if rating else stmt).all()
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
