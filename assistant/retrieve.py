"""Hybrid retrieval: BM25 + dense fused by reciprocal rank fusion, with metadata filters.

Dense search is exact cosine over the active chunks' vectors, loaded from the vector store once per
catalog generation (`VectorStore.vectors`); stores without `vectors` are queried per question instead.

Only chunks active in the catalog are returned: dense hits are joined to the catalog's active chunks
by id and unknown ids are dropped, so a reader never sees a half-ingested or superseded version.
Score and rating questions get the chunk holding the catalogued score/rating span placed first.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from assistant.bm25 import BM25Hits, BM25Index, top_k
from assistant.models import (
    Assessment,
    Chunk,
    DocumentRecord,
    Passage,
    QuestionAnalysis,
    QuestionKind,
)
from assistant.retrieve_rules import (
    ABOUT_SCORES,
    Filters,
    directional_statements,
    infer_filters,
    interleave,
    name_words,
    rrf,
)
from assistant.settings import RetrievalSettings

__all__ = ["Filters", "Retriever", "index_text", "infer_filters", "rrf"]


class CatalogView(Protocol):
    """The part of `assistant.catalog.Catalog` retrieval reads."""

    def generation(self) -> int: ...
    def active_chunks(self) -> list[Chunk]: ...
    def documents(self) -> list[DocumentRecord]: ...
    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...


class StoreView(Protocol):
    """The part of `assistant.store.VectorStore` retrieval reads."""

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


class QueryEmbedder(Protocol):
    """The part of `ingest.embed.Embedder` retrieval uses."""

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass
class _State:
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


HEADING_REPEAT = 2  # heading words count this many times: a crude field boost (BM25F-like)


def index_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its heading path (boosted), then its text."""
    return "\n".join([" ".join(chunk.heading_path)] * HEADING_REPEAT + [chunk.text])


class Retriever:
    """Hybrid BM25 + dense search over the catalog's active chunks."""

    in_memory_dense: bool = True  # exact search over cached vectors when the store offers `vectors`
    interleave_councils: bool = True  # several councils named: alternate their best passages
    hard_statements: bool = False  # True: statements filter like councils and kinds (first to relax)

    def __init__(self, catalog: CatalogView, store: StoreView, embedder: QueryEmbedder,
                 settings: RetrievalSettings) -> None:
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self._state: _State | None = None
        self._lock = threading.Lock()

    # --- index ------------------------------------------------------------------------------------

    def _current(self) -> _State:
        generation = self.catalog.generation()
        state = self._state
        if state is not None and state.generation == generation:
            return state
        with self._lock:
            if self._state is None or self._state.generation != generation:
                self._state = self._build(generation)
            return self._state

    def _build(self, generation: int) -> _State:
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
        state = _State(generation=generation, chunks=chunks, docs=docs,
                       bm25=BM25Index([index_text(c) for c in chunks]),
                       position={c.id: i for i, c in enumerate(chunks)}, codes=codes, vocab=vocab,
                       by_doc=by_doc, starts=np.array([c.start for c in chunks], dtype=np.int64),
                       ends=np.array([c.end for c in chunks], dtype=np.int64),
                       is_score=np.array([c.unit == "score" for c in chunks], dtype=bool))
        self._load_vectors(state, self._state)
        return state

    def _load_vectors(self, state: _State, previous: _State | None) -> None:
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

    def _dense(self, state: _State, embedding: np.ndarray, n: int, mask: npt.NDArray[np.bool_],
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
        self._current()

    # --- search -----------------------------------------------------------------------------------

    def _mask(self, state: _State, filters: Filters) -> npt.NDArray[np.bool_]:
        mask = np.ones(len(state.chunks), dtype=bool)
        for key, values in (("council", filters.councils), ("quality_statement", filters.statements),
                            ("kind", filters.kinds)):
            if values:
                wanted = [state.vocab[key][v] for v in values if v in state.vocab[key]]
                mask &= np.isin(state.codes[key], np.array(wanted, dtype=np.int32))
        return mask

    def _choose_filters(self, state: _State, hits: BM25Hits, filters: Filters
                        ) -> tuple[Filters, npt.NDArray[np.bool_]]:
        """The strictest relaxation step whose lexical hits reach settings.min_filtered."""
        steps = filters.relaxations()
        for step in steps:
            mask = self._mask(state, step)
            count = int(np.count_nonzero(mask & (hits.scores > 0))) if hits.n_terms else int(mask.sum())
            if count >= self.settings.min_filtered:
                return step, mask
        last = steps[-1]
        return last, self._mask(state, last)

    def _assessment(self, state: _State, council: str) -> tuple[str, Assessment] | None:
        if council not in state.assessments:
            state.assessments[council] = self.catalog.assessment(council)
        return state.assessments[council]

    def _chunk_at(self, state: _State, doc_id: str, start: int, end: int) -> int | None:
        """The active chunk of doc_id best covering [start, end) (score units preferred)."""
        rows = state.by_doc.get(doc_id)
        if rows is None or rows.size == 0:
            return None
        overlap = np.minimum(end, state.ends[rows]) - np.maximum(start, state.starts[rows])
        if overlap.max() <= 0:
            return None
        # most overlap first, then score units, then the earliest chunk
        key = overlap.astype(np.float64) * 2 + state.is_score[rows]
        return int(rows[int(np.argmax(key))])

    def _pins(self, state: _State, analysis: QuestionAnalysis | None, filters: Filters) -> list[int]:
        """Chunks holding the catalogued score or rating spans the question asks for."""
        if analysis is None or analysis.kind not in (QuestionKind.SCORE, QuestionKind.RATING,
                                                     QuestionKind.COMPARISON):
            return []
        councils = filters.councils or analysis.councils
        if not councils:  # "which council ...": pin every council's span only while that is a handful
            loaded = self.catalog.councils()
            councils = loaded if len(loaded) <= 2 * self.settings.k else []
        found = [(c, a) for c in councils if (a := self._assessment(state, c)) is not None]
        question = analysis.standalone or analysis.question
        if analysis.kind == QuestionKind.COMPARISON and not ABOUT_SCORES.search(question):
            return []  # a comparison of facts ("direct payments take-up"), not of scores or ratings
        statements = list(analysis.statements)
        if not statements and analysis.kind == QuestionKind.COMPARISON and len(found) == 2:
            statements = directional_statements(question, found[0][1][1], found[1][1][1])
        pins: list[int] = []
        for _, (doc_id, assessment) in found:
            spans: list[tuple[int, int]] = []
            if statements and analysis.kind != QuestionKind.RATING:
                spans += [(s.start, s.end) for s in assessment.scores if s.statement in statements]
            elif assessment.rating_span is not None:
                spans.append((assessment.rating_span.start, assessment.rating_span.end))
            for start, end in spans:
                i = self._chunk_at(state, doc_id, start, end)
                if i is not None and i not in pins:
                    pins.append(i)
        if len(found) > 1:  # interleave councils so each keeps a place in the top k
            by_doc: dict[str, list[int]] = {}
            for i in pins:
                by_doc.setdefault(state.chunks[i].doc_id, []).append(i)
            pins = [i for group in itertools.zip_longest(*by_doc.values()) for i in group if i is not None]
        return pins[: self.settings.k]

    def search(self, query: str, analysis: QuestionAnalysis | None = None,
               k: int | None = None) -> list[Passage]:
        """The k best passages for a question, best first."""
        k = k or self.settings.k
        state = self._current()
        if not state.chunks:
            return []
        text = analysis.standalone if analysis is not None and analysis.standalone else query
        wanted = infer_filters(analysis)
        hard = wanted if self.hard_statements else Filters(wanted.councils, [], wanted.kinds)
        # Within a council filter the council's own name only favours chunks that repeat it (title
        # lines, headers): leave those words out of the lexical query unless the filter is relaxed.
        lexical = " ".join([text, *wanted.statements])
        council_words = name_words(wanted.councils)
        hits = state.bm25.search(lexical, exclude=council_words)
        filters, mask = self._choose_filters(state, hits, hard)
        if wanted.councils and not filters.councils:
            hits = state.bm25.search(" ".join([lexical, *wanted.councils]))
        n = self.settings.candidates
        bm25_ids = top_k(hits.scores, n, mask)
        embedding = self.embedder.embed_query(text)
        dense = self._dense(state, embedding, n, mask, filters)
        bm25_rank = {pos: r for r, pos in enumerate(bm25_ids, start=1)}
        dense_rank = {pos: r for r, (pos, _) in enumerate(dense, start=1)}
        similarity = dict(dense)
        weights = (self.settings.bm25_weight, self.settings.dense_weight)
        fused = {pos: rrf((bm25_rank.get(pos), dense_rank.get(pos)), weights, self.settings.rrf_k)
                 for pos in set(bm25_rank) | set(dense_rank)}
        if wanted.statements and not self.hard_statements:
            bonus = self.settings.statement_weight / (self.settings.rrf_k + 1)
            statements = set(wanted.statements)
            for pos in fused:
                if state.chunks[pos].quality_statement in statements:
                    fused[pos] += bonus
        pins = self._pins(state, analysis, filters)
        ranked = sorted((p for p in fused if p not in pins), key=lambda p: (-fused[p], p))
        if len(filters.councils) > 1 and self.interleave_councils:
            ranked = interleave(ranked, [state.chunks[p].council or "" for p in ranked])
        order = pins + ranked
        chosen = self._diversify(state, order, k)
        top = max(fused.values(), default=0.0)
        return [self._passage(state, pos, hits, top + 1.0 if pos in pins else fused.get(pos, 0.0),
                              bm25_rank.get(pos), dense_rank.get(pos), similarity.get(pos), pos in pins,
                              text)
                for pos in chosen]

    def _diversify(self, state: _State, order: list[int], k: int) -> list[int]:
        """At most settings.max_per_document passages per document (unless only one document)."""
        if len({state.chunks[p].doc_id for p in order}) <= 1:
            return order[:k]
        per_doc: dict[str, int] = {}
        chosen: list[int] = []
        for pos in order:
            doc = state.chunks[pos].doc_id
            if per_doc.get(doc, 0) >= self.settings.max_per_document:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            chosen.append(pos)
            if len(chosen) == k:
                break
        return chosen

    def _passage(self, state: _State, pos: int, hits: BM25Hits, score: float, bm25_rank: int | None,
                 dense_rank: int | None, similarity: float | None, pinned: bool,
                 question: str) -> Passage:
        c = state.chunks[pos]
        coverage = state.bm25.coverage(question, pos)
        doc = state.docs.get(c.doc_id)
        bm25 = float(hits.scores[pos])
        return Passage(
            chunk_id=c.id, doc_id=c.doc_id, title=doc.title if doc else c.doc_id, council=c.council,
            kind=c.kind, heading_path=c.heading_path, theme=c.theme, quality_statement=c.quality_statement,
            statement_score=c.statement_score, text=c.text, start=c.start, end=c.end,
            source_path=doc.source_path if doc else "", score=score, bm25_rank=bm25_rank,
            dense_rank=dense_rank, dense_similarity=similarity, bm25_score=bm25 if bm25 > 0 else None,
            term_coverage=coverage,
            pinned=pinned,
        )
