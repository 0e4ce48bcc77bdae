"""Retrieval's index of one catalog generation, the base of `assistant.retrieve.retriever.Retriever`: the active
chunks with their metadata coded as numpy arrays (for filter masks), a BM25 index over each chunk's heading
path (boosted) and text, and, when the vector store can hand them out (`VectorStore.vectors`), the chunks'
vectors for exact in-memory cosine search; stores without `vectors` are queried per question instead. It is
rebuilt when `catalog.generation()` moves, reusing the vectors of chunks already loaded.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from assistant.models.records import Assessment, Chunk, DocumentRecord
from assistant.retrieve.bm25 import BM25Index
from assistant.retrieve.filters import Filters


class CatalogView(Protocol):
    """The part of `assistant.catalog.sqlite.Catalog` retrieval reads."""

    def generation(self) -> int: ...
    def active_chunks(self) -> list[Chunk]: ...
    def documents(self) -> list[DocumentRecord]: ...
    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...


class StoreView(Protocol):
    """The part of `assistant.catalog.store.VectorStore` retrieval reads."""

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


@dataclass
class IndexState:
    """The index built for one catalog generation."""

    generation: int
    chunks: list[Chunk]
    docs: dict[str, DocumentRecord]
    bm25: BM25Index
    position: dict[str, int]
    codes: dict[str, npt.NDArray[np.int32]]  # per metadata field, each chunk's value as a code
    vocab: dict[str, dict[str, int]]  # per metadata field, value -> code
    by_doc: dict[str, npt.NDArray[np.int64]]  # doc_id -> positions of its chunks
    starts: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ends: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    is_score: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    vectors: npt.NDArray[np.float32] | None = None  # chunk vectors by position (in-memory dense search)
    has_vector: npt.NDArray[np.bool_] | None = None
    assessments: dict[str, tuple[str, Assessment] | None] = field(default_factory=dict)
    topic_words: dict[int, frozenset[str]] = field(default_factory=dict)  # position -> its heading's tokens


HEADING_REPEAT = 2  # heading words count this many times: a crude field boost (BM25F-like)


def index_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its heading path (boosted), then its text."""
    return "\n".join([" ".join(chunk.heading_path)] * HEADING_REPEAT + [chunk.text])


class RetrievalIndex:
    """The chunk index a `Retriever` holds, rebuilt per catalog generation."""

    def __init__(self, catalog: CatalogView, store: StoreView, in_memory_dense: bool = True) -> None:
        self.catalog = catalog
        self.store = store
        self.in_memory_dense = in_memory_dense  # exact search over cached vectors when the store offers `vectors`
        self._state: IndexState | None = None
        self._lock = threading.Lock()

    def current(self) -> IndexState:
        """The index of the catalog's current generation (built on first use after a change)."""
        generation = self.catalog.generation()
        state = self._state
        if state is not None and state.generation == generation:
            return state
        with self._lock:
            if self._state is None or self._state.generation != generation:
                self._state = self._build(generation)
            return self._state

    def _build(self, generation: int) -> IndexState:
        chunks = self.catalog.active_chunks()
        docs = {d.doc_id: d for d in self.catalog.documents()}
        values = {
            "council": [c.council or "" for c in chunks],
            "quality_statement": [c.quality_statement or "" for c in chunks],
            "kind": [str(c.kind) for c in chunks],
            "doc_id": [c.doc_id for c in chunks],
        }
        vocab: dict[str, dict[str, int]] = {}
        codes: dict[str, npt.NDArray[np.int32]] = {}
        for key, column in values.items():
            table = vocab.setdefault(key, {})
            codes[key] = np.array([table.setdefault(v, len(table)) for v in column], dtype=np.int32)
        by_doc = {doc: np.flatnonzero(codes["doc_id"] == code) for doc, code in vocab["doc_id"].items()}
        state = IndexState(generation=generation, chunks=chunks, docs=docs,
                       bm25=BM25Index([index_text(c) for c in chunks]),
                       position={c.id: i for i, c in enumerate(chunks)}, codes=codes, vocab=vocab,
                       by_doc=by_doc, starts=np.array([c.start for c in chunks], dtype=np.int64),
                       ends=np.array([c.end for c in chunks], dtype=np.int64),
                       is_score=np.array([c.unit == "score" for c in chunks], dtype=bool))
        self._load_vectors(state, self._state)
        return state

    def _load_vectors(self, state: IndexState, previous: IndexState | None) -> None:
        """Keep the active chunks' vectors in memory when the store can hand them out.

        Exact cosine search over a numpy matrix is faster than the vector store's filtered queries
        (Chroma takes 30-200 ms for a `where` query over 30k chunks; the matrix product a few ms) and
        needs no filter translation. Vectors of chunks already loaded are reused across generations.
        """
        fetch = getattr(self.store, "vectors", None)
        if not self.in_memory_dense or fetch is None or not state.chunks:
            return
        known: dict[str, npt.NDArray[np.float32]] = {}
        if previous is not None and previous.vectors is not None and previous.has_vector is not None:
            for chunk_id, pos in previous.position.items():
                if chunk_id in state.position and previous.has_vector[pos]:
                    known[chunk_id] = previous.vectors[pos]
        missing = [c.id for c in state.chunks if c.id not in known]
        if missing:
            known.update(fetch(missing))
        dim = next((len(v) for v in known.values()), 0)
        if dim == 0:
            return
        matrix = np.zeros((len(state.chunks), dim), dtype=np.float32)
        has = np.zeros(len(state.chunks), dtype=bool)
        for chunk_id, vector in known.items():
            pos = state.position[chunk_id]
            matrix[pos] = vector
            has[pos] = True
        state.vectors, state.has_vector = matrix, has

    def dense(self, state: IndexState, embedding: np.ndarray, n: int, mask: npt.NDArray[np.bool_],
               filters: Filters) -> list[tuple[int, float]]:
        """(position, cosine similarity) of the n nearest active chunks within the mask, best first."""
        if state.vectors is not None and state.has_vector is not None:
            rows = np.flatnonzero(mask & state.has_vector)
            if rows.size == 0:
                return []
            query = np.asarray(embedding, dtype=np.float32)
            wide = rows.size * 8 > len(state.chunks)  # wide filter: one product, no copy of the matrix
            sims = (state.vectors @ query)[rows] if wide else state.vectors[rows] @ query
            take = min(n, rows.size)
            best = np.argpartition(-sims, take - 1)[:take]
            best = best[np.argsort(-sims[best], kind="stable")]
            return [(int(rows[i]), float(sims[i])) for i in best]
        dense: list[tuple[int, float]] = []
        for chunk_id, sim in self.store.query(embedding, n, filters.store_where()):
            pos = state.position.get(chunk_id)
            if pos is not None and mask[pos]:  # unknown ids (superseded, half-ingested) are dropped
                dense.append((pos, sim))
        return dense

    def refresh(self) -> None:
        """Rebuild the index now if the catalog changed."""
        self.current()
