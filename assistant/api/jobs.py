"""GET /v1/jobs/{job_id}: an ingest job's status, progress and result — admin only."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Path

from assistant.api.deps import AdminDep, StateDep
from assistant.api.problems import problem_responses
from assistant.models.jobs import Job

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get(
    "/jobs/{job_id}",
    response_model=Job,
    summary="An ingest job's status",
    description="queued, running (with progress: stage, chunks embedded of the document's chunks), done (with "
    "the outcome, document id and version) or failed (with the error and its HTTP status). Any worker answers: "
    "jobs live in the shared database.",
    responses=problem_responses(401, 403, 404, 422, 429, 503),
)
async def get_job(
    job_id: Annotated[str, Path(min_length=1, max_length=60, examples=["job_Jx0Kq3mB5VwX2sZr9uTq1A"])],
    principal: AdminDep,
    state: StateDep,
) -> Job:
    """One job as the database holds it now."""
    return await anyio.to_thread.run_sync(state.open_jobs().get, job_id)
