"""Hybrid retrieval: BM25 + dense fused by reciprocal rank fusion, with metadata filters.

The index searched, BM25 and the chunks' vectors for exact cosine search, is built once per catalog
generation by `assistant.retrieve.index`.

Only chunks active in the catalog are returned: dense hits are joined to the catalog's active chunks
by id and unknown ids are dropped, so a reader never sees a half-ingested or superseded version.
Score and rating questions get the chunk holding the catalogued score/rating span placed first.
"""

from __future__ import annotations

import itertools
import re
from typing import Protocol

import numpy as np
import numpy.typing as npt

from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import Assessment
from assistant.retrieve.bm25 import BM25Hits, tokenize, top_k
from assistant.retrieve.files import IndexFiles
from assistant.retrieve.filters import (
    ABOUT_SCORES,
    Filters,
    directional_statements,
    infer_filters,
    interleave,
    name_words,
    rrf,
)
from assistant.retrieve.index import CatalogView, IndexState, RetrievalIndex, StoreView
from assistant.settings import RetrievalSettings

FINDING_KINDS = (QuestionKind.FINDING, QuestionKind.IMPROVEMENT, QuestionKind.GOOD_PRACTICE)
FRAMEWORK_HEADING = re.compile(r"what people expect|local authority commitment", re.I)
__all__ = ["Filters", "Retriever", "infer_filters", "rrf"]


class QueryEmbedder(Protocol):
    """The part of `ingest.embed.onnx.Embedder` retrieval uses."""

    def embed_query(self, text: str) -> np.ndarray: ...


class Retriever:
    """Hybrid BM25 + dense search over the catalog's active chunks."""

    interleave_councils: bool = True  # several councils named: alternate their best passages
    hard_statements: bool = False  # True: statements filter like councils and kinds (first to relax)

    def __init__(self, catalog: CatalogView, store: StoreView, embedder: QueryEmbedder,
                 settings: RetrievalSettings, files: IndexFiles | None = None) -> None:
        self.catalog = catalog
        self.index = RetrievalIndex(catalog, store, files=files)
        self.embedder = embedder
        self.settings = settings

    def refresh(self) -> None:
        """Rebuild the index now if the catalog changed."""
        self.index.refresh()

    # --- search -----------------------------------------------------------------------------------

    def _mask(self, state: IndexState, filters: Filters) -> npt.NDArray[np.bool_]:
        mask = np.ones(state.size, dtype=bool)
        for key, values in (("council", filters.councils), ("quality_statement", filters.statements),
                            ("kind", filters.kinds)):
            if values:
                wanted = [state.vocab[key][v] for v in values if v in state.vocab[key]]
                mask &= np.isin(state.codes[key], np.array(wanted, dtype=np.int32))
        return mask

    def _choose_filters(self, state: IndexState, hits: BM25Hits, filters: Filters
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

    def _assessment(self, state: IndexState, council: str) -> tuple[str, Assessment] | None:
        if council not in state.assessments:
            state.assessments[council] = self.catalog.assessment(council)
        return state.assessments[council]

    def _chunk_at(self, state: IndexState, doc_id: str, start: int, end: int) -> int | None:
        """The active chunk of doc_id best covering [start, end) (score units preferred)."""
        rows = state.rows_of(doc_id)
        if rows.size == 0:
            return None
        overlap = np.minimum(end, state.ends[rows]) - np.maximum(start, state.starts[rows])
        if overlap.max() <= 0:
            return None
        # most overlap first, then score units, then the earliest chunk
        key = overlap.astype(np.float64) * 2 + state.is_score[rows]
        return int(rows[int(np.argmax(key))])

    def _pins(self, state: IndexState, analysis: QuestionAnalysis | None, filters: Filters) -> list[int]:
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
                by_doc.setdefault(state.value("doc_id", i), []).append(i)
            pins = [i for group in itertools.zip_longest(*by_doc.values()) for i in group if i is not None]
        return pins[: self.settings.k]

    def prefetch(self, texts: list[str]) -> None:
        """Start embedding search wordings a question will use next, when the embedder can (a worker thread)."""
        prefetch = getattr(self.embedder, "prefetch", None)
        if callable(prefetch):
            prefetch(texts)

    def search(self, query: str, analysis: QuestionAnalysis | None = None,
               k: int | None = None) -> list[Passage]:
        """The k best passages for a question, best first."""
        k = k or self.settings.k
        state = self.index.current()
        if not state.size:
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
        own: list[int] = []
        if wanted.councils and not filters.councils:
            # relaxed past the council: its few chunks holding the question's words still lead (a short report
            # would otherwise lose them to other councils' like passages and the per-document cap)
            own = top_k(hits.scores, self.settings.min_filtered, self._mask(state, Filters(wanted.councils)))
            own = [pos for pos in own if hits.scores[pos] > 0]
            hits = state.bm25.search(" ".join([lexical, *wanted.councils]))
        n = self.settings.candidates
        bm25_ids = top_k(hits.scores, n, mask)
        embedding = self.embedder.embed_query(text)
        dense = self.index.dense(state, embedding, n, mask, filters)
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
                if state.value("quality_statement", pos) in statements:
                    fused[pos] += bonus
        self._heading_bonus(state, fused, state.bm25.weights(lexical, exclude=council_words))
        if analysis is not None and analysis.kind in FINDING_KINDS:
            for pos in fused:  # the framework's "I/We" statements and bare score lines are not findings
                heading = state.value("heading", pos)
                if (heading and FRAMEWORK_HEADING.search(heading)) or state.is_score[pos]:
                    fused[pos] *= 0.5
        pins = self._pins(state, analysis, filters)
        pins += [pos for pos in own if pos not in pins]
        ranked = sorted((p for p in fused if p not in pins), key=lambda p: (-fused[p], p))
        if len(filters.councils) > 1 and self.interleave_councils:
            ranked = interleave(ranked, [state.value("council", p) for p in ranked])
        order = pins + ranked
        chosen = self._diversify(state, order, k)
        top = max(fused.values(), default=0.0)
        state.load(chosen)  # a chunk an ingest has just superseded is gone from the catalog: left out
        return [self._passage(state, pos, hits, top + 1.0 if pos in pins else fused.get(pos, 0.0),
                              bm25_rank.get(pos), dense_rank.get(pos), similarity.get(pos), pos in pins,
                              text)
                for pos in chosen if state.loaded(pos)]

    def _heading_bonus(self, state: IndexState, fused: dict[int, float], weights: dict[str, float]) -> None:
        """Raise chunks whose own heading names the question's topic ("Our key risks and challenges").

        Words of the document's title are left out: they name the document, not one of its sections.
        """
        if not weights or not self.settings.heading_weight:
            return
        unit = self.settings.heading_weight / (self.settings.rrf_k + 1)
        topics: dict[str, dict[str, float]] = {}  # doc_id -> the question's words not in the doc's title
        for pos in fused:
            heading = int(state.codes["heading"][pos])
            if not state.names["heading"][heading]:
                continue
            doc_id = state.value("doc_id", pos)
            if doc_id not in topics:
                doc = state.docs.get(doc_id)
                title = set(tokenize(doc.title)) if doc else set()
                topics[doc_id] = {tok: w for tok, w in weights.items() if tok not in title}
            topic = topics[doc_id]
            words = state.topic_words.get(heading)
            if words is None:  # cached per index generation: headings recur across chunks and reports
                words = state.topic_words[heading] = frozenset(tokenize(state.names["heading"][heading]))
            total = sum(topic.values())
            share = sum(w for tok, w in topic.items() if tok in words) / total if total else 0.0
            if share >= 0.5:
                fused[pos] += unit * share

    def _diversify(self, state: IndexState, order: list[int], k: int) -> list[int]:
        """At most settings.max_per_document passages per document while other documents can fill k."""
        if len({state.value("doc_id", p) for p in order}) <= 1:
            return order[:k]
        per_doc: dict[str, int] = {}
        chosen: list[int] = []
        for pos in order:
            doc = state.value("doc_id", pos)
            if per_doc.get(doc, 0) >= self.settings.max_per_document:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            chosen.append(pos)
            if len(chosen) == k:
                return chosen
        # too few other documents to fill k: the capped documents' next passages, in order
        picked = set(chosen)
        rest = [p for p in order if p not in picked][: k - len(chosen)]
        return sorted(chosen + rest, key=order.index)

    def _passage(self, state: IndexState, pos: int, hits: BM25Hits, score: float, bm25_rank: int | None,
                 dense_rank: int | None, similarity: float | None, pinned: bool,
                 question: str) -> Passage:
        c = state.chunk(pos)
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
