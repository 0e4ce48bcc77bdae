"""The Chroma vector store (real embedded Chroma in a temp dir, the real embedding model)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.catalog.store import chunk_metadata, open_store
from assistant.errors import ConflictError
from assistant.models.records import Chunk, DocumentKind
from assistant.settings import IngestSettings, Settings
from ingest.embed.base import Embedder
from ingest.embed.providers import LangChainEmbedder

TEXTS = [
    "Safeguarding enquiries were completed promptly and adults at risk were protected.",
    "Waiting times for care act assessments had grown and people waited months.",
    "The council worked with the NHS to support hospital discharge.",
    "Unpaid carers said they could not get respite when they needed it.",
]


def make_chunks(doc_id: str, version: str, texts: list[str], statement: str | None = None) -> list[Chunk]:
    """Chunks of a made-up document, one per text."""
    return [
        Chunk(id=f"{doc_id}:{version}:{i:05d}", doc_id=doc_id, version=version, ordinal=i, text=t, start=0,
              end=len(t), token_count=len(t.split()), council="Derby City Council" if i % 2 == 0 else None,
              kind=DocumentKind.CQC_ASSESSMENT, theme=None, quality_statement=statement,
              statement_score=2 if statement else None, heading_path=["Summary"], section_id=None)
        for i, t in enumerate(texts)
    ]


def test_upsert_query_and_filters(make_settings: Callable[..., Settings], embedder: Embedder) -> None:
    store = open_store(make_settings(), embedder)
    chunks = make_chunks("doc-a", "v1", TEXTS)
    store.upsert(chunks, embedder.embed_documents(TEXTS))
    assert store.count() == 4 and store.ping()
    hits = store.query(embedder.embed_query("How quickly are safeguarding concerns dealt with?"), k=3)
    assert len(hits) == 3 and hits[0][0] == chunks[0].id
    sims = [s for _, s in hits]
    assert sims == sorted(sims, reverse=True) and 0.3 < sims[0] <= 1.0 + 1e-6
    exact = store.query(embedder.embed_query(TEXTS[2]), k=1)
    assert exact[0][0] == chunks[2].id and exact[0][1] == pytest.approx(1.0, abs=1e-3)
    filtered = store.query(embedder.embed_query(TEXTS[1]), k=4, where={"council": "Derby City Council"})
    assert {i for i, _ in filtered} == {chunks[0].id, chunks[2].id}
    assert store.query(embedder.embed_query("x"), k=0) == []


def test_metadata_uses_empty_and_minus_one_for_missing_values() -> None:
    (chunk,) = make_chunks("d", "v", ["text"])
    meta = chunk_metadata(chunk.model_copy(update={"council": None}))
    assert meta["council"] == "" and meta["theme"] == "" and meta["statement_score"] == -1
    assert chunk_metadata(make_chunks("d", "v", ["t"], "Safeguarding")[0])["statement_score"] == 2


def test_batches_delete_and_gc(make_settings: Callable[..., Settings]) -> None:
    fake = LangChainEmbedder(DeterministicFakeEmbedding(size=8), name="fake:8")
    store = open_store(make_settings(ingest=IngestSettings(upsert_batch_size=3)), fake)
    assert store.batch_size == 3
    texts = [f"passage {i}" for i in range(7)]
    old = make_chunks("doc-a", "v1", texts)
    new = make_chunks("doc-a", "v2", texts[:5])
    other = make_chunks("doc-b", "v1", texts[:2])
    for group in (old, new, other):
        store.upsert(group, fake.embed_documents([c.text for c in group]))
    assert store.count() == 14
    store.delete_doc("doc-a", keep_version="v2")
    assert store.ids() == {c.id for c in new + other}
    assert store.gc({"doc-a": "v2"}, pending=[("doc-b", "v1")]) == 0  # doc-b's version is being ingested
    removed = store.gc({"doc-a": "v2"})  # doc-b is not in the catalog: its vectors are orphans
    assert removed == 2 and store.ids() == {c.id for c in new}
    store.delete_doc("doc-a")
    assert store.count() == 0


def test_opening_with_another_model_is_refused(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(collection="shared_chunks")
    first = LangChainEmbedder(DeterministicFakeEmbedding(size=8), name="fake-a", dimension=8)
    store = open_store(settings, first)
    store.upsert(make_chunks("d", "v", ["one"]), first.embed_documents(["one"]))
    other = LangChainEmbedder(DeterministicFakeEmbedding(size=16), name="fake-b", dimension=16)
    with pytest.raises(ConflictError) as info:
        open_store(settings, other)
    message = info.value.message
    assert "shared_chunks" in message and "fake-a (8 dims)" in message and "fake-b" in message
    assert "CQC_COLLECTION" in message
    assert open_store(settings.model_copy(update={"collection": "fresh_chunks"}), other).count() == 0
    assert open_store(settings, first).count() == 1


def test_upsert_rejects_mismatched_lengths(make_settings: Callable[..., Settings]) -> None:
    from assistant.errors import BadInputError

    fake = LangChainEmbedder(DeterministicFakeEmbedding(size=8), name="fake:8")
    store = open_store(make_settings(), fake)
    with pytest.raises(BadInputError):
        store.upsert(make_chunks("d", "v", ["a", "b"]), np.zeros((1, 8), dtype=np.float32))
