"""The query-vector cache: exact, read-only and bounded; texts fetched ahead on its worker thread give the
same vectors, embedded once, and a question asking for one under way waits for it."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from assistant.evidence.queries import CachedQueryEmbedder


class CountingEmbedder:
    """The real embedder, counting query embeddings (and, if given, holding each until `release` is set)."""

    def __init__(self, inner: Any, release: threading.Event | None = None) -> None:
        self.inner = inner
        self.release = release
        self.texts: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.texts.append(text)
        if self.release is not None:
            assert self.release.wait(10)
        return np.asarray(self.inner.embed_query(text))


def test_cached_query_embedder_is_exact_read_only_and_bounded(embedder: Any) -> None:
    cached = CachedQueryEmbedder(embedder, size=2)
    first = cached.embed_query("safeguarding backlog")
    assert np.allclose(first, embedder.embed_query("safeguarding backlog"))
    assert cached.embed_query("safeguarding backlog") is first
    with pytest.raises(ValueError):
        first[0] = 1.0
    cached.embed_query("carers")
    cached.embed_query("direct payments")
    assert cached.embed_query("safeguarding backlog") is not first  # evicted, embedded again
    assert cached.dimension == embedder.dimension and cached.name == embedder.name


def test_prefetched_vectors_are_the_ones_embedded_inline_and_embedded_once(embedder: Any) -> None:
    counting = CountingEmbedder(embedder)
    cached = CachedQueryEmbedder(counting)
    try:
        texts = ["How does direct payments take-up compare in Derby?", "waiting lists in North Lincolnshire"]
        cached.prefetch(texts + texts[:1])  # a text twice: embedded once
        vectors = [cached.embed_query(t) for t in texts]
        cached.prefetch(texts)  # cached already: nothing to do
        assert sorted(counting.texts) == sorted(texts)
        for text, vector in zip(texts, vectors, strict=True):
            assert np.array_equal(vector, np.asarray(embedder.embed_query(text), dtype=np.float32))
            assert not vector.flags.writeable
    finally:
        cached.close()


def test_a_question_waits_for_its_wording_under_way_instead_of_embedding_it_again(embedder: Any) -> None:
    release = threading.Event()
    counting = CountingEmbedder(embedder, release)
    cached = CachedQueryEmbedder(counting)
    try:
        cached.prefetch(["carers assessments backlog"])
        got: list[np.ndarray] = []
        asker = threading.Thread(target=lambda: got.append(cached.embed_query("carers assessments backlog")))
        asker.start()
        asker.join(0.2)
        assert asker.is_alive() and not got  # waiting for the worker, not embedding it itself
        release.set()
        asker.join(10)
        assert len(got) == 1 and counting.texts == ["carers assessments backlog"]
        assert np.array_equal(got[0], np.asarray(embedder.embed_query("carers assessments backlog"), dtype=np.float32))
    finally:
        release.set()
        cached.close()


def test_a_failed_prefetch_fails_the_question_as_an_inline_embedding_would(embedder: Any) -> None:
    class Failing:
        def embed_query(self, text: str) -> np.ndarray:
            raise RuntimeError("model failed")

    cached = CachedQueryEmbedder(Failing())
    try:
        cached.prefetch(["safeguarding"])
        with pytest.raises(RuntimeError, match="model failed"):
            cached.embed_query("safeguarding")
        with pytest.raises(RuntimeError, match="model failed"):  # nothing left pending or cached
            cached.embed_query("safeguarding")
    finally:
        cached.close()
