"""Request and response bodies of the /v1 API that are not already records in assistant.models.records(_answer)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from assistant.models.records import Assessment, CouncilScores, DocumentKind, DocumentRecord, IngestOutcome

ASK_EXAMPLES: list[JsonValue] = [
    {"question": "What was Derby's safeguarding score?"},
    {"question": "And for equity?", "conversation_id": "conv_4mXbq2kq0uJt3jY3Nw8cQ4fY"},
]


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": ASK_EXAMPLES})

    question: str = Field(
        ...,
        min_length=1,
        pattern=r"\S",
        description="The question (length limit: settings.api.max_question_chars).",
    )
    conversation_id: str | None = Field(
        None, max_length=100, description="Continue this conversation; omit to start a new one."
    )
    council: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Home council (any of its names; e.g. an intranet's own): questions that name no "
        "council, such as 'what did we score for safeguarding?', are answered about it. 404 if not loaded.",
    )


class SuggestionRequest(BaseModel):
    """Which council and quality statement to draft an improvement plan for."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"council": "Derby", "statement": "Safeguarding"}]},
    )

    council: str = Field(..., min_length=1, max_length=200, description="Council name, alias or slug.")
    statement: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Quality statement: name, number (1-9) or usual wording.",
    )


class CouncilSummary(BaseModel):
    """One loaded council in the list."""

    id: str = Field(..., examples=["derby-city-council"])
    name: str = Field(..., examples=["Derby City Council"])
    overall_rating: str | None = Field(None, examples=["Requires improvement"])
    indicative: bool = False
    published: date | None = None
    overall_percentage: int | None = None
    assessment_document: str | None = Field(None, examples=["derby-city-cqc-assessment-2024"])


class CouncilDocument(BaseModel):
    """A loaded document about a council."""

    doc_id: str
    title: str
    kind: DocumentKind
    publisher: str | None
    published: date | None


class CouncilDetail(CouncilSummary):
    """A council's rating, statement scores (with exact source spans) and documents."""

    assessment: Assessment | None = None
    scores: CouncilScores | None = None
    documents: list[CouncilDocument] = Field(default_factory=list)


class DocumentList(BaseModel):
    """The loaded documents."""

    documents: list[DocumentRecord]


class UploadResult(BaseModel):
    """What happened to an uploaded file."""

    outcome: IngestOutcome
    document: DocumentRecord | None = None


class Health(BaseModel):
    """Liveness."""

    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    """Whether each backing service can be used."""

    status: Literal["ready", "unavailable"]
    checks: dict[str, bool] = Field(..., examples=[{"catalog": True, "store": True, "embedder": True}])


def slugify(name: str) -> str:
    """Lower-case words joined by hyphens: 'Derby City Council' -> 'derby-city-council'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
