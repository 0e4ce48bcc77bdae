"""GET/POST/DELETE /v1/documents: list, upload (multipart) and remove documents — admin only.

An upload is queued as an ingest job with its bytes (`assistant.catalog.jobs`); the worker that takes it
writes it to a private temporary directory under its original (sanitised) file name and ingests it through
the same pipeline as the CLI (`assistant.api.job_runner`), so bad input fails cleanly and leaves the store
as it was.
The catalog records that file name as the document's source, and listings show file names only.
"""

from __future__ import annotations

import re
from pathlib import Path as FsPath
from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Query, Request, Response, status
from starlette.datastructures import UploadFile

from assistant.api.deps import AdminDep, AssistantDep, ServiceState, StateDep
from assistant.api.limits import RequestTimeoutError, run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_record
from assistant.api.schemas import DocumentList, UploadResult
from assistant.catalog.jobs import new_job
from assistant.errors import BadInputError, NotFoundError, TooLargeError
from assistant.errors import error_for_status as failure
from assistant.models.jobs import Job
from ingest.deadline import Deadline

router = APIRouter(prefix="/v1", tags=["documents"])

_CHUNK = 1024 * 1024
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "The document."}},
            }
        }
    },
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()\-]+")


def safe_filename(name: str | None) -> str:
    """The upload's base name with path parts and unusual characters removed; 422 when nothing is left."""
    base = re.split(r"[/\\]", name or "")[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:200]
    if not cleaned or not re.search(r"[A-Za-z0-9]", cleaned.rsplit(".", 1)[0]):
        raise BadInputError("The upload needs a file name such as 'report.pdf'.")
    return cleaned


@router.get(
    "/documents",
    response_model=DocumentList,
    summary="List loaded documents",
    responses=problem_responses(401, 403, 429, 503, 504),
)
async def list_documents(principal: AdminDep, state: StateDep, assistant: AssistantDep) -> DocumentList:
    """Every loaded document with its kind, council and chunk count."""
    records = await run_limited(state.settings.api.request_timeout_s, assistant.documents)
    return DocumentList(documents=[public_record(d) for d in records])


@router.post(
    "/documents",
    response_model=Job,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Upload a document for ingest (a job)",
    description="Multipart upload of one .pdf, .docx, .html, .md or .txt file, queued as an ingest job that any "
    "worker takes: 202 with the job (and `Location: /v1/jobs/{id}`); follow it at GET /v1/jobs/{id}. An upload "
    "is a new document unless `replace` names the document it replaces; identical content already loaded ends "
    "as `unchanged`. With `wait=true` the request waits for the job and answers as the job ended: 201 with the "
    "upload result (200 when unchanged), or the job's error (422 for unreadable input; 504 when the request "
    "times out or is abandoned, which stops the ingest and leaves the store as it was).",
    responses={
        200: {"description": "wait=true: identical content already loaded", "model": UploadResult},
        201: {"description": "wait=true: the document was added or replaced", "model": UploadResult},
        **problem_responses(401, 403, 404, 413, 415, 422, 429, 503, 504),
    },
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload_document(
    request: Request,
    principal: AdminDep,
    state: StateDep,
    replace: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Id of the document this upload replaces.")
    ] = None,
    wait: Annotated[bool, Query(description="Wait for the ingest to finish and answer with its result.")] = False,
) -> Response:
    """Check the key, then read the multipart body and queue it as a job (and run it now when waiting).

    The body is not a declared parameter: FastAPI would read (and spool) a whole upload before any
    dependency runs, so an unauthenticated 45 MB upload would be read before its 401.
    """
    async with request.form(max_files=1, max_fields=5) as form:  # spooled parts are closed afterwards
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise BadInputError("The upload needs a multipart 'file' field holding the document.")
        name, content = await read_upload(file, state)
    queue = state.open_jobs()
    job = await anyio.to_thread.run_sync(queue.enqueue, new_job(name, content, replace))
    if not wait:
        body = job.model_dump_json().encode()
        return Response(body, status_code=status.HTTP_202_ACCEPTED, media_type="application/json",
                        headers={"Location": f"/v1/jobs/{job.id}"})
    result = await wait_for_job(state, job)
    code = status.HTTP_200_OK if result.outcome.status == "unchanged" else status.HTTP_201_CREATED
    return Response(result.model_dump_json().encode(), status_code=code, media_type="application/json",
                    headers={"Location": f"/v1/jobs/{job.id}"})


async def read_upload(file: UploadFile, state: ServiceState) -> tuple[str, bytes]:
    """The upload's safe file name and bytes (415, 413 or 422 before anything is queued)."""
    from ingest.read.load import source_format_of

    name = safe_filename(file.filename)
    source_format_of(FsPath(name))  # 415 before copying anything
    limit = int(state.settings.api.max_upload_mb * 1024 * 1024)
    parts: list[bytes] = []
    size = 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLargeError(f"{name}: larger than the upload limit of {state.settings.api.max_upload_mb:g} MB.")
        parts.append(chunk)
    if size == 0:
        raise BadInputError(f"{name}: empty file")
    return name, b"".join(parts)


async def wait_for_job(state: ServiceState, job: Job) -> UploadResult:
    """Run the job here (or, when another worker took it first, follow it) and return its result or error."""
    runner = state.open_runner()
    timeout = runner.timeout_s()
    claimed = await anyio.to_thread.run_sync(runner.queue.claim, job.id)
    if claimed is not None:
        deadline = Deadline.after(timeout)
        try:
            job = await run_limited(timeout, runner.run, claimed, deadline)
        except BaseException:  # a 504 or a client gone: the worker thread stops at its next check
            deadline.cancel()
            raise
    else:  # another worker took it first: follow it there
        with anyio.move_on_after(timeout):
            while job.status in ("queued", "running"):
                await anyio.sleep(0.2)
                job = await anyio.to_thread.run_sync(runner.queue.get, job.id)
        if job.status in ("queued", "running"):
            raise RequestTimeoutError(f"The ingest took longer than {timeout:g} s; follow it at /v1/jobs/{job.id}.")
    return job_result(job, state)


def job_result(job: Job, state: ServiceState) -> UploadResult:
    """The upload result of a finished job, or its error raised with the job's status."""
    if job.status == "failed" or job.outcome is None:
        raise failure(job.error_status or 500, job.error or f"{job.filename}: the file could not be ingested")
    record = next((d for d in state.open_assistant().documents() if d.doc_id == job.outcome.doc_id), None)
    return UploadResult(outcome=job.outcome, document=public_record(record) if record else None)


@router.delete(
    "/documents/{doc_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a document",
    responses=problem_responses(401, 403, 404, 422, 429, 503, 504),
)
async def delete_document(
    doc_id: Annotated[str, Path(min_length=1, max_length=200, examples=["derby-city-cqc-assessment-2024"])],
    principal: AdminDep,
    state: StateDep,
    assistant: AssistantDep,
) -> Response:
    """Remove a document from the catalog and the vector store."""

    def remove() -> None:
        if not any(d.doc_id == doc_id for d in assistant.documents()):
            raise NotFoundError(f"No loaded document {doc_id[:100]!r}.")
        assistant.remove(doc_id)

    await run_limited(state.settings.api.request_timeout_s, remove)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
