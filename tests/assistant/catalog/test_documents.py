"""The catalog: a real round trip of parsed corpus documents and their chunks (on the session's database)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.catalog.database import Database
from assistant.catalog.documents import Catalog
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.errors import BadInputError, ConflictError, NotFoundError
from assistant.models.records import Chunk, ParsedDocument, ScoreConflict, StatementScore
from assistant.settings import Settings
from ingest.chunk import chunk_document
from ingest.parse.document import parse_file

Docs = dict[str, tuple[ParsedDocument, list[Chunk]]]


@pytest.fixture(scope="module")
def docs(corpus_dir: Path, make_settings: Callable[..., Settings]) -> Docs:
    """Derby (CQC report) and the LGA analysis, parsed and chunked."""
    settings = make_settings()
    out = {}
    for name in ("derby-city-cqc-assessment-2024.md", "lga-what-good-looks-like-analysis.txt"):
        doc = parse_file(corpus_dir / name, settings)
        out[doc.doc_id] = (doc, chunk_document(doc, settings))
    return out


@pytest.fixture
def catalog(database: Database) -> Catalog:
    return Catalog(database)


def test_round_trip_of_a_cqc_report(catalog: Catalog, docs: Docs) -> None:
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    before = catalog.generation()
    catalog.replace_document(doc, chunks)
    assert catalog.generation() > before
    assert catalog.parsed(doc.doc_id) == doc
    assert catalog.document_text(doc.doc_id) == doc.text
    assert catalog.sections(doc.doc_id) == doc.sections
    record = catalog.document(doc.doc_id)
    assert (record.title, record.kind, record.council) == (doc.title, doc.kind, doc.council)
    assert record.sha256 == doc.sha256
    assert record.chunk_count == len(chunks) == len(catalog.active_chunks())
    assert catalog.active_chunks() == chunks == catalog.document_chunks(doc.doc_id)  # whole-document bounds
    assert catalog.document_chunks(doc.doc_id, chunks[1].start, chunks[1].end) == [chunks[1]]
    assert catalog.active_versions() == {doc.doc_id: doc.sha256[:16]}
    picked = [chunks[3].id, "nope:0:00000", chunks[0].id]
    assert [c.id for c in catalog.chunks_by_id(picked)] == [chunks[3].id, chunks[0].id]
    assert doc.council in catalog.councils()


def test_assessment_and_score_table_come_from_rows(
    catalog: Catalog, docs: Docs
) -> None:
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    catalog.replace_document(doc, chunks)
    assert doc.assessment is not None and doc.council is not None
    found = catalog.assessment(doc.council.upper())
    assert found is not None and found[0] == doc.doc_id
    merged = found[1]  # the facts as parsed, each attributed to the document that states it
    assert [(s.statement, s.score, s.start, s.end, s.doc_id) for s in merged.scores] == [
        (s.statement, s.score, s.start, s.end, doc.doc_id) for s in doc.assessment.scores]
    assert (merged.overall_rating, merged.rating_span, merged.rating_doc) == (
        doc.assessment.overall_rating, doc.assessment.rating_span, doc.doc_id)
    assert catalog.assessment("Nowhere Council") is None
    (row,) = catalog.council_scores(doc.council)
    assert row.overall_rating == doc.assessment.overall_rating == "Requires improvement"
    assert list(row.scores) == list(STATEMENT_NAMES)
    assert row.scores == {s.statement: s.score for s in doc.assessment.scores}
    assert row.document == doc.doc_id and row.title == doc.title


def test_conflicts_and_latest_assessment(
    catalog: Catalog, docs: Docs
) -> None:
    doc, _ = docs["derby-city-cqc-assessment-2024"]
    assert doc.assessment is not None and doc.assessment.published is not None
    first = doc.assessment.scores[0]
    other = StatementScore(**{**first.model_dump(), "score": 4, "origin": "summary"})
    conflicted = doc.assessment.model_copy(update={
        "conflicts": [ScoreConflict(statement=first.statement, scores=[first, other])]})
    older = doc.model_copy(update={"doc_id": "older", "sha256": "0" * 64, "assessment": conflicted.model_copy(
        update={"published": doc.assessment.published.replace(year=2020)})})
    catalog.replace_document(doc, [])
    catalog.replace_document(older, [])
    doc_id, latest = catalog.assessment(doc.assessment.council)  # type: ignore[misc]
    assert doc_id == doc.doc_id and latest.published == doc.assessment.published
    assert catalog.parsed("older").assessment == older.assessment
    assert [r.document for r in catalog.council_scores()] == [doc.doc_id]
    catalog.remove_document(doc.doc_id)
    (row,) = catalog.council_scores()
    assert row.document == "older" and row.conflicts == [first.statement]


def test_good_practice_and_statement_analyses(
    catalog: Catalog, docs: Docs
) -> None:
    doc, chunks = docs["lga-what-good-looks-like-analysis"]
    catalog.replace_document(doc, chunks)
    items = catalog.good_practice()
    assert [item for _, item in items] == doc.good_practice and {d for d, _ in items} == {doc.doc_id}
    one = doc.good_practice[0].statement
    assert [i for _, i in catalog.good_practice(one)] == [g for g in doc.good_practice if g.statement == one]
    assert [a for _, a in catalog.statement_analyses()] == doc.statement_analyses
    assert catalog.council_scores() == []


def test_replace_is_one_transaction(catalog: Catalog, docs: Docs) -> None:
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    catalog.replace_document(doc, chunks)
    generation = catalog.generation()
    changed = doc.model_copy(update={"sha256": "f" * 64, "title": "changed"})
    stale = chunks[:2]  # still carry the old version: refused before anything is written
    with pytest.raises(BadInputError):
        catalog.replace_document(changed, stale)
    bad = [c.model_copy(update={"version": "f" * 16}) for c in chunks[:2]]
    bad[1] = bad[1].model_copy(update={"id": bad[0].id})  # duplicate primary key fails mid-transaction
    with pytest.raises(ConflictError, match=r"(?i)unique"):
        catalog.replace_document(changed, bad)
    assert catalog.document(doc.doc_id).title == doc.title
    assert catalog.active_chunks() == chunks and catalog.generation() == generation


def test_missing_documents_raise_not_found(catalog: Catalog) -> None:
    for call in (catalog.document, catalog.document_text, catalog.parsed, catalog.sections,
                 catalog.remove_document):
        with pytest.raises(NotFoundError, match="ghost"):
            call("ghost")


def test_usable_from_other_threads_and_reopened(database_url: str, docs: Docs) -> None:
    catalog = Catalog(Database.open(database_url))
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            catalog.replace_document(doc, chunks)
            assert len(catalog.active_chunks()) == len(chunks)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    generation = catalog.generation()
    catalog.close()
    again = Catalog(Database.open(database_url))
    assert again.generation() == generation and again.active_versions() == {doc.doc_id: doc.sha256[:16]}
    assert again.ping()
    again.close()


def test_pending_versions_and_collecting(catalog: Catalog, docs: Docs) -> None:
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    version = chunks[0].version
    generation = catalog.generation()
    catalog.mark_pending(doc.doc_id, version)
    catalog.mark_pending("other", "v1")
    catalog.mark_pending("gone", "v1")
    catalog.clear_pending("gone", "v1")
    assert catalog.generation() == generation  # nothing readers can see has changed
    assert {(p.doc_id, p.version) for p in catalog.pending_versions()} == {(doc.doc_id, version), ("other", "v1")}
    catalog.replace_document(doc, chunks)  # the commit drops the version's pending mark
    assert [(p.doc_id, p.version) for p in catalog.pending_versions()] == [("other", "v1")]
    with catalog.collecting(grace_s=3600) as state:
        assert state.active == {doc.doc_id: version}
        assert state.pending == {("other", "v1")} and state.stale == set()
    with pytest.raises(RuntimeError), catalog.collecting(grace_s=0) as state:
        assert state.stale == {("other", "v1")} and state.pending == set()
        raise RuntimeError("store failed mid-delete")
    assert len(catalog.pending_versions()) == 1  # kept for the next gc to retry
    with catalog.collecting(grace_s=0):
        pass
    assert catalog.pending_versions() == []


def test_collecting_holds_off_other_workers_marks(database_url: str) -> None:
    catalog = Catalog(Database.open(database_url))
    other = Catalog(Database.open(database_url))  # another worker's engine on the same database
    marker = threading.Thread(target=other.mark_pending, args=("doc", "v1"))
    with catalog.collecting(grace_s=3600) as state:
        marker.start()
        marker.join(timeout=0.5)
        assert marker.is_alive() and state.pending == set()  # waiting for the write lock
    marker.join(timeout=10)
    assert not marker.is_alive() and [p.doc_id for p in catalog.pending_versions()] == ["doc"]
    other.close()
    catalog.close()


def test_sections_at_an_offset_are_those_the_whole_list_gives(catalog: Catalog, docs: Docs) -> None:
    doc, chunks = docs["derby-city-cqc-assessment-2024"]
    catalog.replace_document(doc, chunks)
    every = catalog.sections(doc.doc_id)
    for offset in sorted({s.start for s in every} | {s.end for s in every} | {s.start + 7 for s in every}):
        holding = [s for s in every if s.start <= offset < max(s.end, s.start + 1)]
        assert catalog.sections_at(doc.doc_id, offset) == holding
    assert catalog.sections_at("no-such-document", 0) == []
    with pytest.raises(NotFoundError):
        catalog.sections("no-such-document")
