"""Query vectors, remembered and fetched ahead: `CachedQueryEmbedder` wraps the service's embedder.

A question's search embeds its wording (about 5 ms of the model, which releases the GIL); `prefetch`
starts that on a worker thread so it runs beside the question's other work (the lexical search, or a
comparison's search for its first council while the second council's wording is embedded). The vector is
the same either way: the same text through the same single-threaded session.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

import numpy as np


class QueryEmbedder(Protocol):
    """The part of `ingest.embed.onnx.Embedder` query embedding uses."""

    def embed_query(self, text: str) -> np.ndarray: ...


class CachedQueryEmbedder:
    """An embedder whose `embed_query` remembers the last `size` query texts (read-only vectors) and can start
    embedding texts it will be asked for (`prefetch`).

    Everything else (name, dimension, embed_documents) is the wrapped embedder's.
    """

    def __init__(self, embedder: QueryEmbedder, size: int = 1024) -> None:
        self.embedder = embedder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._pending: dict[str, Future[np.ndarray]] = {}
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self.embedder, name)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages or sentences (not cached here: `assistant.evidence.meaning` caches them)."""
        embed = getattr(self.embedder, "embed_documents")  # noqa: B009 - not part of QueryEmbedder
        result: np.ndarray = embed(texts)
        return result

    def prefetch(self, texts: Sequence[str]) -> None:
        """Start embedding the texts neither cached nor under way, on a worker thread."""
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache and t not in self._pending]
            if not todo:
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="query-embed")
            for text in todo:
                self._pending[text] = self._pool.submit(self._embed, text)

    def embed_query(self, text: str) -> np.ndarray:
        """The query's vector, from the cache when the same text was embedded recently (waiting for it when
        `prefetch` has it under way)."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
            pending = self._pending.get(text)
        return pending.result() if pending is not None else self._embed(text)

    def close(self) -> None:
        """Stop the worker thread (after what it has started)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def _embed(self, text: str) -> np.ndarray:
        try:
            vector = np.array(self.embedder.embed_query(text), dtype=np.float32)
            vector.flags.writeable = False
            with self._lock:
                self._cache[text] = vector
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
            return vector
        finally:
            with self._lock:
                self._pending.pop(text, None)
