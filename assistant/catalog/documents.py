"""The catalog: documents, their stored text, extracted facts and the active chunks, in the `Database`
(SQLite or PostgreSQL; `tables`).

A document's rows and chunk rows are replaced in one transaction, which is the moment a new version becomes
visible; readers trust only chunks listed here. Every write transaction first locks the `generation` row of
`meta` (SQLite: BEGIN IMMEDIATE locks the file), so writers of any process serialise, and visible writes bump
it in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self

from sqlalchemy import (
    Connection,
    Integer,
    RowMapping,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    func,
    or_,
    select,
    union,
)
from sqlalchemy import update as sql_update

from assistant.catalog import schema as cs
from assistant.catalog import tables as t
from assistant.catalog.assessments import Merged, merged_assessments
from assistant.catalog.database import Database
from assistant.catalog.dialect import json_text, lock_row
from assistant.catalog.merge import score_row
from assistant.catalog.versions import PendingVersions, unpend
from assistant.errors import BadInputError, ConflictError, NotFoundError
from assistant.models.records import (
    Assessment,
    Chunk,
    CouncilScores,
    DocumentKind,
    DocumentRecord,
    GoodPracticeItem,
    ParsedDocument,
    Section,
    StatementAnalysis,
)
from assistant.settings import Settings

_GENERATION = t.meta.c.key == "generation"
# statements a question runs per citation, built once (each keeps its cache key; a call binds its values)
_SECTIONS_AT = select(t.sections).where(
    t.sections.c.doc_id == bindparam("doc"), t.sections.c.start <= bindparam("at"),
    or_(t.sections.c.end > bindparam("at"), t.sections.c.start == bindparam("at"))).order_by(t.sections.c.ordinal)
_SECTION_STARTS = select(t.sections.c.start).where(t.sections.c.doc_id == bindparam("doc")).order_by(
    t.sections.c.ordinal)
_CHUNKS_BY_ID = select(t.chunks).where(t.chunks.c.id.in_(bindparam("ids", expanding=True)))
_CHUNKS_OVER = select(t.chunks).where(
    t.chunks.c.doc_id == bindparam("doc"), t.chunks.c.start < bindparam("end"), t.chunks.c.end > bindparam("start")
).order_by(t.chunks.c.ordinal)


class Catalog(PendingVersions):
    """Typed access to the catalog tables of one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, settings: Settings) -> Self:
        """The catalog of the database the settings name (migrated to the current schema)."""
        return cls(Database.from_settings(settings))

    # --- plumbing --------------------------------------------------------------------------------

    def _rows(self, stmt: Select[Any], params: dict[str, Any] | None = None) -> list[RowMapping]:
        with self.database.read() as conn:
            return list(conn.execute(stmt, params).mappings())

    @contextmanager
    def _transaction(self, bump: bool = True) -> Iterator[Connection]:
        """A write transaction holding the catalog's write lock; `bump` moves the generation (only for changes
        readers can see)."""
        with self.database.write() as conn:
            lock_row(conn, t.meta, _GENERATION)
            yield conn
            if bump:
                conn.execute(sql_update(t.meta).where(_GENERATION)
                             .values(value=cast(cast(t.meta.c.value, Integer) + 1, Text)))

    def close(self) -> None:
        """Close the database's pooled connections (a later call opens new ones)."""
        self.database.close()

    def ping(self) -> bool:
        """True when the catalog answers a query."""
        return self.database.ping()

    # --- documents -------------------------------------------------------------------------------

    def _records(self, doc_id: str | None = None) -> list[DocumentRecord]:
        d = t.documents
        chunk_count = select(func.count()).where(t.chunks.c.doc_id == d.c.doc_id).scalar_subquery()
        with self.database.read() as conn:
            stmt = select(*(c for c in d.columns if c.name not in ("text", "parsed_json")),
                          chunk_count.label("chunk_count"), json_text(conn, d.c.parsed_json, "source_url")
                          .label("source_url")).order_by(d.c.doc_id)
            rows = list(conn.execute(stmt if doc_id is None else stmt.where(d.c.doc_id == doc_id)).mappings())
        return [DocumentRecord(
            doc_id=r["doc_id"], title=r["title"], kind=DocumentKind(r["kind"]), council=r["council"],
            council_code=r["council_code"],
            publisher=r["publisher"], published=cs.to_date(r["published"]), source_path=r["source_path"],
            source_format=r["source_format"], sha256=r["sha256"], source_url=r["source_url"],
            ingested_at=datetime.fromisoformat(r["ingested_at"]), chunk_count=r["chunk_count"],
            published_as=r["published_as"]) for r in rows]

    def documents(self) -> list[DocumentRecord]:
        """All loaded documents, by doc_id."""
        return self._records()

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's record (NotFoundError when it is not loaded)."""
        found = self._records(doc_id)
        if not found:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return found[0]

    def _document_row(self, doc_id: str, *columns: str) -> RowMapping:
        d = t.documents
        rows = self._rows(select(*(d.c[c] for c in columns)).where(d.c.doc_id == doc_id))
        if not rows:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return rows[0]

    def document_text(self, doc_id: str) -> str:
        """The stored text that every offset of the document indexes."""
        return str(self._document_row(doc_id, "text")["text"])

    def document_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The stored texts of the given documents that are loaded, in one read per 500."""
        d, ids, found = t.documents, list(doc_ids), {}
        for i in range(0, len(ids), 500):
            for row in self._rows(select(d.c.doc_id, d.c.text).where(d.c.doc_id.in_(ids[i:i + 500]))):
                found[row["doc_id"]] = str(row["text"])
        return found

    def parsed(self, doc_id: str) -> ParsedDocument:
        """The ParsedDocument as it was ingested."""
        row = self._document_row(doc_id, "text", "parsed_json")
        data = json.loads(row["parsed_json"])
        data["text"] = row["text"]
        return ParsedDocument.model_validate(data)

    def sections(self, doc_id: str) -> list[Section]:
        """The document's sections in document order."""
        rows = self._rows(select(t.sections).where(t.sections.c.doc_id == doc_id).order_by(t.sections.c.ordinal))
        if not rows:  # none: NotFoundError unless the document is loaded (its record is not read otherwise)
            self._document_row(doc_id, "doc_id")
        return [cs.section_from_row(r) for r in rows]

    def section_starts(self, doc_id: str) -> list[int]:
        """Where each of the document's sections starts, in document order (no section read whole)."""
        return [r["start"] for r in self._rows(_SECTION_STARTS, {"doc": doc_id})]

    def sections_at(self, doc_id: str, offset: int) -> list[Section]:
        """The sections holding an offset (an empty section holds its start), in document order."""
        return [cs.section_from_row(r) for r in self._rows(_SECTIONS_AT, {"doc": doc_id, "at": offset})]

    def sha256_of(self, doc_id: str) -> str | None:
        """The loaded version's source sha256, or None when the document is not loaded."""
        rows = self._rows(select(t.documents.c.sha256).where(t.documents.c.doc_id == doc_id))
        return str(rows[0]["sha256"]) if rows else None

    # --- chunks ----------------------------------------------------------------------------------

    def active_chunks(self) -> list[Chunk]:
        """Every chunk of every loaded document's active version."""
        rows = self._rows(select(t.chunks).order_by(t.chunks.c.doc_id, t.chunks.c.ordinal))
        return [cs.chunk_from_row(r) for r in rows]

    def document_chunks(self, doc_id: str, start: int = 0, end: int = 2**62) -> list[Chunk]:
        """The active chunks of one document overlapping [start, end) (all by default), in order."""
        end = min(end, 2**31 - 1)  # PostgreSQL binds it as INTEGER: the default 2**62 is out of its range
        rows = self._rows(_CHUNKS_OVER, {"doc": doc_id, "start": start, "end": end})
        return [cs.chunk_from_row(r) for r in rows]

    def chunks_by_id(self, ids: Sequence[str]) -> list[Chunk]:
        """The active chunks among these ids, in the order given (unknown or stale ids are dropped)."""
        found: dict[str, Chunk] = {}
        wanted = list(dict.fromkeys(ids))
        with self.database.read() as conn:
            for lo in range(0, len(wanted), 500):
                for r in conn.execute(_CHUNKS_BY_ID, {"ids": wanted[lo : lo + 500]}).mappings():
                    found[r["id"]] = cs.chunk_from_row(r)
        return [found[i] for i in wanted if i in found]

    def active_versions(self) -> dict[str, str]:
        """doc_id -> active version for every loaded document."""
        return {r["doc_id"]: r["version"] for r in self._rows(select(t.documents.c.doc_id, t.documents.c.version))}

    def generation(self) -> int:
        """A counter that changes on every committed change (readers refresh caches when it moves)."""
        return int(self._rows(select(t.meta.c.value).where(_GENERATION))[0]["value"])

    # --- facts -----------------------------------------------------------------------------------

    def councils(self) -> list[str]:
        """Canonical names of the councils any loaded document is about."""
        named = select(t.documents.c.council).where(t.documents.c.council.is_not(None))
        both = union(named, select(t.assessments.c.council)).subquery()
        return [r["council"] for r in self._rows(select(both.c.council).order_by(both.c.council))]

    def _merged(self, council: str | None) -> list[Merged]:
        return merged_assessments(self.database, council)

    def assessment(self, council: str) -> tuple[str, Assessment] | None:
        """The leading doc_id and the council's facts merged from all its documents (preferred values)."""
        found = self._merged(council)
        return (found[0][0], found[0][1]) if found else None

    def assessments(self) -> dict[str, tuple[str, Assessment]]:
        """Every council's leading doc_id and merged facts, keyed by lower-case council (one read)."""
        found: dict[str, tuple[str, Assessment]] = {}
        for doc_id, merged, _, _ in self._merged(None):
            found.setdefault(merged.council.lower(), (doc_id, merged))
        return found

    def council_scores(self, council: str | None = None) -> list[CouncilScores]:
        """The council x quality statement table: one row per council, preferred values and disagreements."""
        return [score_row(*found) for found in self._merged(council)]

    def good_practice(self, statement: str | None = None) -> list[tuple[str, GoodPracticeItem]]:
        """(doc_id, item) for good-practice items, optionally of one quality statement."""
        g = t.good_practice
        stmt = select(g).order_by(g.c.doc_id, g.c.ordinal)
        rows = self._rows(stmt.where(g.c.statement == statement) if statement else stmt)
        return [(r["doc_id"], cs.good_practice_from_row(r)) for r in rows]

    def statement_analyses(self) -> list[tuple[str, StatementAnalysis]]:
        """(doc_id, analysis) for every per-statement analysis loaded."""
        s = t.statement_analyses
        return [(r["doc_id"], cs.analysis_from_row(r)) for r in self._rows(select(s).order_by(s.c.doc_id, s.c.ordinal))]

    # --- writes (and versions being ingested) ------------------------------------------------------

    def source_ids(self) -> dict[str, str]:
        """doc_id -> identity of the source it was ingested from (see `tables.document_sources`)."""
        return {r["doc_id"]: r["identity"] for r in self._rows(select(t.document_sources))}

    def replace_document(self, doc: ParsedDocument, chunks: list[Chunk], source: str | None = None) -> None:
        """Replace every row of the document and its chunks in one transaction; ConflictError when the
        document came from another source than `source` (another writer took its id meanwhile)."""
        version = cs.version_of(doc.sha256)
        for ch in (c for c in chunks if c.doc_id != doc.doc_id or c.version != version):
            raise BadInputError(f"chunk {ch.id} belongs to {ch.doc_id}@{ch.version}, not {doc.doc_id}@{version}")
        now = datetime.now(UTC).isoformat()
        rows: dict[str, list[dict[str, Any]]] = {}  # by table, in the order of first appearance (parents first)
        for table, row in cs.document_rows(doc, chunks, now):
            rows.setdefault(table.name, []).append(row)
        src = t.document_sources
        with self._transaction() as conn:
            had = conn.execute(select(src.c.identity).where(src.c.doc_id == doc.doc_id)).scalar()
            if source and had and had != source:
                raise ConflictError(f"document id {doc.doc_id!r} was taken by another source meanwhile")
            self._delete_rows(conn, doc.doc_id)
            for name, values in rows.items():
                conn.execute(t.metadata.tables[name].insert(), values)
            conn.execute(unpend(doc.doc_id, version))
            if source or had:
                conn.execute(src.insert().values(doc_id=doc.doc_id, identity=source or had))

    @staticmethod
    def _delete_rows(conn: Connection, doc_id: str) -> None:
        for table in (*t.CHILD_TABLES, t.documents):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))

    def remove_document(self, doc_id: str) -> None:
        """Delete a document and all its rows (NotFoundError when it is not loaded)."""
        with self._transaction() as conn:
            if conn.execute(select(t.documents.c.doc_id).where(t.documents.c.doc_id == doc_id)).first() is None:
                raise NotFoundError(f"document {doc_id!r} is not loaded")
            self._delete_rows(conn, doc_id)
