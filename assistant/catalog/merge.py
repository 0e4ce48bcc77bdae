"""One council's facts from all its documents: the preferred value of each field, and the disagreements.

Every document keeps its own values in the catalog. A field's preferred value comes from the best source:
a CQC report before a press release before a news item (by the kind of the part of the file that states it),
then the document ranked first (its kind; then whether it is a substantive report, with findings under its
quality statements, rather than a bare list of scores; then its own published date, newest first). Upload
order and file names never decide. Values that differ from the preferred one are returned as disagreements,
never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.models.records import (
    Assessment,
    CouncilScores,
    Disagreement,
    DocumentKind,
    ScoreConflict,
    SourcedValue,
    StatementScore,
)

SOURCE_RANK = {"report": 0, "press_release": 1, "news": 2, "other": 3}
KIND_RANK = {DocumentKind.CQC_ASSESSMENT: 0, DocumentKind.CQC_PRESS_RELEASE: 1, DocumentKind.NEWS: 2}
SUBSTANTIVE_CHARS = 1500  # findings text under the statements that makes a report more than a list of scores


@dataclass(frozen=True)
class Stated:
    """One document's assessment of the council, with what ranks it."""

    doc_id: str
    kind: DocumentKind
    assessment: Assessment


def _doc_key(s: Stated) -> tuple[int, int, int, str]:
    published = s.assessment.published or date.min
    thin = int(s.assessment.narrative_chars < SUBSTANTIVE_CHARS)
    return KIND_RANK.get(s.kind, 3), thin, -published.toordinal(), s.doc_id


def _pick(values: list[tuple[int, int, int, SourcedValue]]) -> tuple[SourcedValue, list[SourcedValue]] | None:
    if not values:
        return None
    ordered = [t[3] for t in sorted(values, key=lambda t: t[:3])]
    best = ordered[0]
    return best, [v for v in ordered[1:] if v.value != best.value]


def merge(stated: list[Stated]) -> tuple[str, Assessment, list[Disagreement]] | None:
    """(doc_id of the leading document, the merged assessment, disagreements between sources)."""
    if not stated:
        return None
    docs = sorted(stated, key=_doc_key)
    lead = docs[0]
    merged = lead.assessment.model_copy()  # only top-level fields are reassigned below: a shallow copy will do
    disagreements: list[Disagreement] = []
    conflicts = list(merged.conflicts)
    scores: list[StatementScore] = []
    every: list[tuple[int, int, int, StatementScore]] = []  # every place any document states a score
    for name in STATEMENT_NAMES:
        values: list[tuple[int, int, int, SourcedValue]] = []
        by_value: dict[tuple[str, int], StatementScore] = {}
        for rank, d in enumerate(docs):
            for s in d.assessment.all_scores or d.assessment.scores:
                if s.statement != name:
                    continue
                sv = SourcedValue(value=s.score, doc_id=d.doc_id, kind=d.kind, source=s.source, start=s.start,
                                  end=s.end)
                values.append((SOURCE_RANK[s.source], rank, int(s.origin != "section"), sv))
                by_value[(d.doc_id, s.start)] = s.model_copy(update={"doc_id": d.doc_id})
                every.append((SOURCE_RANK[s.source], rank, int(s.origin != "section"), by_value[(d.doc_id, s.start)]))
        picked = _pick(values)
        if picked is None:
            continue
        best, others = picked
        scores.append(by_value[(best.doc_id, best.start)])
        if others:
            disagreements.append(Disagreement(field=name, preferred=best, others=others))
            if not any(c.statement == name for c in conflicts):
                shown = [best, *others]
                conflicts.append(ScoreConflict(statement=name, scores=[by_value[(v.doc_id, v.start)] for v in shown]))
    merged.scores, merged.conflicts = scores, conflicts
    merged.all_scores = [t[3] for t in sorted(every, key=lambda t: t[:3])]  # best source first, doc_id set
    _merge_overall(docs, merged, disagreements)
    if merged.published is None:
        merged.published = next((d.assessment.published for d in docs if d.assessment.published), None)
    return lead.doc_id, merged, disagreements


def _merge_overall(docs: list[Stated], merged: Assessment, disagreements: list[Disagreement]) -> None:
    """The preferred rating and percentage (each with the document it comes from)."""
    ratings: list[tuple[int, int, int, SourcedValue]] = []
    percents: list[tuple[int, int, int, SourcedValue]] = []
    for rank, d in enumerate(docs):
        a = d.assessment
        if a.overall_rating and a.rating_span:
            ratings.append((SOURCE_RANK[a.rating_source], rank, 0, SourcedValue(
                value=a.overall_rating, doc_id=d.doc_id, kind=d.kind, source=a.rating_source,
                start=a.rating_span.start, end=a.rating_span.end)))
        if a.overall_percentage is not None and a.percentage_span:
            percents.append((SOURCE_RANK[a.percentage_source], rank, 0, SourcedValue(
                value=a.overall_percentage, doc_id=d.doc_id, kind=d.kind, source=a.percentage_source,
                start=a.percentage_span.start, end=a.percentage_span.end)))
    by_doc = {d.doc_id: d.assessment for d in docs}
    rating = _pick(ratings)
    if rating is not None:
        best, others = rating
        src = by_doc[best.doc_id]
        merged.overall_rating, merged.rating_span, merged.rating_wording = (
            src.overall_rating, src.rating_span, src.rating_wording)
        merged.rating_source, merged.rating_doc, merged.indicative = src.rating_source, best.doc_id, src.indicative
        if others:
            disagreements.append(Disagreement(field="overall_rating", preferred=best, others=others))
    percent = _pick(percents)
    if percent is not None:
        best, others = percent
        src = by_doc[best.doc_id]
        merged.overall_percentage, merged.percentage_span = src.overall_percentage, src.percentage_span
        merged.percentage_source, merged.percentage_doc = src.percentage_source, best.doc_id
        if others:
            disagreements.append(Disagreement(field="overall_percentage", preferred=best, others=others))


def score_row(doc_id: str, a: Assessment, disagreements: list[Disagreement], title: str) -> CouncilScores:
    """One row of the score table from a council's merged facts."""
    scores: dict[str, int | None] = dict.fromkeys(STATEMENT_NAMES)
    for s in a.scores:
        if scores.get(s.statement) is None:
            scores[s.statement] = s.score
    return CouncilScores(
        council=a.council, council_code=a.council_code, overall_rating=a.overall_rating,
        indicative=a.indicative, published=a.published, overall_percentage=a.overall_percentage,
        scores=scores, document=doc_id, title=title, conflicts=[c.statement for c in a.conflicts],
        disagreements=disagreements,
    )
