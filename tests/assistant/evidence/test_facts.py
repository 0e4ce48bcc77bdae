"""Answer-path caches and catalog-answer passages: no query embedding for catalog answers, facts that
follow the catalog generation, and an empty store answering without a count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.catalog.documents import Catalog
from assistant.evidence.facts import FactsCache
from assistant.settings import Settings


class CountingEmbedder:
    """The real embedder, counting query embeddings."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.queries = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.queries += 1
        return np.asarray(self.inner.embed_query(text))


@pytest.mark.parametrize(
    "question",
    [
        "safeguarding score for Derby",
        "What is North Lincolnshire's overall rating?",
        "Which councils scored 3 or more on equity?",
        "Which council scored higher on partnerships and communities?",
    ],
)
def test_catalog_answers_take_their_passages_from_the_cited_spans(assistant: Any, question: str) -> None:
    counting = CountingEmbedder(assistant.retriever.embedder)
    saved, assistant.retriever.embedder = assistant.retriever.embedder, counting
    try:
        answer = assistant.ask(question)
    finally:
        assistant.retriever.embedder = saved
    assert answer.composer == "catalog" and not answer.refused
    assert counting.queries == 0  # no dense retrieval behind a catalog answer
    assert answer.passages and answer.passages[0].pinned
    assert len(answer.passages) <= assistant.settings.retrieval.k
    pinned = [p for p in answer.passages if p.pinned]
    assert [p.pinned for p in answer.passages] == [True] * len(pinned) + [False] * (len(answer.passages) - len(pinned))
    first = answer.citations[0]
    assert any(p.doc_id == first.document and p.start < first.end and first.start < p.end for p in pinned)
    for p in answer.passages:
        assert assistant.catalog.document_text(p.doc_id)[p.start : p.end] == p.text
    extra = [p for p in answer.passages if not p.pinned]
    assert all(any(p.doc_id == q.doc_id and p.quality_statement == q.quality_statement for q in pinned) for p in extra)


def test_score_passages_go_on_with_the_statement_findings(assistant: Any) -> None:
    answer = assistant.ask("safeguarding score for Derby")
    assert len(answer.passages) == assistant.settings.retrieval.k
    assert all(p.quality_statement == "Safeguarding" for p in answer.passages)
    cited = {(c.start, c.end) for c in answer.citations}  # the score span, and each place stating it again
    findings = [p for p in answer.passages if (p.start, p.end) not in cited]
    assert findings and all(p.start >= answer.passages[0].end for p in findings)


def test_facts_cache_follows_the_catalog_generation(
    make_settings: Callable[..., Settings], corpus_dir: Path
) -> None:
    from ingest.chunk import chunk_document
    from ingest.parse.document import parse_file

    settings = make_settings()
    catalog = Catalog.open(settings)
    try:
        facts = FactsCache(catalog)
        facts.refresh()
        assert facts.councils() == [] and facts.assessment("North Lincolnshire Council") is None
        doc = parse_file(corpus_dir / "north-lincolnshire-cqc-assessment-2023.txt", settings)
        catalog.replace_document(doc, chunk_document(doc, settings))
        assert facts.councils() == []  # unchanged until refreshed (once per question)
        facts.refresh()
        assert facts.generation() == catalog.generation()
        assert facts.councils() == catalog.councils() and "North Lincolnshire Council" in facts.councils()
        cached = facts.assessment("north lincolnshire council")
        assert cached is not None and cached == catalog.assessment("North Lincolnshire Council")
        assert facts.assessment("North Lincolnshire Council") is cached  # parsed once per generation
    finally:
        catalog.close()


def test_empty_store_answers_a_query_with_nothing(make_settings: Callable[..., Settings], embedder: Any) -> None:
    from assistant.catalog.store import open_store

    store = open_store(make_settings(), embedder)
    assert store.query(embedder.embed_query("safeguarding"), k=5) == []


def test_every_assessment_read_at_once_equals_each_read_alone(
    loaded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog.open(loaded_settings)
    try:
        every = catalog.assessments()
        councils = catalog.councils()
        assert {"derby city council", "north lincolnshire council"} <= set(every)
        for council in councils:
            assert every.get(council.lower()) == catalog.assessment(council)
        facts = FactsCache(catalog)
        facts.load_all()
        loaded = {c: facts.assessment(c) for c in councils}
        assert loaded == {c: catalog.assessment(c) for c in councils}
        derby = facts.assessment("Derby City Council")
        assert derby is not None and derby[1].overall_rating == "Requires improvement"
        reads: list[int] = []

        def counted() -> dict[str, Any]:
            reads.append(1)
            return {}

        monkeypatch.setattr(catalog, "assessments", counted)
        facts.load_all()  # a second prepare of the same generation reads nothing again
        assert reads == [] and facts.assessment("Derby City Council") is derby
    finally:
        catalog.close()
