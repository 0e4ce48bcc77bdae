"""The SQLite catalog's schema and the conversions between its rows and the typed records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from assistant.models.records import (
    Chunk,
    DocumentKind,
    GoodPracticeItem,
    ParsedDocument,
    Section,
    Span,
    StatementAnalysis,
    StatementScore,
)

SCHEMA_VERSION = 2  # 2: documents.published_as and the feedback table (additive, see migrate)

FEEDBACK_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, owner TEXT NOT NULL, rating TEXT NOT NULL,
    comment TEXT, conversation_id TEXT, question TEXT NOT NULL, answer TEXT NOT NULL, citations_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback(at);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, council TEXT, publisher TEXT,
    published TEXT, source_path TEXT NOT NULL, source_format TEXT NOT NULL, sha256 TEXT NOT NULL,
    version TEXT NOT NULL, ingested_at TEXT NOT NULL, text TEXT NOT NULL, parsed_json TEXT NOT NULL,
    council_code TEXT, published_as TEXT
);
CREATE INDEX IF NOT EXISTS documents_council ON documents(council);
CREATE TABLE IF NOT EXISTS assessments (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    council TEXT NOT NULL, published TEXT, assessment_start TEXT, assessment_end TEXT,
    overall_rating TEXT, rating_wording TEXT, rating_start INTEGER, rating_end INTEGER,
    indicative INTEGER NOT NULL, overall_percentage INTEGER, percentage_start INTEGER, percentage_end INTEGER
);
CREATE INDEX IF NOT EXISTS assessments_council ON assessments(council);
CREATE TABLE IF NOT EXISTS statement_scores (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    statement TEXT NOT NULL, theme TEXT NOT NULL, score INTEGER NOT NULL, wording TEXT, label TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE IF NOT EXISTS score_conflicts (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, conflict INTEGER NOT NULL,
    ordinal INTEGER NOT NULL, statement TEXT NOT NULL, theme TEXT NOT NULL, score INTEGER NOT NULL,
    wording TEXT, label TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, origin TEXT NOT NULL,
    PRIMARY KEY (doc_id, conflict, ordinal)
);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    id TEXT NOT NULL, heading TEXT NOT NULL, role TEXT NOT NULL, level INTEGER NOT NULL,
    path TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, body_start INTEGER NOT NULL,
    theme TEXT, quality_statement TEXT, parent_id TEXT, PRIMARY KEY (doc_id, id)
);
CREATE TABLE IF NOT EXISTS good_practice (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    statement TEXT NOT NULL, subsection TEXT, label TEXT NOT NULL, text TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY (doc_id, ordinal)
);
CREATE INDEX IF NOT EXISTS good_practice_statement ON good_practice(statement);
CREATE TABLE IF NOT EXISTS statement_analyses (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    statement TEXT NOT NULL, section_id TEXT NOT NULL, subsections TEXT NOT NULL,
    councils_scoring_3 INTEGER, count_start INTEGER, count_end INTEGER, PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    version TEXT NOT NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL, "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL, token_count INTEGER NOT NULL, council TEXT, kind TEXT NOT NULL, theme TEXT,
    quality_statement TEXT, statement_score INTEGER, heading_path TEXT NOT NULL, section_id TEXT,
    unit TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ordinal);
CREATE TABLE IF NOT EXISTS pending_versions (
    doc_id TEXT NOT NULL, version TEXT NOT NULL, started_at TEXT NOT NULL, PRIMARY KEY (doc_id, version)
);
-- which source each document came from ('file:/abs/path' or 'upload:SHA256'): a file replaces a
-- document only when it is the same source (documents ingested before this table have no row)
CREATE TABLE IF NOT EXISTS document_sources (doc_id TEXT PRIMARY KEY, identity TEXT NOT NULL);
""" + FEEDBACK_SCHEMA

MIGRATIONS = (  # columns added after version 1, added in place to catalogs made before them
    ("documents", "council_code", "TEXT"),
    ("documents", "published_as", "TEXT"),
)


CHILD_TABLES = (
    "document_sources",
    "chunks",
    "statement_analyses",
    "good_practice",
    "sections",
    "score_conflicts",
    "statement_scores",
    "assessments",
)


class PendingVersion(NamedTuple):
    """A version whose vectors an ingest is writing (not yet committed)."""

    doc_id: str
    version: str
    started_at: datetime  # refreshed as the ingest makes progress


@dataclass(frozen=True)
class VersionState:
    """Which vector versions must be kept, read from the catalog in one snapshot."""

    active: dict[str, str]  # doc_id -> active version
    pending: set[tuple[str, str]]  # (doc_id, version) being ingested, within the grace period
    stale: set[tuple[str, str]]  # pending longer than the grace period: a crashed ingest


def migrate(conn: sqlite3.Connection) -> int:
    """Bring an older catalog up to SCHEMA_VERSION with additive changes only; returns the version found.

    Version 1 -> 2 adds the MIGRATIONS columns (NULL for documents ingested before) and the `feedback` table
    (created by SCHEMA). A newer version than this build knows is left alone for the caller to refuse.
    """
    found = int(conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
    if found <= SCHEMA_VERSION:
        for table, column, sql_type in MIGRATIONS:
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")
    if found == 1:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        found = SCHEMA_VERSION
    return found


def version_of(sha256: str) -> str:
    """A document version: the first 16 hex characters of its source file's sha256."""
    return sha256[:16]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_date(value: str | None) -> date | None:
    """Parse an ISO date column."""
    return date.fromisoformat(value) if value else None


def _score_values(s: StatementScore) -> tuple[Any, ...]:
    return (s.statement, s.theme, s.score, s.wording, s.label, s.start, s.end, s.origin)


def document_rows(
    doc: ParsedDocument, chunks: list[Chunk], ingested_at: str
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(INSERT statement, values) pairs that store one document and its chunks."""
    parsed_json = doc.model_dump_json(exclude={"text"})
    yield (
        "INSERT INTO documents (doc_id, title, kind, council, publisher, published, source_path, source_format, "
        "sha256, version, ingested_at, text, parsed_json, council_code, published_as) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.doc_id, doc.title, doc.kind.value, doc.council, doc.publisher, _iso(doc.published), doc.source_path,
         doc.source_format, doc.sha256, version_of(doc.sha256), ingested_at, doc.text, parsed_json,
         doc.council_code, doc.published_as),
    )
    a = doc.assessment
    if a is not None:
        yield (
            "INSERT INTO assessments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, a.council, _iso(a.published), _iso(a.assessment_start), _iso(a.assessment_end),
             a.overall_rating, a.rating_wording, a.rating_span.start if a.rating_span else None,
             a.rating_span.end if a.rating_span else None, int(a.indicative), a.overall_percentage,
             a.percentage_span.start if a.percentage_span else None,
             a.percentage_span.end if a.percentage_span else None),
        )
        for i, s in enumerate(a.scores):
            yield (
                "INSERT INTO statement_scores VALUES (?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, i, *_score_values(s)),
            )
        for c, conflict in enumerate(a.conflicts):
            for i, s in enumerate(conflict.scores):
                yield (
                    "INSERT INTO score_conflicts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.doc_id, c, i, *_score_values(s)),
                )
    for i, sec in enumerate(doc.sections):
        yield (
            "INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, i, sec.id, sec.heading, sec.role, sec.level, json.dumps(sec.path), sec.start, sec.end,
             sec.body_start, sec.theme, sec.quality_statement, sec.parent_id),
        )
    for i, gp in enumerate(doc.good_practice):
        yield (
            "INSERT INTO good_practice VALUES (?,?,?,?,?,?,?,?)",
            (doc.doc_id, i, gp.statement, gp.subsection, gp.label, gp.text, gp.start, gp.end),
        )
    for i, sa in enumerate(doc.statement_analyses):
        yield (
            "INSERT INTO statement_analyses VALUES (?,?,?,?,?,?,?,?)",
            (doc.doc_id, i, sa.statement, sa.section_id, json.dumps(sa.subsections), sa.councils_scoring_3,
             sa.count_span.start if sa.count_span else None, sa.count_span.end if sa.count_span else None),
        )
    for ch in chunks:
        yield (
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (ch.id, ch.doc_id, ch.version, ch.ordinal, ch.text, ch.start, ch.end, ch.token_count, ch.council,
             ch.kind.value, ch.theme, ch.quality_statement, ch.statement_score, json.dumps(ch.heading_path),
             ch.section_id, ch.unit),
        )


def chunk_from_row(r: sqlite3.Row) -> Chunk:
    """A Chunk from a `chunks` row."""
    return Chunk(
        id=r["id"],
        doc_id=r["doc_id"],
        version=r["version"],
        ordinal=r["ordinal"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        token_count=r["token_count"],
        council=r["council"],
        kind=DocumentKind(r["kind"]),
        theme=r["theme"],
        quality_statement=r["quality_statement"],
        statement_score=r["statement_score"],
        heading_path=json.loads(r["heading_path"]),
        section_id=r["section_id"],
        unit=r["unit"],
    )


def section_from_row(r: sqlite3.Row) -> Section:
    """A Section from a `sections` row."""
    return Section(
        id=r["id"],
        heading=r["heading"],
        role=r["role"],
        level=r["level"],
        path=json.loads(r["path"]),
        start=r["start"],
        end=r["end"],
        body_start=r["body_start"],
        theme=r["theme"],
        quality_statement=r["quality_statement"],
        parent_id=r["parent_id"],
    )


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start=start, end=end) if start is not None and end is not None else None


def good_practice_from_row(r: sqlite3.Row) -> GoodPracticeItem:
    """A GoodPracticeItem from a `good_practice` row."""
    return GoodPracticeItem(
        statement=r["statement"],
        subsection=r["subsection"],
        label=r["label"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
    )


def analysis_from_row(r: sqlite3.Row) -> StatementAnalysis:
    """A StatementAnalysis from a `statement_analyses` row."""
    return StatementAnalysis(
        statement=r["statement"],
        section_id=r["section_id"],
        subsections=json.loads(r["subsections"]),
        councils_scoring_3=r["councils_scoring_3"],
        count_span=_span(r["count_start"], r["count_end"]),
    )
