"""Ingest jobs: an uploaded file queued in the database, taken by any worker, with its progress and result."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models.records import IngestOutcome

JobStatus = Literal["queued", "running", "done", "failed"]


class Job(BaseModel):
    """One ingest job as GET /v1/jobs/{id} shows it."""

    id: str = Field(description="The job id (also in the Location header of the upload's 202).")
    status: JobStatus = Field(description="queued, running (taken by a worker), done or failed.")
    filename: str = Field(description="The uploaded file's name, recorded as the document's source.")
    replace: str | None = Field(None, description="Id of the document this upload replaces, when given.")
    progress: float = Field(0.0, ge=0.0, le=1.0, description="Share of the work done (1.0 when finished).")
    stage: str = Field("queued", description="What the job is doing: queued, parsing, embedding, saving, done.")
    chunks_done: int = Field(0, ge=0, description="Chunks embedded so far.")
    chunks_total: int = Field(0, ge=0, description="Chunks of the document (0 until it is parsed).")
    attempts: int = Field(0, ge=0, description="How often a worker took the job (more than 1 after a worker died).")
    worker: str | None = Field(None, description="The worker (host:pid) that holds or last held the job.")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    doc_id: str | None = Field(None, description="The document's id, once known.")
    version: str | None = Field(None, description="The document version the job made active.")
    outcome: IngestOutcome | None = Field(None, description="The ingest outcome when the job finished.")
    error: str | None = Field(None, description="Why the job failed.")
    error_status: int | None = Field(None, description="The HTTP status of the failure (422 for unreadable input).")


class NewJob(BaseModel):
    """An upload to queue: the file's bytes travel with the job (workers share no disk)."""

    filename: str
    content: bytes
    replace: str | None = None
    sha256: str


class JobProgress(BaseModel):
    """A running job's progress report (also renews its lease)."""

    stage: str
    chunks_done: int = 0
    chunks_total: int = 0
