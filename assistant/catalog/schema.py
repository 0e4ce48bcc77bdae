"""The conversions between the catalog's rows (`tables`) and the typed records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import RowMapping, Table

from assistant.catalog import tables as t
from assistant.models.records import (
    Chunk,
    DocumentKind,
    GoodPracticeItem,
    ParsedDocument,
    Section,
    Span,
    StatementAnalysis,
    StatementScore,
)


class PendingVersion(NamedTuple):
    """A version whose vectors an ingest is writing (not yet committed)."""

    doc_id: str
    version: str
    started_at: datetime  # refreshed as the ingest makes progress


@dataclass(frozen=True)
class VersionState:
    """Which vector versions must be kept, read from the catalog in one snapshot."""

    active: dict[str, str]  # doc_id -> active version
    pending: set[tuple[str, str]]  # (doc_id, version) being ingested, within the grace period
    stale: set[tuple[str, str]]  # pending longer than the grace period: a crashed ingest


def version_of(sha256: str) -> str:
    """A document version: the first 16 hex characters of its source file's sha256."""
    return sha256[:16]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_date(value: str | None) -> date | None:
    """Parse an ISO date column."""
    return date.fromisoformat(value) if value else None


_SCORE_COLUMNS = ("statement", "theme", "score", "wording", "label", "start", "end", "origin")


def _score_values(s: StatementScore) -> dict[str, Any]:
    return dict(zip(_SCORE_COLUMNS, (s.statement, s.theme, s.score, s.wording, s.label, s.start, s.end, s.origin),
                    strict=True))


def _span_ends(span: Span | None) -> tuple[int | None, int | None]:
    return (span.start, span.end) if span else (None, None)


def document_rows(doc: ParsedDocument, chunks: list[Chunk], ingested_at: str) -> Iterator[tuple[Table, dict[str, Any]]]:
    """(table, row) pairs that store one document and its chunks, the document's row first."""
    yield t.documents, dict(
        doc_id=doc.doc_id, title=doc.title, kind=doc.kind.value, council=doc.council, publisher=doc.publisher,
        published=_iso(doc.published), source_path=doc.source_path, source_format=doc.source_format,
        sha256=doc.sha256, version=version_of(doc.sha256), ingested_at=ingested_at, text=doc.text,
        parsed_json=doc.model_dump_json(exclude={"text"}), council_code=doc.council_code,
        published_as=doc.published_as,
    )
    a = doc.assessment
    if a is not None:
        rating_start, rating_end = _span_ends(a.rating_span)
        percentage_start, percentage_end = _span_ends(a.percentage_span)
        yield t.assessments, dict(
            doc_id=doc.doc_id, council=a.council, published=_iso(a.published),
            assessment_start=_iso(a.assessment_start), assessment_end=_iso(a.assessment_end),
            overall_rating=a.overall_rating, rating_wording=a.rating_wording, rating_start=rating_start,
            rating_end=rating_end, indicative=int(a.indicative), overall_percentage=a.overall_percentage,
            percentage_start=percentage_start, percentage_end=percentage_end,
        )
        for i, s in enumerate(a.scores):
            yield t.statement_scores, dict(doc_id=doc.doc_id, ordinal=i, **_score_values(s))
        for c, conflict in enumerate(a.conflicts):
            for i, s in enumerate(conflict.scores):
                yield t.score_conflicts, dict(doc_id=doc.doc_id, conflict=c, ordinal=i, **_score_values(s))
    for i, sec in enumerate(doc.sections):
        yield t.sections, dict(
            doc_id=doc.doc_id, ordinal=i, id=sec.id, heading=sec.heading, role=sec.role, level=sec.level,
            path=json.dumps(sec.path), start=sec.start, end=sec.end, body_start=sec.body_start, theme=sec.theme,
            quality_statement=sec.quality_statement, parent_id=sec.parent_id,
        )
    for i, gp in enumerate(doc.good_practice):
        yield t.good_practice, dict(doc_id=doc.doc_id, ordinal=i, statement=gp.statement, subsection=gp.subsection,
                                    label=gp.label, text=gp.text, start=gp.start, end=gp.end)
    for i, sa in enumerate(doc.statement_analyses):
        count_start, count_end = _span_ends(sa.count_span)
        yield t.statement_analyses, dict(
            doc_id=doc.doc_id, ordinal=i, statement=sa.statement, section_id=sa.section_id,
            subsections=json.dumps(sa.subsections), councils_scoring_3=sa.councils_scoring_3,
            count_start=count_start, count_end=count_end,
        )
    for ch in chunks:
        yield t.chunks, dict(
            id=ch.id, doc_id=ch.doc_id, version=ch.version, ordinal=ch.ordinal, text=ch.text, start=ch.start,
            end=ch.end, token_count=ch.token_count, council=ch.council, kind=ch.kind.value, theme=ch.theme,
            quality_statement=ch.quality_statement, statement_score=ch.statement_score,
            heading_path=json.dumps(ch.heading_path), section_id=ch.section_id, unit=ch.unit,
        )


def chunk_from_row(r: RowMapping) -> Chunk:
    """A Chunk from a `chunks` row."""
    return Chunk(
        id=r["id"],
        doc_id=r["doc_id"],
        version=r["version"],
        ordinal=r["ordinal"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        token_count=r["token_count"],
        council=r["council"],
        kind=DocumentKind(r["kind"]),
        theme=r["theme"],
        quality_statement=r["quality_statement"],
        statement_score=r["statement_score"],
        heading_path=json.loads(r["heading_path"]),
        section_id=r["section_id"],
        unit=r["unit"],
    )


def section_from_row(r: RowMapping) -> Section:
    """A Section from a `sections` row."""
    return Section(
        id=r["id"],
        heading=r["heading"],
        role=r["role"],
        level=r["level"],
        path=json.loads(r["path"]),
        start=r["start"],
        end=r["end"],
        body_start=r["body_start"],
        theme=r["theme"],
        quality_statement=r["quality_statement"],
        parent_id=r["parent_id"],
    )


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start=start, end=end) if start is not None and end is not None else None


def good_practice_from_row(r: RowMapping) -> GoodPracticeItem:
    """A GoodPracticeItem from a `good_practice` row."""
    return GoodPracticeItem(
        statement=r["statement"],
        subsection=r["subsection"],
        label=r["label"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
    )


def analysis_from_row(r: RowMapping) -> StatementAnalysis:
    """A StatementAnalysis from a `statement_analyses` row."""
    return StatementAnalysis(
        statement=r["statement"],
        section_id=r["section_id"],
        subsections=json.loads(r["subsections"]),
        councils_scoring_3=r["councils_scoring_3"],
        count_span=_span(r["count_start"], r["count_end"]),
    )
