"""POST /v1/suggestions/docx and /v1/answers/docx: an improvement plan or a chat answer as a Word document.

The UI drafts a plan with POST /v1/suggestions, lets the person edit the shortfalls and draft actions,
then sends the plan back here; the document is built from the plan's structured items and cites its
sources (title, publisher, date, section and the verbatim quote). A chat answer is exported the same way:
the question, the answer text with its [n] markers, then the numbered sources.
"""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.api.deps import ReaderDep
from assistant.api.problems import problem_responses
from assistant.models.answers import Citation, SuggestionPlan

router = APIRouter(prefix="/v1", tags=["suggestions"])

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Text without the control characters Word documents cannot hold."""
    return _NOT_XML.sub("", text)


def _para(doc: DocxDocument, text: str, style: str | None = None) -> None:
    doc.add_paragraph(_xml_safe(text), style=style)


def _heading(doc: DocxDocument, text: str, level: int) -> None:
    doc.add_heading(_xml_safe(text), level=level)


def _refs(numbers: list[int]) -> str:
    return (" " + "".join(f"[{n}]" for n in numbers)) if numbers else ""


def _cited_date(value: date | None, as_stated: str | None = None) -> str:
    if as_stated:
        return as_stated
    return value.strftime("%d %B %Y").lstrip("0") if value else "date not stated"


def _source_line(c: Citation) -> str:
    publisher = c.publisher or "publisher not stated"
    section = f", {c.section}" if c.section else ""
    quote = re.sub(r"\s+", " ", c.quote).strip()
    return f"[{c.n}] {c.title} ({publisher}, {_cited_date(c.published, c.published_as)}){section}: “{quote}”"


def plan_filename(plan: SuggestionPlan) -> str:
    """A safe file name for the plan: improvement-plan-<council>-<statement>.docx."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{plan.council} {plan.statement}".lower()).strip("-")
    return f"improvement-plan-{slug[:80]}.docx"


def plan_docx(plan: SuggestionPlan) -> bytes:
    """The plan as .docx bytes: heading, current score, one section per item, then numbered sources."""
    doc = Document()
    doc.core_properties.title = _xml_safe(f"Improvement plan: {plan.statement} — {plan.council}")[:250]
    doc.core_properties.subject = "Draft improvement plan (CQC local authority assessment)"
    _heading(doc, f"Improvement plan: {plan.statement} — {plan.council}", level=0)
    score = f"{plan.current_score}" if plan.current_score is not None else "not found in the report"
    wording = f" ({plan.score_wording})" if plan.score_wording else ""
    _para(doc, f"Theme: {plan.theme}. Current score: {score}{wording}.")
    _para(
        doc,
        "Draft for discussion. Numbers in brackets refer to the sources listed at the end; "
        "each is a verbatim passage of a loaded document.",
    )
    if not plan.items:
        _para(doc, "No shortfalls were found for this quality statement.")
    for i, item in enumerate(plan.items, start=1):
        _heading(doc, f"{i}. Shortfall", level=1)
        _para(doc, item.shortfall + _refs(item.shortfall_citations))
        if item.good_practice:
            _heading(doc, "What good looks like", level=2)
            for j, text in enumerate(item.good_practice):
                _para(doc, text + _refs(item.good_practice_citations[j : j + 1]), style="List Bullet")
        if item.peer_examples:
            _heading(doc, "Peer examples", level=2)
            for j, text in enumerate(item.peer_examples):
                _para(doc, text + _refs(item.peer_citations[j : j + 1]), style="List Bullet")
        _heading(doc, "Draft action", level=2)
        _para(doc, item.draft_action)
    if plan.citations:
        _heading(doc, "Sources", level=1)
        for c in plan.citations:
            _para(doc, _source_line(c))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@router.post(
    "/suggestions/docx",
    summary="Export a (possibly edited) improvement plan as a Word document",
    response_class=Response,
    responses={
        200: {"content": {DOCX_MEDIA_TYPE: {}}, "description": "The plan as a .docx file."},
        **problem_responses(401, 413, 422, 429),
    },
)
def export_docx(plan: SuggestionPlan, _: ReaderDep) -> Response:
    """Build the Word document from the plan the client sends back."""
    return Response(
        plan_docx(plan),
        media_type=DOCX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{plan_filename(plan)}"'},
    )


class AnswerExport(BaseModel):
    """A chat answer to export: the question, the answer text with [n] markers and its citations."""

    question: str = Field(..., min_length=1, max_length=4000)
    answer: str = Field(..., max_length=20000)
    citations: list[Citation] = Field(default_factory=list, max_length=100)


def answer_docx(item: AnswerExport) -> bytes:
    """The answer as .docx bytes: the question as heading, the answer paragraphs, then numbered sources."""
    doc = Document()
    doc.core_properties.title = _xml_safe(item.question)[:250]
    doc.core_properties.subject = "Answer from the CQC assessment assistant"
    _heading(doc, item.question, level=1)
    for para in re.split(r"\n{2,}", item.answer.strip()) or [""]:
        _para(doc, para)
    if item.citations:
        _heading(doc, "Sources", level=2)
        for c in item.citations:
            _para(doc, _source_line(c))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@router.post(
    "/answers/docx",
    summary="Export a chat answer with its sources as a Word document",
    tags=["answers"],
    response_class=Response,
    responses={
        200: {"content": {DOCX_MEDIA_TYPE: {}}, "description": "The answer as a .docx file."},
        **problem_responses(401, 413, 422, 429),
    },
)
def export_answer_docx(item: AnswerExport, _: ReaderDep) -> Response:
    """Build the Word document from the answer the client shows."""
    return Response(
        answer_docx(item),
        media_type=DOCX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="cqc-assistant-answer.docx"'},
    )


def include_export(app: FastAPI) -> None:
    """Add the Word export routes to the app."""
    app.include_router(router)
