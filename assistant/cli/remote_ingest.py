"""`cqc-assistant ingest --server URL FILES...`: upload through the HTTP API as ingest jobs and follow each job
with a progress bar on stderr until it finishes (any worker behind the URL may run it)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from assistant.checks import check_url
from assistant.cli.app import err_console
from assistant.errors import ConfigurationError, UnavailableError, error_for_status
from assistant.models.jobs import Job
from assistant.models.records import IngestOutcome

POLL_S = 0.5


class RemoteIngest:
    """Uploads files to one server with an admin key and waits for their jobs."""

    def __init__(self, server: str, key: str | None, timeout_s: float = 600.0) -> None:
        if not key:
            raise ConfigurationError("--server needs an admin key: --key KEY or CQC_ADMIN_KEY")
        try:
            self.base = (check_url(server, "--server") or "").rstrip("/")
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        self.client = httpx.Client(headers={"Authorization": f"Bearer {key}"}, timeout=120.0)
        self.timeout_s = timeout_s

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def _call(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise UnavailableError(f"cannot reach {self.base}: {exc}") from exc
        if response.status_code >= 400:
            try:
                detail = str(response.json().get("detail") or response.text)
            except ValueError:
                detail = response.text
            raise error_for_status(response.status_code, f"{url}: {response.status_code} {detail}")
        return response

    def submit(self, path: Path) -> Job:
        """Upload one file; returns its queued job."""
        with path.open("rb") as handle:
            response = self._call("POST", f"{self.base}/v1/documents", files={"file": (path.name, handle)})
        return Job.model_validate(response.json())

    def job(self, job_id: str) -> Job:
        """A job's current state."""
        return Job.model_validate(self._call("GET", f"{self.base}/v1/jobs/{job_id}").json())

    def follow(self, job: Job, progress: Progress, task: TaskID) -> Job:
        """Poll a job until it is done or failed, moving its progress bar."""
        deadline = time.monotonic() + self.timeout_s
        while job.status in ("queued", "running"):
            if time.monotonic() > deadline:
                raise UnavailableError(f"job {job.id} did not finish within {self.timeout_s:g} s")
            time.sleep(POLL_S)
            job = self.job(job.id)
            chunks = f"{job.chunks_done}/{job.chunks_total} chunks" if job.chunks_total else ""
            progress.update(task, completed=job.progress * 100, stage=job.stage, chunks=chunks)
        progress.update(task, completed=100, stage=job.status, chunks="")
        return job


def ingest_remote(server: str, key: str | None, paths: list[Path], quiet: bool) -> list[IngestOutcome]:
    """Upload every file (folders walked) to the server and wait for each job; one outcome per file."""
    from ingest.read.discover import find_files

    remote = RemoteIngest(server, key)
    outcomes: list[IngestOutcome] = []
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                        TextColumn("{task.fields[stage]} {task.fields[chunks]}"), TimeElapsedColumn(),
                        console=err_console, disable=quiet, transient=False)
    try:
        with progress:
            for found in find_files(paths):
                name = found.path.name
                task = progress.add_task(name[:40], total=100, stage="uploading", chunks="")
                if found.refusal:
                    outcomes.append(IngestOutcome(path=str(found.path), status="failed", error=found.refusal))
                    progress.update(task, stage="refused")
                    continue
                try:
                    job = remote.follow(remote.submit(found.path), progress, task)
                except (ConfigurationError, UnavailableError):
                    raise
                except Exception as exc:  # this file was refused (413, 415, 422): report it, go on
                    message = getattr(exc, "message", str(exc))
                    outcomes.append(IngestOutcome(path=str(found.path), status="failed", error=message))
                    progress.update(task, stage="refused")
                    continue
                if job.outcome is not None:
                    outcomes.append(job.outcome.model_copy(update={"path": str(found.path)}))
                else:
                    outcomes.append(IngestOutcome(path=str(found.path), status="failed", doc_id=job.doc_id,
                                                  error=job.error or "the job failed"))
    finally:
        remote.close()
    return outcomes
