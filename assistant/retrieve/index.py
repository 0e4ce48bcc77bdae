"""Retrieval's index of the catalog's current generation, the base of `assistant.retrieve.retriever.Retriever`.

The index (`assistant.retrieve.state.IndexState`: chunk metadata codes, BM25 postings and, when the vector
store can hand them out via `VectorStore.vectors`, the chunk vectors for exact in-memory cosine search) is
saved with its generation through `assistant.retrieve.files.IndexFiles` and opened memory-mapped by every
later process, so no process but the first after an ingest tokenises a chunk or fetches a vector. Stores
without `vectors` are queried per question instead.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from assistant.models.records import Assessment, Chunk, ChunkOutline, DocumentRecord
from assistant.retrieve.files import IndexFiles, fingerprint
from assistant.retrieve.filters import Filters
from assistant.retrieve.state import HEADING_REPEAT, IndexState, build_state, from_artefact, index_text, to_arrays

__all__ = ["HEADING_REPEAT", "CatalogView", "IndexState", "RetrievalIndex", "StoreView", "index_text"]


class CatalogView(Protocol):
    """The part of `assistant.catalog.documents.Catalog` retrieval reads."""

    def generation(self) -> int: ...
    def active_chunks(self) -> list[Chunk]: ...
    def chunks_by_id(self, ids: Sequence[str]) -> list[Chunk]: ...
    def active_versions(self) -> dict[str, str]: ...
    def documents(self) -> list[DocumentRecord]: ...
    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...


class StoreView(Protocol):
    """The part of `assistant.catalog.store.VectorStore` retrieval reads."""

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


class RetrievalIndex:
    """The chunk index a `Retriever` holds: opened from its files, or built (and saved) per catalog generation."""

    def __init__(self, catalog: CatalogView, store: StoreView, in_memory_dense: bool = True,
                 files: IndexFiles | None = None) -> None:
        self.catalog = catalog
        self.store = store
        self.in_memory_dense = in_memory_dense  # exact search over cached vectors when the store offers `vectors`
        self.files = files
        self._state: IndexState | None = None
        self._lock = threading.Lock()
        self.opened_from_files = False  # how the current state came to be (for tests and benchmarks)

    def current(self) -> IndexState:
        """The index of the catalog's current generation (opened or built on first use after a change)."""
        generation = self.catalog.generation()
        state = self._state
        if state is not None and state.generation == generation:
            return state
        with self._lock:
            if self._state is None or self._state.generation != generation:
                self._state = self._open_or_build(generation)
            return self._state

    def _artefact_name(self) -> str:
        dense = "dense" if self.in_memory_dense and hasattr(self.store, "vectors") else "lexical"
        return f"retrieval-{getattr(self.store, 'name', 'store')}-{dense}"

    def _open_or_build(self, generation: int) -> IndexState:
        docs = {d.doc_id: d for d in self.catalog.documents()}
        loader = self.catalog.chunks_by_id
        if self.files is None:
            return self._build(generation, docs)
        print_ = fingerprint(self.catalog.active_versions())
        name = self._artefact_name()
        found = self.files.open(generation, name, print_)
        if found is not None:
            self.opened_from_files = True
            return from_artefact(generation, found, docs, loader)
        state = self._build(generation, docs)
        self.opened_from_files = False
        arrays, meta = to_arrays(state)
        self.files.save(generation, name, print_, arrays, meta)
        found = self.files.open(generation, name, print_)  # mapped: the built arrays can be freed
        return state if found is None else from_artefact(generation, found, docs, loader)

    def _build(self, generation: int, docs: dict[str, DocumentRecord]) -> IndexState:
        chunks = self.catalog.active_chunks()
        state = build_state(generation, chunks, docs, self.catalog.chunks_by_id)
        self._load_vectors(state, self._state)
        return state

    def _load_vectors(self, state: IndexState, previous: IndexState | None) -> None:
        """Keep the active chunks' vectors in memory when the store can hand them out.

        Exact cosine search over a numpy matrix is faster than the vector store's filtered queries
        (Chroma takes 30-200 ms for a `where` query over 30k chunks; the matrix product a few ms) and
        needs no filter translation. Vectors of chunks already loaded are reused across generations.
        """
        fetch = getattr(self.store, "vectors", None)
        if not self.in_memory_dense or fetch is None or not state.size:
            return
        known: dict[str, npt.NDArray[np.float32]] = {}
        if previous is not None and previous.vectors is not None and previous.has_vector is not None:
            for chunk_id, pos in previous.position.items():
                if chunk_id in state.position and previous.has_vector[pos]:
                    known[chunk_id] = np.array(previous.vectors[pos])
        missing = [i for i in state.ids if i not in known]
        if missing:
            known.update(fetch(missing))
        dim = next((len(v) for v in known.values()), 0)
        if dim == 0:
            return
        matrix = np.zeros((state.size, dim), dtype=np.float32)
        has = np.zeros(state.size, dtype=bool)
        for chunk_id, vector in known.items():
            pos = state.position[chunk_id]
            matrix[pos] = vector
            has[pos] = True
        state.vectors, state.has_vector = matrix, has

    def outline(self, chunk_id: str) -> ChunkOutline | None:
        """The labels of one active chunk (None: not in the index)."""
        state = self.current()
        pos = state.position.get(chunk_id)
        if pos is None:
            return None
        return ChunkOutline(chunk_id, bool(state.is_score[pos]), state.value("quality_statement", pos) or None,
                            state.value("heading", pos))

    def following(self, chunk_id: str, n: int) -> list[ChunkOutline] | None:
        """The labels of the n active chunks after one in its document, in order (None: not in the index)."""
        state = self.current()
        pos = state.position.get(chunk_id)
        if pos is None:
            return None
        rows = state.rows_of(state.value("doc_id", pos))  # positions run in (document, ordinal) order
        at = int(np.searchsorted(rows, pos)) + 1
        return [ChunkOutline(state.ids[p], bool(state.is_score[p]), state.value("quality_statement", p) or None,
                             state.value("heading", p)) for p in rows[at : at + n].tolist()]

    def over(self, doc_id: str, start: int, end: int) -> list[str] | None:
        """Ids of a document's active chunks overlapping [start, end), in order (None: not in the index)."""
        state = self.current()
        if doc_id not in state.vocab["doc_id"]:
            return None
        rows = state.rows_of(doc_id)
        hit = rows[(state.starts[rows] < end) & (state.ends[rows] > start)]
        return [state.ids[p] for p in hit.tolist()]

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The active chunks among these ids, in the order given, read in one call (kept for the generation)."""
        state = self.current()
        positions = [p for i in ids if (p := state.position.get(i)) is not None]
        state.load(positions)
        return [state.chunk(p) for p in positions if state.loaded(p)]

    def warm(self) -> IndexState:
        """Open the index and touch its pages (so the first question after readiness pays no page faults)."""
        state = self.current()
        _ = state.position  # chunk id -> position, built once per generation
        arrays = [*state.bm25.postings_arrays(), *([] if state.vectors is None else [state.vectors])]
        for array in arrays:
            np.asarray(array).sum(dtype=np.float64)
        return state

    def dense(self, state: IndexState, embedding: np.ndarray, n: int, mask: npt.NDArray[np.bool_],
              filters: Filters) -> list[tuple[int, float]]:
        """(position, cosine similarity) of the n nearest active chunks within the mask, best first."""
        if state.vectors is not None and state.has_vector is not None:
            rows = np.flatnonzero(mask & state.has_vector)
            if rows.size == 0:
                return []
            query = np.asarray(embedding, dtype=np.float32)
            wide = rows.size * 8 > state.size  # wide filter: one product, no copy of the matrix
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
        """Open or rebuild the index now if the catalog changed."""
        self.current()
