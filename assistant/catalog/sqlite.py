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
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.errors import BadInputError, NotFoundError, UnavailableError
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
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(cs.SCHEMA)
            self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(cs.SCHEMA_VERSION),))
            self._conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            found = self._rows("SELECT value FROM meta WHERE key='schema_version'")[0]["value"]
        if int(found) != cs.SCHEMA_VERSION:
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
            "SELECT d.*, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) AS chunk_count "
            f"FROM documents d {where} ORDER BY d.doc_id", params
        )
        return [DocumentRecord(
            doc_id=r["doc_id"], title=r["title"], kind=DocumentKind(r["kind"]), council=r["council"],
            publisher=r["publisher"], published=cs.to_date(r["published"]), source_path=r["source_path"],
            source_format=r["source_format"], sha256=r["sha256"],
            ingested_at=datetime.fromisoformat(r["ingested_at"]), chunk_count=r["chunk_count"],
        ) for r in rows]

    def documents(self) -> list[DocumentRecord]:
        """All loaded documents, by doc_id."""
        return self._records()

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's record (NotFoundError when it is not loaded)."""
        found = self._records("WHERE d.doc_id = ?", (doc_id,))
        if not found:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return found[0]

    def document_text(self, doc_id: str) -> str:
        """The stored text that every offset of the document indexes."""
        rows = self._rows("SELECT text FROM documents WHERE doc_id = ?", (doc_id,))
        if not rows:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
        return str(rows[0]["text"])

    def parsed(self, doc_id: str) -> ParsedDocument:
        """The ParsedDocument as it was ingested."""
        rows = self._rows("SELECT text, parsed_json FROM documents WHERE doc_id = ?", (doc_id,))
        if not rows:
            raise NotFoundError(f"document {doc_id!r} is not loaded")
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
        """Assessment rows, latest first per council (undated last)."""
        where, params = ("WHERE lower(a.council) = lower(?)", [council]) if council else ("", [])
        return self._rows(
            f"SELECT a.*, d.title FROM assessments a JOIN documents d USING (doc_id) {where} "
            "ORDER BY a.council, a.published IS NULL, a.published DESC, a.doc_id", params
        )

    def _assessment(self, row: sqlite3.Row) -> Assessment:
        """The assessment exactly as parsed (the rows mirror it for SQL use)."""
        stored = self._rows("SELECT parsed_json FROM documents WHERE doc_id = ?", (row["doc_id"],))
        return Assessment.model_validate(json.loads(stored[0]["parsed_json"])["assessment"])

    def assessment(self, council: str) -> tuple[str, Assessment] | None:
        """The doc_id and the latest loaded assessment of a council, or None."""
        rows = self._assessment_rows(council)
        return (rows[0]["doc_id"], self._assessment(rows[0])) if rows else None

    def council_scores(self, council: str | None = None) -> list[CouncilScores]:
        """The council x quality statement table: one row per council, from its latest assessment."""
        out: list[CouncilScores] = []
        seen: set[str] = set()
        for row in self._assessment_rows(council):
            if row["council"] in seen:
                continue
            seen.add(row["council"])
            a = self._assessment(row)
            scores: dict[str, int | None] = dict.fromkeys(STATEMENT_NAMES)
            for s in a.scores:
                if scores.get(s.statement) is None:
                    scores[s.statement] = s.score
            out.append(CouncilScores(
                council=a.council, overall_rating=a.overall_rating, indicative=a.indicative,
                published=a.published, overall_percentage=a.overall_percentage, scores=scores,
                document=row["doc_id"], title=row["title"], conflicts=[c.statement for c in a.conflicts],
            ))
        return out

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

    def replace_document(self, doc: ParsedDocument, chunks: list[Chunk]) -> None:
        """Replace every row of the document and its chunks in one transaction."""
        version = cs.version_of(doc.sha256)
        for ch in chunks:
            if ch.doc_id != doc.doc_id or ch.version != version:
                raise BadInputError(
                    f"chunk {ch.id} belongs to {ch.doc_id}@{ch.version}, not {doc.doc_id}@{version}"
                )
        now = datetime.now(UTC).isoformat()
        with self._transaction() as conn:
            self._delete_rows(conn, doc.doc_id)
            for sql, values in cs.document_rows(doc, chunks, now):
                conn.execute(sql, values)
            conn.execute(_UNPEND, (doc.doc_id, version))

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, doc_id: str) -> None:
        for table in cs.CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

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

