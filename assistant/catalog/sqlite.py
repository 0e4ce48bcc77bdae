"""The SQLite catalog: documents, their stored text, extracted facts and the active chunks.

One file (``settings.catalog_path``) in WAL mode. A document's rows and chunk rows are replaced in one
transaction, which is the moment a new version becomes visible; readers trust only chunks listed here.
The connection is shared across threads behind a lock (the HTTP service calls from worker threads).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.catalog import schema as cs
from assistant.catalog.merge import Stated, merge, score_row
from assistant.errors import BadInputError, ConflictError, NotFoundError, UnavailableError
from assistant.models.records import (
    Assessment,
    Chunk,
    CouncilScores,
    Disagreement,
    DocumentKind,
    DocumentRecord,
    GoodPracticeItem,
    ParsedDocument,
    Section,
    StatementAnalysis,
)


class Catalog:
    """Typed access to the SQLite catalog."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30.0)
        except (OSError, sqlite3.Error) as exc:
            raise UnavailableError(f"cannot open catalog {self.path}: {exc}") from exc
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._conn.executescript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                                     + cs.SCHEMA)
            self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(cs.SCHEMA_VERSION),))
            self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            found = cs.migrate(self._conn)
        if found != cs.SCHEMA_VERSION:
            raise UnavailableError(f"catalog {self.path} has schema version {found}; this build needs "
                                   f"{cs.SCHEMA_VERSION}")

    # --- plumbing --------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    @contextmanager
    def _transaction(self, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """A write transaction; `bump` moves the generation (only for changes readers can see)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                if bump:
                    self._conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def ping(self) -> bool:
        """True when the catalog answers a query."""
        try:
            self._rows("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    # --- documents -------------------------------------------------------------------------------

    def _records(self, where: str = "", params: Sequence[object] = ()) -> list[DocumentRecord]:
        rows = self._rows(
            "SELECT d.*, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) AS chunk_count, "
            "json_extract(d.parsed_json, '$.source_url') AS source_url "
            f"FROM documents d {where} ORDER BY d.doc_id", params
        )
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
        found = self._records("WHERE d.doc_id = ?", (doc_id,))
        if not found:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return found[0]

    def _document_row(self, doc_id: str, columns: str) -> sqlite3.Row:
        rows = self._rows(f"SELECT {columns} FROM documents WHERE doc_id = ?", (doc_id,))
        if not rows:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return rows[0]

    def document_text(self, doc_id: str) -> str:
        """The stored text that every offset of the document indexes."""
        return str(self._document_row(doc_id, "text")["text"])

    def parsed(self, doc_id: str) -> ParsedDocument:
        """The ParsedDocument as it was ingested."""
        rows = [self._document_row(doc_id, "text, parsed_json")]
        data = json.loads(rows[0]["parsed_json"])
        data["text"] = rows[0]["text"]
        return ParsedDocument.model_validate(data)

    def sections(self, doc_id: str) -> list[Section]:
        """The document's sections in document order."""
        self.document(doc_id)
        rows = self._rows("SELECT * FROM sections WHERE doc_id = ? ORDER BY ordinal", (doc_id,))
        return [cs.section_from_row(r) for r in rows]

    def sha256_of(self, doc_id: str) -> str | None:
        """The loaded version's source sha256, or None when the document is not loaded."""
        rows = self._rows("SELECT sha256 FROM documents WHERE doc_id = ?", (doc_id,))
        return str(rows[0]["sha256"]) if rows else None

    # --- chunks ----------------------------------------------------------------------------------

    def active_chunks(self) -> list[Chunk]:
        """Every chunk of every loaded document's active version."""
        rows = self._rows("SELECT * FROM chunks ORDER BY doc_id, ordinal")
        return [cs.chunk_from_row(r) for r in rows]

    def document_chunks(self, doc_id: str, start: int = 0, end: int = 2**62) -> list[Chunk]:
        """The active chunks of one document overlapping [start, end) (all by default), in order."""
        rows = self._rows('SELECT * FROM chunks WHERE doc_id = ? AND "start" < ? AND "end" > ? ORDER BY ordinal',
                          (doc_id, end, start))
        return [cs.chunk_from_row(r) for r in rows]

    def chunks_by_id(self, ids: Sequence[str]) -> list[Chunk]:
        """The active chunks among these ids, in the order given (unknown or stale ids are dropped)."""
        found: dict[str, Chunk] = {}
        wanted = list(dict.fromkeys(ids))
        for lo in range(0, len(wanted), 500):
            part = wanted[lo : lo + 500]
            marks = ",".join("?" * len(part))
            for r in self._rows(f"SELECT * FROM chunks WHERE id IN ({marks})", part):
                found[r["id"]] = cs.chunk_from_row(r)
        return [found[i] for i in wanted if i in found]

    def active_versions(self) -> dict[str, str]:
        """doc_id -> active version for every loaded document."""
        return {r["doc_id"]: r["version"] for r in self._rows("SELECT doc_id, version FROM documents")}

    def generation(self) -> int:
        """A counter that changes on every committed change (readers refresh caches when it moves)."""
        return int(self._rows("SELECT value FROM meta WHERE key = 'generation'")[0]["value"])

    # --- facts -----------------------------------------------------------------------------------

    def councils(self) -> list[str]:
        """Canonical names of the councils any loaded document is about."""
        rows = self._rows(
            "SELECT council FROM documents WHERE council IS NOT NULL "
            "UNION SELECT council FROM assessments ORDER BY council"
        )
        return [r["council"] for r in rows]

    def _assessment_rows(self, council: str | None) -> list[sqlite3.Row]:
        """Assessment rows (with the document's kind and title), by council."""
        where, params = ("WHERE lower(a.council) = lower(?)", [council]) if council else ("", [])
        return self._rows(
            f"SELECT a.*, d.title, d.kind, d.parsed_json FROM assessments a JOIN documents d USING (doc_id) {where} "
            "ORDER BY a.council, a.published IS NULL, a.published DESC, a.doc_id", params
        )

    def _merged(self, council: str | None) -> list[tuple[str, Assessment, list[Disagreement], str]]:
        """Per council: (leading doc_id, merged assessment, disagreements, leading title)."""
        groups: dict[str, list[Stated]] = {}
        titles: dict[str, str] = {}
        for row in self._assessment_rows(council):
            groups.setdefault(row["council"], []).append(
                Stated(row["doc_id"], DocumentKind(row["kind"]),  # the assessment exactly as parsed
                       Assessment.model_validate(json.loads(row["parsed_json"])["assessment"])))
            titles[row["doc_id"]] = row["title"]
        merged = [found for stated in groups.values() if (found := merge(stated)) is not None]
        return [(*found, titles[found[0]]) for found in merged]

    def assessment(self, council: str) -> tuple[str, Assessment] | None:
        """The leading doc_id and the council's facts merged from all its documents (preferred values)."""
        found = self._merged(council)
        return (found[0][0], found[0][1]) if found else None

    def council_scores(self, council: str | None = None) -> list[CouncilScores]:
        """The council x quality statement table: one row per council, preferred values and disagreements."""
        return [score_row(*found) for found in self._merged(council)]

    def good_practice(self, statement: str | None = None) -> list[tuple[str, GoodPracticeItem]]:
        """(doc_id, item) for good-practice items, optionally of one quality statement."""
        where, params = ("WHERE statement = ?", [statement]) if statement else ("", [])
        rows = self._rows(f"SELECT * FROM good_practice {where} ORDER BY doc_id, ordinal", params)
        return [(r["doc_id"], cs.good_practice_from_row(r)) for r in rows]

    def statement_analyses(self) -> list[tuple[str, StatementAnalysis]]:
        """(doc_id, analysis) for every per-statement analysis loaded."""
        rows = self._rows("SELECT * FROM statement_analyses ORDER BY doc_id, ordinal")
        return [(r["doc_id"], cs.analysis_from_row(r)) for r in rows]

    # --- writes (and versions being ingested) ------------------------------------------------------

    def source_ids(self) -> dict[str, str]:
        """doc_id -> identity of the source it was ingested from (see `schema`)."""
        return {r["doc_id"]: r["identity"] for r in self._rows("SELECT * FROM document_sources")}

    def replace_document(self, doc: ParsedDocument, chunks: list[Chunk], source: str | None = None) -> None:
        """Replace every row of the document and its chunks in one transaction; ConflictError when the
        document came from another source than `source` (another writer took its id meanwhile)."""
        version = cs.version_of(doc.sha256)
        for ch in (c for c in chunks if c.doc_id != doc.doc_id or c.version != version):
            raise BadInputError(f"chunk {ch.id} belongs to {ch.doc_id}@{ch.version}, not {doc.doc_id}@{version}")
        now = datetime.now(UTC).isoformat()
        with self._transaction() as conn:
            had = conn.execute("SELECT identity FROM document_sources WHERE doc_id = ?", (doc.doc_id,)).fetchone()
            if source and had and had[0] != source:
                raise ConflictError(f"document id {doc.doc_id!r} was taken by another source meanwhile")
            self._delete_rows(conn, doc.doc_id)
            for sql, values in cs.document_rows(doc, chunks, now):
                conn.execute(sql, values)
            conn.execute(_UNPEND, (doc.doc_id, version))
            if source or had:
                conn.execute("INSERT INTO document_sources VALUES (?, ?)", (doc.doc_id, source or had[0]))

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, doc_id: str) -> None:
        for table in (*cs.CHILD_TABLES, "documents"):
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def remove_document(self, doc_id: str) -> None:
        """Delete a document and all its rows (NotFoundError when it is not loaded)."""
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                raise NotFoundError(f"document {doc_id!r} is not loaded")
            self._delete_rows(conn, doc_id)

    def mark_pending(self, doc_id: str, version: str) -> None:
        """Record (or refresh) a version whose vectors are being written, so no worker's gc collects them."""
        with self._transaction(bump=False) as conn:
            conn.execute("INSERT OR REPLACE INTO pending_versions VALUES (?, ?, ?)",
                         (doc_id, version, datetime.now(UTC).isoformat()))

    def clear_pending(self, doc_id: str, version: str) -> None:
        """Forget a pending version (its ingest failed and its vectors were deleted)."""
        with self._transaction(bump=False) as conn:
            conn.execute(_UNPEND, (doc_id, version))

    def pending_versions(self) -> list[cs.PendingVersion]:
        """Versions marked pending, oldest first."""
        rows = self._rows("SELECT * FROM pending_versions ORDER BY started_at, doc_id, version")
        return [cs.PendingVersion(r["doc_id"], r["version"], datetime.fromisoformat(r["started_at"])) for r in rows]

    @contextmanager
    def collecting(self, grace_s: float) -> Iterator[cs.VersionState]:
        """Hold the write lock while the caller deletes orphan vectors; yields active and pending versions.

        Pending rows older than `grace_s` (crashed ingests) are yielded as stale and deleted on a clean exit.
        While the lock is held no worker can mark a version pending or commit one.
        """
        cutoff = datetime.now(UTC) - timedelta(seconds=grace_s)
        with self._transaction(bump=False) as conn:
            rows = conn.execute("SELECT doc_id, version, NULL AS started_at FROM documents "
                                "UNION ALL SELECT doc_id, version, started_at FROM pending_versions").fetchall()
            state = cs.VersionState({r[0]: r[1] for r in rows if r[2] is None}, set(), set())
            for doc_id, version, started in (tuple(r) for r in rows if r[2] is not None):
                fresh = datetime.fromisoformat(started) > cutoff
                (state.pending if fresh else state.stale).add((doc_id, version))
            yield state
            conn.executemany(_UNPEND, sorted(state.stale))


_UNPEND = "DELETE FROM pending_versions WHERE doc_id = ? AND version = ?"

