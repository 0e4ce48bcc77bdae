"""Evidence plumbing shared by the composers: the document cache and numbered citations of verbatim spans
(the tokenizer, term matching and sentence spans they use are in `assistant.evidence.text`).

Citations always quote the document's stored text exactly: ``quote == text[start:end]``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.evidence.text import FRAMEWORK_QUOTES, root, tokenize
from assistant.models.answers import Citation
from assistant.models.records import Chunk, DocumentKind, DocumentRecord, Passage, Section


class CatalogReader(Protocol):
    """What composition needs from the catalog."""

    def generation(self) -> int: ...
    def documents(self) -> list[DocumentRecord]: ...
    def document_text(self, doc_id: str) -> str: ...
    def sections(self, doc_id: str) -> list[Section]: ...
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
class DocCache:
    """Document records, texts, sections and term document-frequencies, refreshed per catalog generation."""

    catalog: CatalogReader
    generation: int = -1
    records: dict[str, DocumentRecord] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[Section]] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    n_chunks: int = 0
    _known: dict[str, bool] = field(default_factory=dict)
    by_doc: dict[str, list[Chunk]] = field(default_factory=dict)
    _over: dict[tuple[str, int, int], list[Chunk]] = field(default_factory=dict)
    saved: SavedValues | None = None  # term counts saved per generation: only the first process counts them

    def refresh(self, generation: int | None = None) -> None:
        """Reload when the catalog changed (`generation`: the caller's fresh read of it, saving one).

        Document texts, sections and chunks are read on first use, per document.
        """
        gen = self.catalog.generation() if generation is None else generation
        if gen == self.generation:
            return
        self.records = {d.doc_id: d for d in self.catalog.documents()}
        self.texts, self.sections, self.df, self._known, self._over = {}, {}, {}, {}, {}
        self.by_doc = ChunksByDoc(self.catalog)
        found = self.saved.load(gen) if self.saved is not None else None
        if isinstance(found, dict) and isinstance(found.get("df"), dict):
            self.df, self.n_chunks = found["df"], int(found.get("n", 0))
        else:
            chunks = self.catalog.active_chunks()
            self.n_chunks = len(chunks)
            for c in chunks:
                for term in set(tokenize(" ".join(c.heading_path) + " " + c.text)):
                    self.df[term] = self.df.get(term, 0) + 1
            if self.saved is not None:
                self.saved.save(gen, {"df": self.df, "n": self.n_chunks})
        self.generation = gen

    def text(self, doc_id: str) -> str:
        """The stored text of a document."""
        if doc_id not in self.texts:
            self.texts[doc_id] = self.catalog.document_text(doc_id)
        return self.texts[doc_id]

    def chunks_over(self, doc_id: str, start: int, end: int) -> list[Chunk]:
        """Active chunks of a document overlapping [start, end), most overlap first (score units on ties)."""
        key = (doc_id, start, end)
        if key not in self._over:
            candidates = (self.by_doc[doc_id] if doc_id in self.by_doc  # else a few rows, not the whole document
                          else self.catalog.document_chunks(doc_id, start, end))
            hits = [(min(end, c.end) - max(start, c.start), c.unit == "score", -c.start, c) for c in candidates]
            self._over[key] = [h[3] for h in sorted((h for h in hits if h[0] > 0), key=lambda h: h[:3],
                                                    reverse=True)]
        return self._over[key]

    def sections_of(self, doc_id: str) -> list[Section]:
        """A document's sections (cached)."""
        if doc_id not in self.sections:
            self.sections[doc_id] = self.catalog.sections(doc_id)
        return self.sections[doc_id]

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

    def section_path(self, doc_id: str, start: int) -> str:
        """The heading path of the deepest section holding an offset."""
        best: Section | None = None
        for s in self.sections_of(doc_id):
            if s.start <= start < max(s.end, s.start + 1) and (best is None or s.level >= best.level):
                best = s
        return " > ".join(best.path) if best else ""

    def known(self, term: str) -> bool:
        """Whether the loaded chunks contain a term, its root or a close spelling of it (typos)."""
        if self.df.get(term, 0) or self.df.get(root(term), 0) or not self.n_chunks:
            return True
        if term not in self._known:
            close = difflib.get_close_matches(term, list(self.df), n=1, cutoff=0.85) if len(term) >= 5 else []
            self._known[term] = bool(close)
        return self._known[term]

    def weight(self, term: str) -> float:
        """A question term's weight: its IDF, doubled when no loaded chunk contains it (or its root),
        since a question hinging on a concept the documents never mention is likely unanswerable."""
        seen = self.df.get(term, 0) or self.df.get(root(term), 0)
        return self.idf(term) * (2.0 if not seen and self.n_chunks else 1.0)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term over active chunks (unseen terms weigh most)."""
        return math.log(1 + (self.n_chunks + 1) / (self.df.get(term, 0) + 0.5))


@dataclass
class Citer:
    """Numbers citations of verbatim spans, one number per distinct span."""

    docs: DocCache
    citations: list[Citation] = field(default_factory=list)
    _numbers: dict[tuple[str, int, int], int] = field(default_factory=dict)  # (doc, start, end) -> n

    def cite(self, doc_id: str, start: int, end: int, section: str | None = None) -> int:
        """The citation number for text[start:end] of a document (added if new; constant time per call)."""
        if len(self._numbers) != len(self.citations):  # citations appended or replaced from outside
            self._numbers = {(c.document, c.start, c.end): c.n for c in reversed(self.citations)}
        known = self._numbers.get((doc_id, start, end))
        if known is not None:
            return known
        text = self.docs.text(doc_id)
        rec = self.docs.records.get(doc_id)
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n,
                document=doc_id,
                title=rec.title if rec else doc_id,
                council=rec.council if rec else None,
                section=section if section is not None else self.docs.section_path(doc_id, start),
                quote=text[start:end],
                start=start,
                end=end,
                source=rec.source_path if rec else "",
                publisher=rec.publisher if rec else None,
                published=rec.published if rec else None,
            )
        )
        self._numbers[(doc_id, start, end)] = n
        return n


def marks(ns: Sequence[int]) -> str:
    """' [1][2]' for citation numbers (deduplicated, in order)."""
    return " " + "".join(f"[{n}]" for n in dict.fromkeys(ns)) if ns else ""


def clean(text: str) -> str:
    """A sentence as shown in the answer: whitespace collapsed, markdown emphasis removed."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def renumber(text: str, citations: Sequence[Citation]) -> tuple[str, list[Citation]]:
    """Citation numbers in order of first appearance in the text; uncited citations dropped."""
    order: list[int] = []
    for m in re.finditer(r"\[(\d+)\]", text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    mapping = {old: new for new, old in enumerate(order, 1)}
    by_n = {c.n: c for c in citations}
    new_text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)
    return new_text, [by_n[old].model_copy(update={"n": mapping[old]}) for old in order if old in by_n]
