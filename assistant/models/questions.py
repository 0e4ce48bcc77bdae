"""Typed records of questions: what a question asks (QuestionAnalysis), the passages found for it, turns.

Every character offset (``start``/``end``) indexes the document's stored text, as in `assistant.models.records`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models.records import DocumentKind


class QuestionKind(StrEnum):
    """What a question asks for."""

    SCORE = "score"
    RATING = "rating"
    COMPARISON = "comparison"
    RANKING = "ranking"
    ARITHMETIC = "arithmetic"
    FINDING = "finding"
    GOOD_PRACTICE = "good_practice"
    IMPROVEMENT = "improvement"
    OUT_OF_SCOPE = "out_of_scope"


class QuestionAnalysis(BaseModel):
    """What the assistant understood from a question (after resolving follow-ups)."""

    question: str
    standalone: str  # the question with follow-up context filled in
    kind: QuestionKind
    councils: list[str] = Field(default_factory=list)  # canonical names found (loaded or not)
    unknown_councils: list[str] = Field(default_factory=list)  # place names that match no loaded council
    statements: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    doc_kinds: list[DocumentKind] = Field(default_factory=list)
    threshold: int | None = None  # "scored 3 or more"
    comparator: Literal[">=", "<=", ">", "<", "=="] | None = None
    what_if: dict[str, int] = Field(default_factory=dict)  # statement -> hypothetical score
    is_follow_up: bool = False
    rewritten_by: Literal["rules", "llm"] = "rules"
    interpretations: list[str] = Field(default_factory=list)  # "Taking 'darby' as Derby City Council"
    parts: list[QuestionAnalysis] = Field(default_factory=list)  # a compound question's parts, in order


class Passage(BaseModel):
    """A retrieved chunk with its retrieval scores."""

    chunk_id: str
    doc_id: str
    title: str
    council: str | None
    kind: DocumentKind
    heading_path: list[str]
    theme: str | None
    quality_statement: str | None
    statement_score: int | None
    text: str
    start: int
    end: int
    source_path: str
    score: float  # fused score used for ranking
    bm25_rank: int | None = None
    dense_rank: int | None = None
    dense_similarity: float | None = None
    bm25_score: float | None = None  # raw BM25 score (None when BM25 did not retrieve it)
    term_coverage: float | None = None  # IDF-weighted share of the question's words found in the passage
    pinned: bool = False  # placed first as the span of a catalogued score or rating


class Turn(BaseModel):
    """One question and answer of a conversation, kept to resolve follow-ups."""

    question: str
    answer: str
    analysis: QuestionAnalysis
    at: datetime | None = None


Search = Callable[[str, QuestionAnalysis], list[Passage]]
"""A search function: (query, analysis) -> passages, best first."""
