"""Catalog facts (ratings and scores exactly as the catalog holds them) offered to the model as sources.

Each fact carries the verbatim span of the report it was read from, so a sentence citing a fact still
points at the document; the model may restate a fact but the validator checks every number against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.llm.pack import Source
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment, DocumentRecord


class FactCatalog(Protocol):
    """The part of assistant.catalog.documents.Catalog that facts need."""

    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...

    def document(self, doc_id: str) -> DocumentRecord: ...

    def document_text(self, doc_id: str) -> str: ...


def _fact(record: DocumentRecord, text: str, start: int, end: int, label: str, section: str) -> Source:
    return Source(
        n=0,
        kind="fact",
        doc_id=record.doc_id,
        title=record.title,
        council=record.council,
        section=section,
        text=text[start:end],
        start=start,
        end=end,
        source_path=record.source_path,
        label=label,
    )


def catalog_facts(catalog: FactCatalog, analysis: QuestionAnalysis, limit: int = 12) -> list[Source]:
    """Facts for the councils a question names: overall rating, percentage and the asked-about scores."""
    facts: list[Source] = []
    for council in analysis.councils:
        found = catalog.assessment(council)
        if found is None:
            continue
        doc_id, assessment = found
        record = catalog.document(doc_id)
        text = catalog.document_text(doc_id)
        prefix = f"Catalog fact ({assessment.council})"
        if assessment.overall_rating and assessment.rating_span:
            span = assessment.rating_span
            kind = "indicative overall rating" if assessment.indicative else "overall rating"
            facts.append(_fact(record, text, span.start, span.end,
                               f"{prefix}: {kind} {assessment.overall_rating}", "Overall rating"))
        if assessment.overall_percentage is not None and assessment.percentage_span:
            span = assessment.percentage_span
            facts.append(_fact(record, text, span.start, span.end,
                               f"{prefix}: overall score {assessment.overall_percentage}%", "Overall rating"))
        wanted: Sequence[str] = analysis.statements or [s.statement for s in assessment.scores]
        for score in assessment.scores:
            if score.statement in wanted and score.end > score.start:
                facts.append(_fact(record, text, score.start, score.end,
                                   f"{prefix}: {score.statement} scored {score.score} out of 4",
                                   f"{score.theme} > {score.statement}"))
    return facts[:limit]
