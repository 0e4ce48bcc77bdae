"""The document cache of composition: one catalog generation's records, texts, sections and term statistics,
pinned per answer so concurrent writes never change what an answer reads.
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from rapidfuzz import fuzz, process

from assistant.errors import NotFoundError
from assistant.evidence.meaning import Meaning
from assistant.evidence.text import FRAMEWORK_QUOTES, root, tokenize
from assistant.models.questions import Passage
from assistant.models.records import Chunk, DocumentKind, DocumentRecord, Section


class CatalogReader(Protocol):
    """What composition needs from the catalog."""

    def generation(self) -> int: ...
    def documents(self) -> list[DocumentRecord]: ...
    def document_text(self, doc_id: str) -> str: ...
    def document_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...
    def sections(self, doc_id: str) -> list[Section]: ...
    def sections_at(self, doc_id: str, offset: int) -> list[Section]: ...
    def section_starts(self, doc_id: str) -> list[int]: ...
    def active_chunks(self) -> list[Chunk]: ...
    def document_chunks(self, doc_id: str, start: int = 0, end: int = 2**62) -> list[Chunk]: ...


class SavedValues(Protocol):
    """Where `DocCache` keeps its term counts per catalog generation (`assistant.retrieve.files`)."""

    def load(self, generation: int) -> object: ...
    def save(self, generation: int, value: object) -> None: ...


class ChunksByDoc(dict[str, list[Chunk]]):
    """doc_id -> its active chunks in order, each document read from the catalog on first use."""

    def __init__(self, catalog: CatalogReader) -> None:
        super().__init__()
        self.catalog = catalog

    def get(self, doc_id: str, default: list[Chunk] | None = None) -> list[Chunk]:  # type: ignore[override]
        if doc_id not in self:
            self[doc_id] = self.catalog.document_chunks(doc_id)
        return self[doc_id] or (default if default is not None else [])


@dataclass
class _Snapshot:
    """One catalog generation as composition sees it: records, texts, chunks, term frequencies, lazy caches."""

    generation: int = -1
    records: dict[str, DocumentRecord] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[Section]] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    n_chunks: int = 0
    by_doc: dict[str, list[Chunk]] = field(default_factory=dict)
    known: dict[str, bool] = field(default_factory=dict)
    over: dict[tuple[str, int, int], list[Chunk]] = field(default_factory=dict)
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)  # derived values of this generation


class DocCache:
    """Document records, texts, sections and term document-frequencies of one catalog generation.

    `refresh` builds a new snapshot when the generation moved, texts included, checking that the generation
    did not move while it read (else it reads again). An answer pins the snapshot it started with (`pinned`),
    so a document deleted meanwhile keeps its text for that answer: a concurrent delete never turns into a
    "not loaded" error for a reader. Passages of a document that is in neither are dropped (`available`).
    """

    _READ_ATTEMPTS = 3

    def __init__(
        self, catalog: CatalogReader, meaning: Meaning | None = None, saved: SavedValues | None = None
    ) -> None:
        self.catalog = catalog
        self.meaning = meaning  # sentence embeddings for ranking by meaning; None ranks by terms alone
        self.saved = saved  # term counts saved per generation: only the first process counts them
        self._latest = _Snapshot()
        self._local = threading.local()

    def _snap(self) -> _Snapshot:
        pinned: _Snapshot | None = getattr(self._local, "snap", None)
        return pinned if pinned is not None else self._latest

    @property
    def generation(self) -> int:
        return self._snap().generation

    @property
    def records(self) -> dict[str, DocumentRecord]:
        return self._snap().records

    @property
    def texts(self) -> dict[str, str]:
        return self._snap().texts

    @property
    def df(self) -> dict[str, int]:
        return self._snap().df

    @property
    def n_chunks(self) -> int:
        return self._snap().n_chunks

    @property
    def by_doc(self) -> dict[str, list[Chunk]]:
        return self._snap().by_doc

    @property
    def memo(self) -> dict[tuple[object, ...], object]:
        """Values derived from this generation's documents, kept with it (they go when it is replaced)."""
        return self._snap().memo

    def refresh(self, generation: int | None = None) -> None:
        """Reload when the catalog changed (`generation`: the caller's fresh read of it, saving one)."""
        gen = self.catalog.generation() if generation is None else generation
        if gen == self._latest.generation:
            return
        for _ in range(self._READ_ATTEMPTS):
            snap = self._read(gen)
            after = self.catalog.generation()
            if after == gen:
                break
            gen = after  # a write landed while reading: read that generation instead
        self._latest = snap

    def _read(self, gen: int) -> _Snapshot:
        """A generation's snapshot: term counts saved for it (chunks then read per document on first use) or
        counted now; every document's text, kept from the previous snapshot when its content is unchanged."""
        snap = _Snapshot(generation=gen, records={d.doc_id: d for d in self.catalog.documents()})
        found = self.saved.load(gen) if self.saved is not None else None
        if isinstance(found, dict) and isinstance(found.get("df"), dict):
            snap.df, snap.n_chunks = found["df"], int(found.get("n", 0))
            snap.by_doc = ChunksByDoc(self.catalog)
        else:
            chunks = self.catalog.active_chunks()
            snap.n_chunks = len(chunks)
            for c in chunks:
                snap.by_doc.setdefault(c.doc_id, []).append(c)
                for term in set(tokenize(" ".join(c.heading_path) + " " + c.text)):
                    snap.df[term] = snap.df.get(term, 0) + 1
            if self.saved is not None:
                self.saved.save(gen, {"df": snap.df, "n": snap.n_chunks})
        before, todo = self._latest, []
        for doc_id, rec in snap.records.items():
            old = before.records.get(doc_id)
            if old is not None and old.sha256 == rec.sha256 and doc_id in before.texts:
                snap.texts[doc_id] = before.texts[doc_id]
            else:
                todo.append(doc_id)
        snap.texts.update(self.catalog.document_texts(todo))  # a document deleted meanwhile: the generation check
        return snap

    @contextlib.contextmanager
    def pinned(self, generation: int | None = None) -> Iterator[DocCache]:
        """Refresh, then use the current snapshot in this thread until the block ends (one answer)."""
        self.refresh(generation)
        previous = getattr(self._local, "snap", None)
        self._local.snap = self._latest
        try:
            yield self
        finally:
            self._local.snap = previous

    def text(self, doc_id: str) -> str:
        """The stored text of a document (NotFoundError only when no snapshot has it and it is gone)."""
        texts = self._snap().texts
        if doc_id not in texts:
            texts[doc_id] = self.catalog.document_text(doc_id)
        return texts[doc_id]

    def available(self, passages: Sequence[Passage]) -> list[Passage]:
        """The passages whose document text can be read (a document deleted mid-answer drops its passages)."""
        out: list[Passage] = []
        for p in passages:
            try:
                self.text(p.doc_id)
            except NotFoundError:
                continue
            out.append(p)
        return out

    def chunks_over(self, doc_id: str, start: int, end: int, candidates: list[Chunk] | None = None) -> list[Chunk]:
        """Active chunks of a document overlapping [start, end), most overlap first (score units on ties);
        `candidates`: the document's chunks over the span in order, read by the caller."""
        key = (doc_id, start, end)
        over = self._snap().over
        if key not in over:
            by_doc = self.by_doc
            lazy = isinstance(by_doc, ChunksByDoc) and doc_id not in by_doc
            if candidates is None:
                candidates = self.catalog.document_chunks(doc_id, start, end) if lazy else by_doc.get(doc_id, [])
            hits = [(min(end, c.end) - max(start, c.start), c.unit == "score", -c.start, c) for c in candidates]
            over[key] = [h[3] for h in sorted((h for h in hits if h[0] > 0), key=lambda h: h[:3], reverse=True)]
        return over[key]

    def sections_of(self, doc_id: str) -> list[Section]:
        """A document's sections (cached; none when the document was deleted since the snapshot)."""
        sections = self._snap().sections
        if doc_id not in sections:
            try:
                sections[doc_id] = self.catalog.sections(doc_id)
            except NotFoundError:
                return []
        return sections[doc_id]

    def section_starts(self, doc_id: str) -> list[int]:
        """Where a document's sections start (from its sections when read, else only their starts; cached)."""
        snap, key = self._snap(), ("section_starts", doc_id)
        if doc_id in snap.sections:
            return [sec.start for sec in snap.sections[doc_id]]
        if key not in snap.memo:
            snap.memo[key] = self.catalog.section_starts(doc_id)
        return list(cast(list[int], snap.memo[key]))

    def section_passages(
        self, doc_id: str, statement: str | None, heading: re.Pattern[str] | None = None
    ) -> list[Passage]:
        """The sections of a report for a statement (or, without one, those whose heading matches), as
        passages in document order."""
        rec = self.records.get(doc_id)
        text = self.text(doc_id)
        out: list[Passage] = []
        for sec in self.sections_of(doc_id):
            wanted = sec.quality_statement == statement if statement else bool(heading and heading.search(sec.heading))
            if not wanted or sec.end - sec.body_start < 40 or FRAMEWORK_QUOTES.search(sec.heading):
                continue
            if any(o.start <= sec.body_start and sec.end <= o.end for o in out):
                continue
            out = [o for o in out if not (sec.body_start <= o.start and o.end <= sec.end)]
            out.append(
                Passage(
                    chunk_id=f"{doc_id}:{sec.id}",
                    doc_id=doc_id,
                    title=rec.title if rec else doc_id,
                    council=rec.council if rec else None,
                    kind=rec.kind if rec else DocumentKind.CQC_ASSESSMENT,
                    heading_path=sec.path,
                    theme=sec.theme,
                    quality_statement=sec.quality_statement,
                    statement_score=None,
                    text=text[sec.body_start : sec.end],
                    start=sec.body_start,
                    end=sec.end,
                    source_path=rec.source_path if rec else "",
                    score=0.0,
                )
            )
        return out

    SECTIONS_AT_MOST = 8  # offsets of a document whose sections are read alone; at the next, all are read

    def section_path(self, doc_id: str, start: int) -> str:
        """The heading path of the deepest section holding an offset."""
        snap = self._snap()
        seen = cast(dict[int, list[Section]], snap.memo.setdefault(("sections_at", doc_id), {}))
        if doc_id in snap.sections or (start not in seen and len(seen) >= self.SECTIONS_AT_MOST):
            holding = self.sections_of(doc_id)  # many offsets in the document: read (and keep) them all
        elif start in seen:
            holding = seen[start]
        else:  # only the sections holding it (a ranking cites a line or two in each of many documents)
            holding = seen[start] = self.catalog.sections_at(doc_id, start)
        best: Section | None = None
        for s in holding:
            if s.start <= start < max(s.end, s.start + 1) and (best is None or s.level >= best.level):
                best = s
        return " > ".join(best.path) if best else ""

    def known(self, term: str) -> bool:
        """Whether the loaded chunks contain a term, its root or a close spelling of it (typos)."""
        snap = self._snap()
        if snap.df.get(term, 0) or snap.df.get(root(term), 0) or not snap.n_chunks:
            return True
        if term not in snap.known:
            close = len(term) >= 5 and process.extractOne(term, snap.df.keys(), scorer=fuzz.ratio, score_cutoff=85)
            snap.known[term] = bool(close)
        return snap.known[term]

    def weight(self, term: str) -> float:
        """A question term's weight: its IDF, doubled when no loaded chunk contains it (or its root),
        since a question hinging on a concept the documents never mention is likely unanswerable."""
        seen = self.df.get(term, 0) or self.df.get(root(term), 0)
        return self.idf(term) * (2.0 if not seen and self.n_chunks else 1.0)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term over active chunks (unseen terms weigh most)."""
        return math.log(1 + (self.n_chunks + 1) / (self.df.get(term, 0) + 0.5))
