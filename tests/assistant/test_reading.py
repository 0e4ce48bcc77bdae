"""The reading catalog: one generation per question; a followed generation reused until it is too old, and
forgotten at once when this catalog changes the documents."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from assistant.catalog.database import Database
from assistant.catalog.documents import Catalog
from assistant.reading import ReadingCatalog
from assistant.settings import Settings
from ingest.chunk import chunk_document
from ingest.parse.document import parse_file

NAME = "lga-what-good-looks-like-analysis.txt"


def _load(catalog: Catalog, corpus_dir: Path, settings: Settings) -> None:
    doc = parse_file(corpus_dir / NAME, settings)
    catalog.replace_document(doc, chunk_document(doc, settings))


def test_questions_reuse_a_followed_generation_until_it_ages(
    database: Database, corpus_dir: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    mine, other = ReadingCatalog(database), Catalog(database)  # `other`: another worker's writes
    start = mine.generation()
    with mine.reading() as pinned:
        _load(other, corpus_dir, settings)
        assert pinned == start and mine.generation() == start  # one question sees one generation
    assert mine.generation() == start + 1  # not followed: every question reads it

    mine.follow(0.5)
    assert mine.generation() == start + 1  # a poll
    other.remove_document(NAME.removesuffix(".txt"))
    with mine.reading() as seen:
        assert seen == start + 1  # the poll's reading, younger than 0.5 s
    time.sleep(0.6)
    with mine.reading() as seen:
        assert seen == start + 2  # too old: read again


def test_a_change_through_the_catalog_itself_is_seen_by_the_next_question(
    database: Database, corpus_dir: Path, make_settings: Callable[..., Settings]
) -> None:
    mine = ReadingCatalog(database)
    mine.follow(3600.0)
    start = mine.generation()
    _load(mine, corpus_dir, make_settings())
    with mine.reading() as seen:
        assert seen == start + 1
    mine.follow(0.0)
    mine.remove_document(NAME.removesuffix(".txt"))
    with mine.reading() as seen:
        assert seen == start + 2


def test_documents_are_read_once_a_generation(
    database: Database, corpus_dir: Path, make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, other = ReadingCatalog(database), Catalog(database)
    reads: list[int] = []
    real = Catalog.documents

    def counted(self: Catalog) -> list[object]:
        reads.append(1)
        return real(self)  # type: ignore[return-value]

    monkeypatch.setattr(Catalog, "documents", counted)
    assert mine.documents() == [] and mine.documents() == [] and len(reads) == 1
    _load(other, corpus_dir, make_settings())  # another worker's change: a new generation, read again
    listed = mine.documents()
    assert [d.doc_id for d in listed] == [NAME.removesuffix(".txt")] and len(reads) == 2
    listed.clear()  # callers get their own list
    assert [d.doc_id for d in mine.documents()] == [NAME.removesuffix(".txt")] and len(reads) == 2
    mine.remove_document(NAME.removesuffix(".txt"))
    assert mine.documents() == [] and len(reads) == 3


def test_warm_compiles_the_reads_a_question_makes_per_citation(
    database: Database, database_url: str, corpus_dir: Path, make_settings: Callable[..., Settings]
) -> None:
    _load(Catalog(database), corpus_dir, make_settings())
    doc = NAME.removesuffix(".txt")
    chunk = Catalog(database).document_chunks(doc)[0]

    def compiled(warm: bool) -> dict[str, bool]:
        """Whether each SELECT of a question's per-citation reads found its statement compiled (a new engine)."""
        fresh = Database.open(database_url, migrate=False)
        mine, hits = ReadingCatalog(fresh), {}

        def seen(conn: object, cursor: object, statement: str, params: object, context: Any, many: bool) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "FROM meta" not in statement:
                hits[statement] = context.cache_hit == context.dialect.CACHE_HIT

        try:
            mine.generation()
            if warm:
                mine.warm()
            event.listen(fresh.engine, "after_cursor_execute", seen)
            with mine.reading():
                mine.sections_at(doc, chunk.start)
                mine.section_starts(doc)
                mine.chunks_by_id([chunk.id])
                mine.document_chunks(doc, chunk.start, chunk.end)
                mine.sections(doc)
        finally:
            fresh.close()
        return hits

    cold = compiled(warm=False)
    assert len(cold) >= 4 and not any(cold.values())  # each compiled by the question itself
    warmed = compiled(warm=True)
    assert warmed.keys() == cold.keys() and all(warmed.values())  # all compiled while getting ready
