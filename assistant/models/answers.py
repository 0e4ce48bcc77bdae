"""Typed records of what the assistant answers with: numbered citations of verbatim spans, answers, draft
improvement plans and the events of a streamed answer, the output end of the answer path (what it reads,
from documents to question analyses and passages, is in `assistant.models.records`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, StrictInt, field_validator

from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind


class Citation(BaseModel):
    """A numbered pointer from an answer to a verbatim span of a loaded document."""

    n: StrictInt  # strict: JSON true/false is not a number
    document: str  # doc_id
    title: str
    council: str | None
    section: str  # heading path joined with " > "
    quote: str  # == stored text[start:end]
    display: str | None = None  # the quote as shown: markdown markers removed, whitespace collapsed
    start: StrictInt
    end: StrictInt
    source: str  # source file path
    url: str | None = None  # the original web page of the source, when the file names one
    publisher: str | None = None
    published: date | None = None
    published_as: str | None = None  # the date as stated ("2024"): display it when set

    @field_validator("published", mode="before")
    @classmethod
    def _no_number_as_date(cls, value: object) -> object:
        """An ISO date or null: a bare number is not read as seconds since 1970."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError("published must be an ISO date (YYYY-MM-DD), not a number")
        return value


class Answer(BaseModel):
    """What `ask` returns: the text, its citations and the evidence behind it."""

    answer: str
    kind: QuestionKind
    refused: bool
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    analysis: QuestionAnalysis
    conversation_id: str | None = None
    composer: Literal["catalog", "extractive", "llm"] = "extractive"
    fallback: str | None = None  # why an LLM answer was replaced or trimmed, when it was
    elapsed_ms: float | None = None


class SuggestionItem(BaseModel):
    """One shortfall with what good looks like, peer examples and an editable draft action."""

    shortfall: str
    shortfall_citations: list[int]
    good_practice: list[str]
    good_practice_citations: list[int]
    peer_examples: list[str]
    peer_citations: list[int]
    draft_action: str


class SuggestionPlan(BaseModel):
    """A draft improvement plan for one council and quality statement."""

    council: str
    statement: str
    theme: str
    current_score: int | None
    score_wording: str | None
    items: list[SuggestionItem]
    citations: list[Citation]
    markdown: str
    composer: Literal["extractive", "llm"] = "extractive"


class AnswerEvent(BaseModel):
    """One step of a streamed answer: the analysis, a text delta, a citation, then the final answer."""

    type: Literal["analysis", "delta", "citation", "final"]
    analysis: QuestionAnalysis | None = None
    text: str | None = None
    citation: Citation | None = None
    answer: Answer | None = None
    corrected: bool = False  # final only: the answer differs from the streamed deltas (validated or replaced)
