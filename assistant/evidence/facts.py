"""Caches of the answer path (catalog facts per generation, query embeddings) and catalog-answer passages.

Every question reads the loaded councils and, for score and rating questions, their assessments; the
catalog parses an assessment from its stored JSON on each call, so the answer path reads them through
`FactsCache`, rebuilt whenever `catalog.generation()` moves. Catalog answers (scores, ratings, rankings,
arithmetic) need no search: their evidence passages are the chunks holding the spans they cite.
Questions recur (suggested questions, dashboards, retries), so query embeddings are kept in a small LRU.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

from assistant.evidence.citations import DocCache
from assistant.evidence.text import FRAMEWORK_QUOTES
from assistant.models.answers import Citation
from assistant.models.questions import Passage
from assistant.models.records import Assessment, Chunk, ChunkOutline

_T = TypeVar("_T")


class FactsSource(Protocol):
    """The part of the catalog `FactsCache` reads."""

    def generation(self) -> int: ...
    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...
    def assessments(self) -> dict[str, tuple[str, Assessment]]: ...


@dataclass
class _Facts:
    generation: int
    councils: list[str]
    assessments: dict[str, tuple[str, Assessment] | None] = field(default_factory=dict)


class FactsCache:
    """`councils()` and `assessment()` of the catalog, cached until its generation changes.

    The cached assessments are shared between requests: callers must not mutate them.
    """

    def __init__(self, catalog: FactsSource) -> None:
        self.catalog = catalog
        self._facts: _Facts | None = None
        self._lock = threading.Lock()

    def refresh(self, generation: int | None = None) -> None:
        """Rebuild when the catalog's generation moved (one cheap read, or the caller's; once per question)."""
        generation = self.catalog.generation() if generation is None else generation
        facts = self._facts
        if facts is None or facts.generation != generation:
            with self._lock:
                if self._facts is None or self._facts.generation != generation:
                    self._facts = _Facts(generation, self.catalog.councils())

    def _current(self) -> _Facts:
        if self._facts is None:
            self.refresh()
        assert self._facts is not None
        return self._facts

    def generation(self) -> int:
        """The catalog generation the cache reflects."""
        return self._current().generation

    def councils(self) -> list[str]:
        """Canonical names of the councils any loaded document is about."""
        return list(self._current().councils)

    def load_all(self) -> None:
        """Read every council's assessment in one catalog read (a service getting ready: rankings need all)."""
        facts = self._current()
        if all(c.lower() in facts.assessments for c in facts.councils):
            return  # this generation's are read already (a second `prepare`, e.g. the watcher's first poll)
        every = self.catalog.assessments()
        for council in facts.councils:
            facts.assessments.setdefault(council.lower(), every.get(council.lower()))

    def assessment(self, council: str) -> tuple[str, Assessment] | None:
        """The doc_id and latest assessment of a council, or None (cached)."""
        facts = self._current()
        key = council.lower()
        if key not in facts.assessments:
            facts.assessments[key] = self.catalog.assessment(council)
        return facts.assessments[key]


class ChunkOutlines(Protocol):
    """The retrieval index's labels of every active chunk (`assistant.retrieve.index.RetrievalIndex`)."""

    def outline(self, chunk_id: str) -> ChunkOutline | None: ...
    def following(self, chunk_id: str, n: int) -> list[ChunkOutline] | None: ...
    def over(self, doc_id: str, start: int, end: int) -> list[str] | None: ...
    def chunks(self, ids: Sequence[str]) -> list[Chunk]: ...


def span_passages(docs: DocCache, citations: Sequence[Citation], k: int,
                  outlines: ChunkOutlines | None = None) -> list[Passage]:
    """Passages for cited spans: one per span, holding it whole (its chunks joined when a stating sentence
    or line was cut into several), documents interleaved, then the chunks that follow them in their part of
    the report (a score's narrative, a rating's summary), up to k. With `outlines`, the chunks are found by
    the index's labels and only the chosen ones are read. Kept for the generation: a repeated question's
    catalog answer cites the same spans."""
    key = ("span_passages", k, *((c.document, c.start, c.end) for c in citations))
    if (kept := docs.memo.get(key)) is not None:
        return list(cast(list[Passage], kept))
    passages = _span_passages(docs, citations, k, outlines)
    docs.memo[key] = passages
    return list(passages)


def _span_passages(docs: DocCache, citations: Sequence[Citation], k: int,
                   outlines: ChunkOutlines | None) -> list[Passage]:
    by_doc: dict[str, list[tuple[Citation, list[Chunk]]]] = {}
    seen: set[str] = set()
    spans = _spans(citations, outlines, k)
    for c in citations:
        group = docs.chunks_over(c.document, c.start, c.end, spans.get((c.document, c.start, c.end)))
        if any(chunk.id not in seen for chunk in group):
            seen.update(chunk.id for chunk in group)
            by_doc.setdefault(c.document, []).append((c, group))
    pinned = _interleave(list(by_doc.values()))[:k]
    pins = [max(g, key=lambda c: c.ordinal) for _, g in pinned]
    # k spans pinned (a ranking's): no room for followers, so none is read
    follow = _interleave(_followers(docs, pins, k, outlines)) if len(pinned) < k else []
    extra = list({c.id: c for c in follow if c.id not in seen}.values())[: k - len(pinned)]
    n = len(pinned) + len(extra)
    out = [joined_passage(docs, c, g, float(n - i)) for i, (c, g) in enumerate(pinned)]
    return out + [chunk_passage(docs, c, float(n - len(pinned) - i), pinned=False) for i, c in enumerate(extra)]


def _spans(citations: Sequence[Citation], outlines: ChunkOutlines | None,
           k: int) -> dict[tuple[str, int, int], list[Chunk]]:
    """Each cited span's chunks, found by the index's offsets and read in one call ({} without the index);
    with fewer than k spans, the chunks `_followers` will want are read in the same call."""
    if outlines is None:
        return {}
    ids = {(c.document, c.start, c.end): outlines.over(c.document, c.start, c.end) for c in citations}
    if any(found is None for found in ids.values()):
        return {}
    wanted = [i for found in ids.values() for i in found or ()]
    lasts = list(dict.fromkeys(found[-1] for found in ids.values() if found))  # the pins, unless spans repeat
    read = {c.id: c for c in outlines.chunks(wanted + (_follower_ids(outlines, lasts, k) if len(lasts) < k else []))}
    if any(i not in read for found in ids.values() for i in found or ()):
        return {}  # superseded meanwhile: the catalog is read as before
    return {span: [read[i] for i in found or ()] for span, found in ids.items()}


def joined_passage(docs: DocCache, cited: Citation, group: list[Chunk], score: float) -> Passage:
    """The chunks over one cited span as one pinned passage holding the whole span: the most overlapping
    chunk's labels, the text from the first chunk's (or the span's) start to the last one's end. A stating
    sentence or line may be cut into several chunks (a value mid-sentence is a chunk of its own), and a
    heading stating a value is in no chunk's text."""
    passage = chunk_passage(docs, group[0], score)
    start, end = min([cited.start, *(c.start for c in group)]), max([cited.end, *(c.end for c in group)])
    if (start, end) == (passage.start, passage.end):
        return passage
    return passage.model_copy(update={"start": start, "end": end, "text": docs.text(cited.document)[start:end]})


def _interleave(groups: list[list[_T]]) -> list[_T]:
    return [c for group in itertools.zip_longest(*groups) for c in group if c is not None]


FOLLOW_WINDOW = 20  # how many chunks after a pinned one may hold its narrative
FOLLOW_CHARS = 24_000  # text after a pinned chunk read first: 20 chunks of the sample reports span <= 17,000


def _next_chunks(docs: DocCache, pin: Chunk) -> list[Chunk]:
    """The FOLLOW_WINDOW chunks after a pinned one. A document not read yet is read only over the text after
    the pin, kept when the chunks found continue the pin's ordinals without a gap (so none is missing);
    otherwise (a document's end, a long chunk) every chunk of the document, as before."""
    if pin.doc_id not in docs.by_doc:
        near = docs.catalog.document_chunks(pin.doc_id, pin.start, pin.end + FOLLOW_CHARS)
        later = sorted((c for c in near if c.ordinal > pin.ordinal), key=lambda c: c.ordinal)[:FOLLOW_WINDOW]
        if len(later) == FOLLOW_WINDOW and all(c.ordinal == pin.ordinal + 1 + i for i, c in enumerate(later)):
            return later
    chunks = docs.by_doc.get(pin.doc_id, [])
    after = bisect.bisect_right(chunks, pin.ordinal, key=lambda c: c.ordinal)
    return chunks[after : after + FOLLOW_WINDOW]


def _follower_ids(outlines: ChunkOutlines, pins: Sequence[str], k: int) -> list[str]:
    """Ids of the chunks `_followers` reads after these pins, from the index's labels alone."""
    out: list[str] = []
    for pin_id in pins:
        pin, after = outlines.outline(pin_id), outlines.following(pin_id, FOLLOW_WINDOW)
        if pin is not None and after is not None:
            out += _chosen(pin.quality_statement, after, k)
    return out


def _chosen(pin_statement: str | None, after: Sequence[ChunkOutline], k: int) -> list[str]:
    """Ids of the first k outlines after a pin that `_follows` keeps."""
    return [o.id for o in after if _follows(pin_statement, o.is_score, o.quality_statement, o.heading)][:k]


def _follows(pin_statement: str | None, is_score: bool, statement: str | None, heading: str) -> bool:
    """Whether a later chunk is in the pin's part of the report: the same quality statement (a score's
    findings) or, for a rating, the unscored summary around it; no score lines, no framework 'I / We'
    statements."""
    return not is_score and statement == pin_statement and not (heading and FRAMEWORK_QUOTES.search(heading))


def _following(docs: DocCache, pin: Chunk, k: int) -> list[Chunk]:
    """Up to k chunks after a pinned one in its part of the report (`_follows`), read from the catalog."""
    later = _next_chunks(docs, pin)
    return [c for c in later if _follows(pin.quality_statement, c.unit == "score", c.quality_statement,
                                         c.heading_path[-1] if c.heading_path else "")][:k]


def _followers(docs: DocCache, pins: list[Chunk], k: int, outlines: ChunkOutlines | None) -> list[list[Chunk]]:
    """`_following` of each pin; from the index's labels when it knows the pins, the chosen chunks in one read."""
    after = [None if outlines is None else outlines.following(pin.id, FOLLOW_WINDOW) for pin in pins]
    if outlines is None or any(found is None for found in after):
        return [_following(docs, pin, k) for pin in pins]
    chosen = [_chosen(pin.quality_statement, found, k) for pin, found in zip(pins, after, strict=True)
              if found is not None]
    read = {c.id: c for c in outlines.chunks([i for ids in chosen for i in ids])}
    if any(i not in read for ids in chosen for i in ids):  # superseded meanwhile: read them as before
        return [_following(docs, pin, k) for pin in pins]
    return [[read[i] for i in ids] for ids in chosen]


def chunk_passage(docs: DocCache, c: Chunk, score: float, pinned: bool = True) -> Passage:
    """A chunk as an answer's evidence passage."""
    rec = docs.records.get(c.doc_id)
    return Passage(
        chunk_id=c.id,
        doc_id=c.doc_id,
        title=rec.title if rec else c.doc_id,
        council=c.council,
        kind=c.kind,
        heading_path=c.heading_path,
        theme=c.theme,
        quality_statement=c.quality_statement,
        statement_score=c.statement_score,
        text=c.text,
        start=c.start,
        end=c.end,
        source_path=rec.source_path if rec else "",
        score=score,
        pinned=pinned,
    )
