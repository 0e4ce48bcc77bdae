"""GET /v1/documents/{doc_id}/text: a loaded document's stored text, for the citation panel.

Citation offsets (``start``/``end``) index exactly this text, so a client can show a quoted span in its
surrounding text and highlight it.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from assistant.api.deps import AssistantDep, ReaderDep, StateDep
from assistant.api.limits import run_limited
from assistant.api.problems import problem_responses
from assistant.service import Assistant

router = APIRouter(prefix="/v1", tags=["documents"])


class DocumentText(BaseModel):
    """A document's stored text with the facts a reader needs to cite it."""

    doc_id: str
    title: str
    publisher: str | None
    published: date | None
    text: str
    published_as: str | None = None  # the date as stated ("2024"); show it instead of `published` when set


def read_document_text(assistant: Assistant, doc_id: str) -> DocumentText:
    """The stored text and citation facts of one loaded document (NotFoundError when not loaded)."""
    record = assistant.catalog.document(doc_id)
    return DocumentText(
        doc_id=record.doc_id,
        title=record.title,
        publisher=record.publisher,
        published=record.published,
        published_as=record.published_as,
        text=assistant.catalog.document_text(doc_id),
    )


@router.get(
    "/documents/{doc_id}/text",
    response_model=DocumentText,
    summary="A document's stored text (citation offsets index it)",
    responses=problem_responses(401, 404, 429, 503, 504),
)
async def document_text(doc_id: str, _: ReaderDep, state: StateDep, assistant: AssistantDep) -> DocumentText:
    """The whole stored text of a loaded document, with its title, publisher and date."""
    return await run_limited(state.settings.api.request_timeout_s, read_document_text, assistant, doc_id)


def include_document_text(app: FastAPI) -> None:
    """Add the document text route to the app."""
    app.include_router(router)
