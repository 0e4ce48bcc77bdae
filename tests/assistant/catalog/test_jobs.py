"""The ingest job queue on a real database (SQLite, or PostgreSQL with --database=postgresql)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.catalog.jobs import JobQueue, new_job
from assistant.errors import NotFoundError
from assistant.models.jobs import JobProgress
from assistant.models.records import IngestOutcome

LEASE = 10.0


class Clock:
    """A settable wall clock shared by the queues of one test (workers whose clocks agree)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def queues(database: Any, clock: Clock) -> tuple[JobQueue, JobQueue]:
    return JobQueue(database, LEASE, "host-a:1", clock), JobQueue(database, LEASE, "host-b:2", clock)


def test_a_job_is_claimed_once_and_finishes_with_its_outcome(database: Any, clock: Clock) -> None:
    a, b = queues(database, clock)
    job = a.enqueue(new_job("notes.md", b"# Notes\n\nCarers.\n", None))
    assert (job.status, job.progress, job.attempts, job.worker) == ("queued", 0.0, 0, None)
    assert b.content(job.id) == b"# Notes\n\nCarers.\n"
    taken = b.claim()
    assert taken is not None and taken.id == job.id and taken.status == "running" and taken.worker == "host-b:2"
    assert a.claim() is None  # nobody else gets it
    assert b.report(job.id, JobProgress(stage="embedding", chunks_done=3, chunks_total=6))
    halfway = a.get(job.id)
    assert halfway.stage == "embedding" and 0.05 < halfway.progress < 0.95 and halfway.chunks_done == 3
    outcome = IngestOutcome(path="notes.md", status="added", doc_id="notes", chunks=6)
    assert not a.finish(job.id, outcome, "v1")  # only the holder may finish it
    assert b.finish(job.id, outcome, "v1")
    done = a.get(job.id)
    assert (done.status, done.progress, done.doc_id, done.version, done.outcome) == ("done", 1.0, "notes", "v1",
                                                                                      outcome)
    assert done.finished_at is not None and a.content(job.id) == b""  # the bytes are not kept


def test_one_running_ingest_per_document(database: Any, clock: Clock) -> None:
    a, b = queues(database, clock)
    first = a.enqueue(new_job("report.md", b"same bytes", None))
    clock.now += 1
    second = b.enqueue(new_job("report-copy.md", b"same bytes", None))  # same content: same document
    other = b.enqueue(new_job("other.md", b"other bytes", None))
    assert a.claim().id == first.id  # type: ignore[union-attr]
    assert b.claim().id == other.id  # type: ignore[union-attr]  # the copy waits, the other document goes ahead
    assert b.claim() is None
    a.fail(first.id, "report.md: no indexable text after parsing", 422)
    failed = a.get(first.id)
    assert failed.status == "failed" and failed.error_status == 422 and "no indexable" in (failed.error or "")
    assert b.claim().id == second.id  # type: ignore[union-attr]


def test_a_dead_workers_job_is_taken_again_after_its_lease(database: Any, clock: Clock) -> None:
    a, b = queues(database, clock)
    job = a.enqueue(new_job("long.pdf", b"%PDF-1.7 ...", "derby-report"))
    assert a.claim() is not None
    clock.now += LEASE / 2
    assert b.claim() is None  # the lease still runs
    assert a.report(job.id, JobProgress(stage="embedding"))  # renewed
    clock.now += LEASE * 0.9
    assert b.claim() is None
    clock.now += LEASE * 0.2  # a stopped renewing: the lease ran out
    retaken = b.claim()
    assert retaken is not None and retaken.attempts == 2 and retaken.worker == "host-b:2"
    assert not a.report(job.id, JobProgress(stage="embedding"))  # a learns it lost the job
    assert not a.finish(job.id, IngestOutcome(path="long.pdf", status="added"), None)
    assert b.get(job.id).status == "running"


def test_an_unknown_job_is_not_found(database: Any, clock: Clock) -> None:
    a, _ = queues(database, clock)
    with pytest.raises(NotFoundError):
        a.get("job_missing")


def test_finished_jobs_are_purged_after_the_retention_period(database: Any, clock: Clock) -> None:
    a, _ = queues(database, clock)
    old = a.enqueue(new_job("old.md", b"# Old\n", None))
    assert a.claim() is not None and a.fail(old.id, "old.md: no text", 422)
    clock.now += 100
    kept = a.enqueue(new_job("kept.md", b"# Kept\n", None))
    assert a.claim() is not None and a.finish(kept.id, IngestOutcome(path="kept.md", status="added"), "v1")
    waiting = a.enqueue(new_job("waiting.md", b"# Waiting\n", None))
    clock.now += 1000
    assert a.purge(older_than_s=1050) == 1  # only the job that ended 1,100 s ago
    with pytest.raises(NotFoundError):
        a.get(old.id)
    assert a.get(kept.id).status == "done" and a.get(waiting.id).status == "queued"
    clock.now += 10**6
    assert a.purge(older_than_s=1050) == 1 and a.get(waiting.id).status == "queued"  # never a queued job
