"""Ingest jobs run by the worker that claims them: a background thread polls the queue, and an upload that
asks to wait runs its own job at once.

A running job renews its lease in the database every third of the lease (with its progress), so a worker
that dies (kill -9, a lost machine) stops renewing and another worker takes the job again once the lease
expires. If a renewal finds the job taken over (this worker stalled beyond its lease), the ingest is
cancelled at its next check. The upload's bytes come from the job row: workers share no disk.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from pathlib import Path

from assistant.api.metrics import Metrics
from assistant.api.public import public_record
from assistant.api.schemas import UploadResult
from assistant.catalog.jobs import JobQueue
from assistant.errors import CQCError
from assistant.models.jobs import Job, JobProgress
from assistant.models.records import IngestOutcome
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.deadline import Deadline
from ingest.pipeline import IngestProgress, ProgressFn

log = logging.getLogger("assistant.jobs")
PURGE_EVERY_S = 3600.0  # finished jobs older than the retention period are deleted this often


def ingest_file(
    assistant: Assistant, path: Path, replace: str | None = None, deadline: Deadline | None = None,
    progress: ProgressFn | None = None,
) -> UploadResult:
    """Ingest one saved upload, recorded under its file name (replacing document `replace`, when given, and
    stopping when `deadline` passes or is cancelled); a failed outcome carries the reason."""
    outcome: IngestOutcome = assistant.ingestor.ingest_paths(
        [path], progress=progress, source_names={path: path.name},
        replace={path: replace} if replace else None, deadline=deadline,
    )[0]
    outcome = outcome.model_copy(update={"path": path.name})
    if outcome.status == "failed":
        reason = (outcome.error or "the file could not be ingested").replace(str(path.parent) + "/", "")
        return UploadResult(outcome=outcome.model_copy(update={"error": reason}))
    record = next((d for d in assistant.documents() if d.doc_id == outcome.doc_id), None)
    return UploadResult(outcome=outcome, document=public_record(record) if record else None)


class _Lease:
    """Renews a running job's lease with its latest progress until stopped; cancels the ingest if it is lost."""

    def __init__(self, queue: JobQueue, job_id: str, deadline: Deadline) -> None:
        self.queue, self.job_id, self.deadline = queue, job_id, deadline
        self.progress = JobProgress(stage="parsing")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> _Lease:
        self._send()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def update(self, event: IngestProgress) -> None:
        """The pipeline's progress callback (the next renewal sends it)."""
        if event.outcome is None and event.file_chunks:
            stage = "saving" if event.file_chunks_done >= event.file_chunks else "embedding"
            self.progress = JobProgress(stage=stage, chunks_done=event.file_chunks_done,
                                        chunks_total=event.file_chunks)

    def _send(self) -> None:
        try:
            if not self.queue.report(self.job_id, self.progress):
                log.warning("job %s was taken over by another worker: stopping its ingest here", self.job_id)
                self.deadline.cancel()
                self._stop.set()
        except CQCError as exc:  # the database is unreachable for now: the next renewal tries again
            log.warning("could not renew the lease of job %s: %s", self.job_id, exc.message)

    def _renew(self) -> None:
        interval = max(0.2, min(self.queue.lease_s / 3, 2.0))
        while not self._stop.wait(interval):
            self._send()


class JobRunner:
    """Claims and runs this worker's share of the ingest jobs."""

    def __init__(self, queue: JobQueue, assistant: Assistant, settings: Settings, metrics: Metrics,
                 poll_s: float) -> None:
        self.queue = queue
        self.assistant = assistant
        self.settings = settings
        self.metrics = metrics
        self.poll_s = poll_s
        self.keep_s = settings.api.conversation_retention_days * 86400.0  # finished jobs kept as long as chats
        self._purged = float("-inf")  # monotonic time of the last purge: the first loop purges
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Poll the queue in a background thread."""
        self._thread = threading.Thread(target=self._loop, name="ingest-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling (a job running now finishes first, or is retaken after its lease by another worker)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if time.monotonic() - self._purged > PURGE_EVERY_S:
                    self._purged = time.monotonic()
                    self.queue.purge(self.keep_s)
                job = self.queue.claim()
            except CQCError as exc:
                log.warning("could not read the job queue: %s", exc.message)
                job = None
            if job is None:
                self._stop.wait(self.poll_s)
                continue
            try:
                self.run(job)
            except Exception:  # a job's failure is recorded on the job; never stop the loop
                log.exception("job %s failed unexpectedly", job.id)

    def timeout_s(self) -> float:
        """The time limit of one ingest (a long PDF may take a while)."""
        return max(self.settings.api.request_timeout_s, self.settings.ingest.pdf_timeout_s * 2)

    def run(self, job: Job, deadline: Deadline | None = None) -> Job:
        """Run a job this worker claimed, record its result, and return the job as finished."""
        limit = deadline or Deadline.after(self.timeout_s())
        log.info("running job %s (%s, attempt %d)", job.id, job.filename, job.attempts)
        with _Lease(self.queue, job.id, limit) as lease, tempfile.TemporaryDirectory(prefix="cqc-upload-") as tmp:
            path = Path(tmp) / job.filename
            try:
                path.write_bytes(self.queue.content(job.id))
                result = ingest_file(self.assistant, path, job.replace, limit, lease.update)
            except CQCError as exc:
                self.queue.fail(job.id, exc.message, exc.status)
                return self.queue.get(job.id)
            except Exception as exc:
                self.queue.fail(job.id, f"{job.filename}: unexpected {type(exc).__name__}: {exc}", 500)
                return self.queue.get(job.id)
        outcome = result.outcome
        self.metrics.ingest([outcome])
        if outcome.status == "failed":
            status = 504 if "ingest stopped" in (outcome.error or "") else 422
            self.queue.fail(job.id, outcome.error or f"{job.filename}: the file could not be ingested", status,
                            outcome)
        else:
            version = self.assistant.catalog.active_versions().get(outcome.doc_id or "")
            self.queue.finish(job.id, outcome, version)
        return self.queue.get(job.id)
