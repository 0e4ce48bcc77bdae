"""Versions being ingested: marked pending while their vectors are written, so no worker's orphan collection
deletes them, and the collection itself under the catalog's write lock (a part of `Catalog`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, RowMapping, Select, delete, select

from assistant.catalog import schema as cs
from assistant.catalog import tables as t
from assistant.catalog.dialect import upsert


def unpend(doc_id: str, version: str) -> Any:
    """The statement forgetting one pending version."""
    p = t.pending_versions
    return delete(p).where(p.c.doc_id == doc_id, p.c.version == version)


class PendingVersions:
    """The catalog's pending versions; `Catalog` supplies its reads and write transactions."""

    def _rows(self, stmt: Select[Any], params: dict[str, Any] | None = None) -> list[RowMapping]:
        raise NotImplementedError

    def _transaction(self, bump: bool = True) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def mark_pending(self, doc_id: str, version: str) -> None:
        """Record (or refresh) a version whose vectors are being written, so no worker's gc collects them."""
        with self._transaction(bump=False) as conn:
            upsert(conn, t.pending_versions,
                   [{"doc_id": doc_id, "version": version, "started_at": datetime.now(UTC).isoformat()}])

    def clear_pending(self, doc_id: str, version: str) -> None:
        """Forget a pending version (its ingest failed and its vectors were deleted)."""
        with self._transaction(bump=False) as conn:
            conn.execute(unpend(doc_id, version))

    def pending_versions(self) -> list[cs.PendingVersion]:
        """Versions marked pending, oldest first."""
        p = t.pending_versions
        rows = self._rows(select(p).order_by(p.c.started_at, p.c.doc_id, p.c.version))
        return [cs.PendingVersion(r["doc_id"], r["version"], datetime.fromisoformat(r["started_at"])) for r in rows]

    @contextmanager
    def collecting(self, grace_s: float) -> Iterator[cs.VersionState]:
        """Hold the write lock while the caller deletes orphan vectors; yields active and pending versions.

        Pending rows older than `grace_s` (crashed ingests) are yielded as stale and deleted on a clean exit.
        While the lock is held no worker can mark a version pending or commit one.
        """
        cutoff = datetime.now(UTC) - timedelta(seconds=grace_s)
        d, p = t.documents, t.pending_versions
        with self._transaction(bump=False) as conn:
            active = {r.doc_id: r.version for r in conn.execute(select(d.c.doc_id, d.c.version))}
            state = cs.VersionState(active, set(), set())
            for doc_id, version, started in conn.execute(select(p.c.doc_id, p.c.version, p.c.started_at)):
                fresh = datetime.fromisoformat(started) > cutoff
                (state.pending if fresh else state.stale).add((doc_id, version))
            yield state
            for doc_id, version in sorted(state.stale):
                conn.execute(unpend(doc_id, version))
