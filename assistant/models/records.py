"""Typed records of documents that cross module boundaries: parsed documents, sections, scores, chunks.
(Questions, passages and turns are in `assistant.models.questions`; answers in `assistant.models.answers`.)

Every character offset (``start``/``end``) indexes the document's *stored text* (``ParsedDocument.text``,
kept in the catalog), so ``text[start:end]`` is always the exact quoted span.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field


class DocumentKind(StrEnum):
    """What a document is, detected from its content."""

    CQC_ASSESSMENT = "cqc_assessment"  # a CQC assessment report (page or file): the authority for its council
    LGA_ANALYSIS = "lga_analysis"
    SELF_ASSESSMENT = "self_assessment"
    COUNCIL_DOCUMENT = "council_document"  # kept for stored catalogs; new ingests use SCRUTINY or OTHER
    CQC_PRESS_RELEASE = "cqc_press_release"
    NEWS = "news"
    SCRUTINY = "scrutiny"
    OTHER = "other"
    CQC_REPORT = "cqc_assessment"  # the same kind under the name the fixtures use


class Span(BaseModel):
    """A character range of a document's stored text."""

    start: int
    end: int


class Section(BaseModel):
    """A heading and the text under it, with its place in the document's structure."""

    id: str  # unique within the document, e.g. "s014"
    heading: str
    role: Literal["report_part", "theme", "quality_statement", "subsection", "other"]
    level: int  # depth in the logical tree: 1 = top-level part or theme
    path: list[str]  # headings from the root down to and including this one
    start: int  # start of the heading line
    end: int  # end of the section's last character (before the next section at same or higher level)
    body_start: int  # first character after the heading line
    theme: str | None = None
    quality_statement: str | None = None  # canonical name (see assistant.domain.taxonomy)
    parent_id: str | None = None


class StatementScore(BaseModel):
    """A quality statement's score as written in a report, with its exact source span."""

    statement: str  # canonical name
    theme: str
    score: int = Field(ge=1, le=4)
    wording: str | None = None  # e.g. "Evidence shows some shortfalls"
    label: str  # the statement name as the report writes it
    start: int  # span covering the statement name through the score (and wording when present)
    end: int
    origin: Literal["section", "summary"] = "section"
    source: Literal["report", "press_release", "news", "other"] = "report"  # the kind of page that states it
    doc_id: str | None = None  # set when a council's merged facts take this score from another document


class ScoreConflict(BaseModel):
    """Two places in one report that give a statement different scores."""

    statement: str
    scores: list[StatementScore]


class Assessment(BaseModel):
    """What a CQC local authority assessment (or a press release or news item about one) states about a council."""

    council: str
    council_code: str | None = None  # ONS GSS code from the council register
    published: date | None = None
    assessment_start: date | None = None
    assessment_end: date | None = None
    overall_rating: str | None = None  # one of assistant.domain.taxonomy.RATINGS
    rating_wording: str | None = None  # e.g. "Evidence shows a good standard"
    rating_span: Span | None = None
    indicative: bool = False
    overall_percentage: int | None = None  # "scored 78 out of 100 overall", where stated
    percentage_span: Span | None = None
    scores: list[StatementScore] = Field(default_factory=list)  # one per statement found (section first)
    conflicts: list[ScoreConflict] = Field(default_factory=list)
    all_scores: list[StatementScore] = Field(default_factory=list)  # every score found: summary and section
    rating_source: Literal["report", "press_release", "news", "other"] = "report"
    percentage_source: Literal["report", "press_release", "news", "other"] = "report"
    rating_doc: str | None = None  # set when merged facts take the rating from another document
    percentage_doc: str | None = None  # likewise for the percentage
    narrative_chars: int = 0  # text under the document's quality statement sections: how substantive it is


class GoodPracticeItem(BaseModel):
    """One good-practice bullet of the LGA analysis ("Robust triage processes: ...")."""

    statement: str  # canonical quality statement
    subsection: str | None
    label: str  # the bold lead-in before the colon, or the first words
    text: str
    start: int
    end: int


class StatementAnalysis(BaseModel):
    """The LGA analysis of one quality statement."""

    statement: str
    section_id: str
    subsections: list[str]
    councils_scoring_3: int | None = None
    count_span: Span | None = None


class ParsedDocument(BaseModel):
    """A document after parsing: its stored text, structure and extracted facts."""

    doc_id: str
    title: str
    kind: DocumentKind
    council: str | None = None  # canonical council name (the register's official name)
    council_code: str | None = None  # ONS GSS code from the council register (None outside it)
    publisher: str | None = None
    published: date | None = None
    published_as: str | None = None  # the date as stated ("2024", "March 2023"), or from the source note
    source_path: str
    source_format: Literal["txt", "md", "html", "pdf", "docx"]
    sha256: str  # of the source file's bytes
    source_url: str | None = None  # the original page the file names (canonical link, og:url, 'Source:' line)
    text: str
    sections: list[Section] = Field(default_factory=list)
    assessment: Assessment | None = None
    good_practice: list[GoodPracticeItem] = Field(default_factory=list)
    statement_analyses: list[StatementAnalysis] = Field(default_factory=list)


class Chunk(BaseModel):
    """A structure-aware passage, the unit stored in Chroma and indexed by BM25."""

    id: str  # deterministic: f"{doc_id}:{version}:{ordinal:05d}"
    doc_id: str
    version: str  # first 16 hex chars of the document's sha256
    ordinal: int
    text: str  # == document.text[start:end]
    start: int
    end: int
    token_count: int
    council: str | None
    kind: DocumentKind
    theme: str | None
    quality_statement: str | None
    statement_score: int | None
    heading_path: list[str]
    section_id: str | None
    unit: Literal["paragraphs", "bullet", "score", "list"] = "paragraphs"


class ChunkOutline(NamedTuple):
    """A chunk's labels without its text: what the retrieval index keeps of every active chunk."""

    id: str
    is_score: bool  # unit == "score"
    quality_statement: str | None
    heading: str  # the last of its heading path ("" when it has none)


class DocumentRecord(BaseModel):
    """A loaded document as the catalog lists it."""

    doc_id: str
    title: str
    kind: DocumentKind
    council: str | None
    council_code: str | None = None
    publisher: str | None
    published: date | None
    source_path: str
    source_format: str
    sha256: str
    ingested_at: datetime
    chunk_count: int
    source_url: str | None = None  # the original page the file was saved from, when it names one
    published_as: str | None = None  # the date as stated ("2024", "March 2023"): display it when set


class CouncilScores(BaseModel):
    """One row of the council x quality statement table."""

    council: str
    overall_rating: str | None
    indicative: bool
    published: date | None
    overall_percentage: int | None = None
    scores: dict[str, int | None]  # canonical statement name -> score
    document: str  # doc_id of the assessment
    title: str = ""
    conflicts: list[str] = Field(default_factory=list)  # statements whose scores conflict
    council_code: str | None = None
    disagreements: list[Disagreement] = Field(default_factory=list)  # values two sources state differently


class SourcedValue(BaseModel):
    """One value one document states for a council: a statement score, the rating or the percentage."""

    value: str | int
    doc_id: str
    kind: DocumentKind
    source: Literal["report", "press_release", "news", "other"]
    start: int
    end: int


class Disagreement(BaseModel):
    """A field two sources state differently: the preferred value (the report's) and the others."""

    field: str  # a canonical statement name, "overall_rating" or "overall_percentage"
    preferred: SourcedValue
    others: list[SourcedValue]


class IngestOutcome(BaseModel):
    """What happened to one file in an ingest run."""

    path: str
    status: Literal["added", "replaced", "unchanged", "failed"]
    doc_id: str | None = None
    kind: DocumentKind | None = None
    council: str | None = None
    chunks: int = 0
    tokens: int = 0
    error: str | None = None


# --- answering -------------------------------------------------------------------------------------
