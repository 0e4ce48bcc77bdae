"""The ingest job queue in the database: enqueue, claim (with a lease), report progress, finish.

Any worker claims the oldest claimable job: queued, or running under a lease that expired (its worker died).
On PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`, so workers polling at once take different
rows without waiting; on SQLite (one writer at a time) the claim is the conditional UPDATE alone. Either way
the UPDATE re-checks the row's state, so two workers never both take one job. A partial unique index allows
one running job per document key (the content hash of a new upload, or the id of the document it replaces),
so one document is never ingested twice at once, on any machine.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from assistant.catalog.tables import ingest_jobs as t
from assistant.errors import NotFoundError
from assistant.models.jobs import Job, JobProgress, NewJob
from assistant.models.records import IngestOutcome

if TYPE_CHECKING:
    from assistant.catalog.database import Database


def worker_name() -> str:
    """This process's name in job rows: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def doc_key(new: NewJob) -> str:
    """The key one running ingest holds: the replaced document's id, or the new content's hash."""
    return f"doc:{new.replace}" if new.replace else f"sha256:{new.sha256}"


def _when(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _progress(stage: str, done: int, total: int) -> float:
    if stage == "done":
        return 1.0
    if stage in ("queued", "starting"):
        return 0.0
    if stage == "parsing" or total <= 0:
        return 0.05
    return round(min(0.95, 0.05 + 0.9 * done / total), 3)


class JobQueue:
    """Ingest jobs shared by every worker of one database."""

    def __init__(self, database: Database, lease_s: float, worker: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.database = database
        self.lease_s = lease_s
        self.worker = worker or worker_name()
        self._clock = clock

    def enqueue(self, new: NewJob) -> Job:
        """Queue an upload; returns the job as queued."""
        job_id = "job_" + secrets.token_urlsafe(16)
        with self.database.write() as conn:
            conn.execute(insert(t).values(
                id=job_id, status="queued", filename=new.filename, replace_doc=new.replace, doc_key=doc_key(new),
                sha256=new.sha256, size=len(new.content), content=new.content, created_at=self._clock(),
                stage="queued", attempts=0, chunks_done=0, chunks_total=0))
        return self.get(job_id)

    def get(self, job_id: str) -> Job:
        """One job (NotFoundError when there is none with this id)."""
        columns = [c for c in t.c if c.name != "content"]
        with self.database.read() as conn:
            row = conn.execute(select(*columns).where(t.c.id == job_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"No ingest job {job_id[:60]!r}.")
        outcome = IngestOutcome.model_validate_json(row["outcome_json"]) if row["outcome_json"] else None
        return Job(
            id=row["id"], status=row["status"], filename=row["filename"], replace=row["replace_doc"],
            progress=_progress(row["stage"], row["chunks_done"], row["chunks_total"]), stage=row["stage"],
            chunks_done=row["chunks_done"], chunks_total=row["chunks_total"], attempts=row["attempts"],
            worker=row["worker"], created_at=_when(row["created_at"]), started_at=_when(row["started_at"]),
            finished_at=_when(row["finished_at"]), doc_id=row["doc_id"], version=row["version"],
            outcome=outcome, error=row["error"], error_status=row["error_status"])

    def content(self, job_id: str) -> bytes:
        """The uploaded bytes of a job."""
        with self.database.read() as conn:
            data = conn.execute(select(t.c.content).where(t.c.id == job_id)).scalar_one_or_none()
        if data is None:
            raise NotFoundError(f"No ingest job {job_id[:60]!r}.")
        return bytes(data)

    def _claimable(self, now: float) -> ColumnElement[bool]:
        return or_(t.c.status == "queued", and_(t.c.status == "running", t.c.lease_until < now))

    def claim(self, job_id: str | None = None) -> Job | None:
        """Take the oldest claimable job (or this one), leased to this worker; None when there is none."""
        now = self._clock()
        if job_id is None:  # the usual idle poll: a read, no write transaction (nor SQLite's write lock)
            with self.database.read() as conn:
                if conn.execute(select(t.c.id).where(self._claimable(now)).limit(1)).first() is None:
                    return None
        query = select(t.c.id, t.c.doc_key).where(self._claimable(now))
        if job_id is not None:
            query = query.where(t.c.id == job_id)
        query = query.order_by(t.c.created_at).limit(8).with_for_update(skip_locked=True)
        try:
            with self.database.write() as conn:
                for found, key in conn.execute(query).all():
                    busy = conn.execute(select(t.c.id).where(
                        t.c.doc_key == key, t.c.status == "running", t.c.id != found).limit(1)).first()
                    if busy is not None:  # another ingest of this document is running (or awaits its retake)
                        continue
                    taken = conn.execute(update(t).where(t.c.id == found, self._claimable(now)).values(
                        status="running", worker=self.worker, lease_until=now + self.lease_s,
                        attempts=t.c.attempts + 1, stage="starting", chunks_done=0,
                        started_at=now, error=None, error_status=None))
                    if taken.rowcount == 1:
                        return_id = found
                        break
                else:
                    return None
        except IntegrityError:  # another worker started this document's ingest at the same moment
            return None
        return self.get(return_id)

    def report(self, job_id: str, progress: JobProgress) -> bool:
        """Record progress and renew the lease; False when the job is no longer this worker's."""
        with self.database.write() as conn:
            done = conn.execute(update(t).where(
                t.c.id == job_id, t.c.worker == self.worker, t.c.status == "running").values(
                stage=progress.stage, chunks_done=progress.chunks_done, chunks_total=progress.chunks_total,
                lease_until=self._clock() + self.lease_s))
        return done.rowcount == 1

    def finish(self, job_id: str, outcome: IngestOutcome, version: str | None) -> bool:
        """Mark the job done with its outcome (its bytes are dropped); False when it was no longer ours."""
        return self._end(job_id, status="done", stage="done", outcome_json=outcome.model_dump_json(),
                         doc_id=outcome.doc_id, version=version, chunks_done=outcome.chunks,
                         chunks_total=outcome.chunks)

    def fail(self, job_id: str, error: str, status: int, outcome: IngestOutcome | None = None) -> bool:
        """Mark the job failed with the reason and its HTTP status; False when it was no longer ours."""
        return self._end(job_id, status="failed", stage="failed", error=error[:4000], error_status=status,
                         outcome_json=outcome.model_dump_json() if outcome else None,
                         doc_id=outcome.doc_id if outcome else None)

    def purge(self, older_than_s: float) -> int:
        """Delete finished (done or failed) jobs that ended more than `older_than_s` ago; returns how many."""
        with self.database.write() as conn:
            gone = conn.execute(delete(t).where(t.c.status.in_(("done", "failed")),
                                                t.c.finished_at < self._clock() - older_than_s))
        return int(gone.rowcount)

    def _end(self, job_id: str, **values: object) -> bool:
        with self.database.write() as conn:
            done = conn.execute(update(t).where(
                t.c.id == job_id, t.c.worker == self.worker, t.c.status == "running").values(
                finished_at=self._clock(), lease_until=None, content=b"", **values))
        return done.rowcount == 1


def new_job(filename: str, content: bytes, replace: str | None) -> NewJob:
    """The job for an upload, with its content hash."""
    return NewJob(filename=filename, content=content, replace=replace, sha256=hashlib.sha256(content).hexdigest())
