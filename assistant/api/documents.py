"""GET/POST/DELETE /v1/documents: list, upload (multipart) and remove documents — admin only.

An upload is written to a private temporary directory under its original (sanitised) file name and
ingested through the same pipeline as the CLI, so bad input fails cleanly and leaves the store as it was.
The catalog records that file name as the document's source, and listings show file names only.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from starlette.datastructures import UploadFile

from assistant.api.deps import AdminDep, AssistantDep, ServiceState, StateDep
from assistant.api.limits import run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_record
from assistant.api.schemas import DocumentList, UploadResult
from assistant.errors import BadInputError, NotFoundError, TooLargeError
from assistant.models.records import IngestOutcome
from assistant.service import Assistant
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


def ingest_file(
    assistant: Assistant, path: FsPath, replace: str | None = None, deadline: Deadline | None = None
) -> UploadResult:
    """Ingest one saved upload, recorded under its file name (replacing document `replace`, when given, and
    stopping when `deadline` passes or is cancelled); a failed outcome carries the reason."""
    outcome: IngestOutcome = assistant.ingestor.ingest_paths(
        [path], source_names={path: path.name}, replace={path: replace} if replace else None, deadline=deadline
    )[0]
    outcome = outcome.model_copy(update={"path": path.name})
    if outcome.status == "failed":
        reason = (outcome.error or "the file could not be ingested").replace(str(path.parent) + "/", "")
        return UploadResult(outcome=outcome.model_copy(update={"error": reason}))
    record = next((d for d in assistant.documents() if d.doc_id == outcome.doc_id), None)
    return UploadResult(outcome=outcome, document=public_record(record) if record else None)


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
    response_model=UploadResult,
    status_code=status.HTTP_201_CREATED,
    summary="Upload and ingest a document",
    description="Multipart upload of one .pdf, .docx, .html, .md or .txt file. An upload is a new document "
    "unless `replace` names the document it replaces; identical content already loaded is reported as "
    "`unchanged` (200). Ingest stops, leaving the store as it was, when the request times out or is abandoned.",
    responses={
        200: {"description": "Identical content already loaded", "model": UploadResult},
        **problem_responses(401, 403, 404, 413, 415, 422, 429, 503, 504),
    },
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload_document(
    request: Request,
    response: Response,
    principal: AdminDep,
    state: StateDep,
    assistant: AssistantDep,
    replace: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Id of the document this upload replaces.")
    ] = None,
) -> UploadResult:
    """Check the key, then read the multipart body, save the upload under its own name and ingest it.

    The body is not a declared parameter: FastAPI would read (and spool) a whole upload before any
    dependency runs, so an unauthenticated 45 MB upload would be read before its 401.
    """
    async with request.form(max_files=1, max_fields=5) as form:  # spooled parts are closed afterwards
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise BadInputError("The upload needs a multipart 'file' field holding the document.")
        result = await save_and_ingest(file, state, assistant, replace)
    state.metrics.ingest([result.outcome])
    if result.outcome.status == "failed":
        raise BadInputError(result.outcome.error or f"{result.outcome.path}: the file could not be ingested")
    if result.outcome.status == "unchanged":
        response.status_code = status.HTTP_200_OK
    return result


async def save_and_ingest(
    file: UploadFile, state: ServiceState, assistant: Assistant, replace: str | None
) -> UploadResult:
    """Write the upload to a private temporary directory under its own name and ingest it from there."""
    from ingest.read.load import source_format_of

    name = safe_filename(file.filename)
    source_format_of(FsPath(name))  # 415 before copying anything
    limit = int(state.settings.api.max_upload_mb * 1024 * 1024)
    with tempfile.TemporaryDirectory(prefix="cqc-upload-") as tmp:
        path = FsPath(tmp) / name
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLargeError(
                        f"{name}: larger than the upload limit of {state.settings.api.max_upload_mb:g} MB."
                    )
                out.write(chunk)
        if size == 0:
            raise BadInputError(f"{name}: empty file")
        # ingest may take a while for a long PDF: the ingest time limit applies, not the request one
        timeout = max(state.settings.api.request_timeout_s, state.settings.ingest.pdf_timeout_s * 2)
        deadline = Deadline.after(timeout)
        try:
            result = await run_limited(timeout, ingest_file, assistant, path, replace, deadline)
        except BaseException:  # a 504 or a client gone: the worker thread stops at its next check
            deadline.cancel()
            raise
        return result


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
