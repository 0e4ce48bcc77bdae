"""Meaning at sentence level: the service's embedder applied to candidate sentences, vectors cached by text.

Composers rank sentences by meaning as well as by terms; `Meaning` reads the vectors saved with the index
(`saved`), embeds only what neither holds (a batch per call) and keeps the most recent vectors, so repeated
passages cost nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class TextEmbedder(Protocol):
    """What sentence ranking needs from an embedder: unit-length rows for texts."""

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...
    def embed_query(self, text: str) -> np.ndarray: ...


class SavedVectors(Protocol):
    """Vectors saved ahead of use (`assistant.retrieve.sentences`): those of the texts it holds."""

    def lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]: ...


class Meaning:
    """Cosine similarities between a text and sentences, with a bounded cache of sentence vectors."""

    def __init__(self, embedder: TextEmbedder, size: int = 20000) -> None:
        self.embedder = embedder
        self.size = size
        self.saved: SavedVectors | None = None  # read before embedding: texts saved with the index
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of texts (shape (n, dimension)), embedding only those not cached, in one batch."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        saved = self.saved
        found = saved.lookup(missing) if missing and saved is not None else {}
        if missing:
            todo = [t for t in missing if t not in found]
            if todo:
                found.update(zip(todo, np.asarray(self.embedder.embed_documents(todo), dtype=np.float32),
                                 strict=True))
            with self._lock:
                for text in missing:
                    self._cache[text] = found[text]
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for t in texts:
                vec = self._cache.get(t)
                if vec is None:  # evicted by a concurrent batch: embed it again
                    vec = np.asarray(self.embedder.embed_documents([t]), dtype=np.float32)[0]
                rows.append(vec)
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of each text to the query (queries embedded as queries)."""
        if not texts:
            return []
        q = np.asarray(self.embedder.embed_query(query), dtype=np.float32).reshape(-1)
        return [float(x) for x in self.vectors(texts) @ q]

    def pairwise(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Cosine similarities between every left and right text, shape (len(left), len(right))."""
        if not left or not right:
            return np.zeros((len(left), len(right)), dtype=np.float32)
        result: np.ndarray = self.vectors(left) @ self.vectors(right).T
        return result
