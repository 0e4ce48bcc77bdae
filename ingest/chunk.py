"""ParsedDocument -> structure-aware chunks.

A chunk never crosses a section boundary and never splits a sentence; paragraphs are packed greedily
within one section; each LGA good-practice bullet and each statement's score lines are chunks of their
own, so they can be retrieved and cited alone. Heading text stays out of chunk text (heading_path
carries it), except in score chunks, where the statement name is part of the quoted evidence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import tiktoken

from assistant.domain.sentences import segments
from assistant.domain.taxonomy import theme_of
from assistant.models.records import Chunk, DocumentKind, ParsedDocument, Section
from assistant.settings import Settings
from ingest.parse.cqc import rating_block
from ingest.parse.structure import section_at

Unit = Literal["paragraphs", "bullet", "score", "list"]
_BULLET_LINE = re.compile(r"^\s*(?:[•●▪◦*]|-(?!-)|\d{1,2}[.)])\s+\S")
_MARK_BULLET = re.compile(r"^\s*[•●▪◦*-]\s+\S")
_MARKUP_ONLY = re.compile(r"^[\s\-*_=#|•●▪◦]*$")


@dataclass
class _Piece:
    start: int
    end: int
    unit: Unit
    section: Section | None
    statement: str | None = None
    score: int | None = None
    subsection: str | None = None  # an LGA item's sub-section, when its section heading is a lead-in


@lru_cache(maxsize=4)
def encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding used to count chunk tokens (cached)."""
    return tiktoken.get_encoding(name)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _regions(doc: ParsedDocument) -> list[tuple[int, int, Section | None]]:
    """Body ranges not covered by any heading line (except the title's): each owned by its section."""
    bounds = sorted(doc.sections, key=lambda s: s.start)
    regions: list[tuple[int, int, Section | None]] = []
    first = bounds[0].start if bounds else len(doc.text)
    regions.append((0, first, None))
    lead: int | None = None  # start of the title block: heading lines at the very top of the document
    for i, s in enumerate(bounds):
        nxt = bounds[i + 1].start if i + 1 < len(bounds) else len(doc.text)
        begin = s.body_start
        if (i == 0 and not doc.text[: s.start].strip()) or lead is not None:
            # title lines stay with the first text under them: they name the document for retrieval
            lead = s.start if lead is None else lead
            if not doc.text[s.body_start:nxt].strip():
                continue
            begin, lead = lead, None
        regions.append((begin, max(s.body_start, nxt), s))
    if lead is not None:
        regions.append((lead, len(doc.text), bounds[-1]))
    return regions


def _blocks(text: str, start: int, end: int, split_bullets: bool) -> list[tuple[int, int, Unit]]:
    """Blank-line separated blocks of a region; bullet lines apart when each must stand alone."""
    out: list[tuple[int, int, Unit]] = []
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text[start:end]):
        b0, b1 = _trim(text, start + m.start(), start + m.end())
        if b0 >= b1 or _MARKUP_ONLY.match(text[b0:b1]):
            continue
        lines = text[b0:b1].split("\n")
        bullets = [ln for ln in lines if _BULLET_LINE.match(ln)]
        if split_bullets and any(_MARK_BULLET.match(ln) and len(ln.split()) > 12 for ln in lines):
            pos = b0
            for ln in lines:
                l0, l1 = _trim(text, pos, pos + len(ln))
                pos += len(ln) + 1
                if l0 < l1 and not _MARKUP_ONLY.match(text[l0:l1]):
                    standalone = _MARK_BULLET.match(ln) and len(ln.split()) > 12
                    out.append((l0, l1, "bullet" if standalone else "paragraphs"))
        else:
            marked = [ln for ln in bullets if _MARK_BULLET.match(ln)]
            out.append((b0, b1, "list" if len(marked) * 2 > len(lines) else "paragraphs"))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (and line) spans of a block; a bare paragraph number ('21.') stays with its sentence."""
    cuts = {start, end}
    cuts.update(a for a, _ in segments(text, start, end))
    cuts.update(start + m.end() for m in re.finditer(r"\n", text[start:end]))
    ordered = sorted(cuts)
    spans = [_trim(text, a, b) for a, b in itertools.pairwise(ordered)]
    spans = [(a, b) for a, b in spans if a < b]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and re.fullmatch(r"[-•*]?\s*\(?[0-9a-z]{1,3}[.)]", text[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


class _Packer:
    """Greedy packing of a section's blocks into chunks of about `target` (never over `limit`) tokens.

    A group's size is the sum of its parts' token counts plus two per gap (a blank line is one
    token in cl100k; the second is slack for merges across the gap), so each part is encoded once.
    """

    def __init__(self, text: str, enc: tiktoken.Encoding, limit: int, target: int) -> None:
        self.text, self.enc, self.limit, self.target = text, enc, limit, min(target, limit)
        self.pieces: list[_Piece] = []
        self.group: list[tuple[int, int, Unit]] = []
        self.size = 0
        self.section: Section | None = None

    def tokens(self, a: int, b: int) -> int:
        return len(self.enc.encode(self.text[a:b], disallowed_special=()))

    def flush(self) -> None:
        if self.group:
            units = {u for _, _, u in self.group}
            unit: Unit = "list" if units == {"list"} else "paragraphs"
            self.pieces.append(_Piece(self.group[0][0], self.group[-1][1], unit, self.section))
            self.group, self.size = [], 0

    def _push(self, a: int, b: int, unit: Unit, size: int) -> None:
        if self.group and self.size + 2 + size > self.target:
            self.flush()
        self.size += size + (2 if self.group else 0)
        self.group.append((a, b, unit))

    def add(self, b0: int, b1: int, unit: Unit) -> None:
        """Add a block; over-long blocks are cut at sentence (or line) boundaries, then by tokens."""
        size = self.tokens(b0, b1)
        if size <= self.limit:
            self._push(b0, b1, unit, size)
            return
        self.flush()
        for s0, s1 in _sentences(self.text, b0, b1):
            size = self.tokens(s0, s1)
            if size <= self.limit:
                self._push(s0, s1, "paragraphs", size)
                continue
            for p0, p1 in token_windows(self.text, s0, s1, self.enc, self.limit):
                self._push(p0, p1, "paragraphs", self.tokens(p0, p1))
        self.flush()


def token_windows(text: str, start: int, end: int, enc: tiktoken.Encoding, limit: int) -> list[tuple[int, int]]:
    """Cut a run with no sentence or line break into spans within `limit` tokens, at a space when one is near."""
    tokens = enc.encode(text[start:end], disallowed_special=())
    offsets = [*enc.decode_with_offsets(tokens)[1], end - start]
    step, spans, i = max(1, limit - 8), [], 0  # slack: a span re-encoded alone may merge differently
    while i < len(tokens):
        j = min(i + step, len(tokens))
        space = text.rfind(" ", start + offsets[i + 3 * (j - i) // 4], start + offsets[j]) if j < len(tokens) else -1
        if space > start + offsets[i]:
            j = max(i + 1, bisect.bisect_right(offsets, space - start, i + 1, j + 1) - 1)
        a, b = _trim(text, start + offsets[i], start + offsets[j])
        if a < b:
            spans.append((a, b))
        i = j
    return spans


def _outside(text: str, b0: int, b1: int, reserved: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a block outside score/rating spans (chunks of their own), in order: a value stated
    mid-paragraph ("CQC has rated X as good, in how well ...") keeps the text on both sides."""
    parts: list[tuple[int, int]] = []
    i = max(0, bisect.bisect_left(reserved, (b0, b0)) - 1)
    pos = b0
    while i < len(reserved) and reserved[i][0] < b1:
        s0, s1 = reserved[i]
        if pos < s1:
            if pos < s0:
                parts.append(_trim(text, pos, s0))
            pos = max(pos, s1)
        i += 1
    if pos < b1:
        parts.append(_trim(text, pos, b1))
    return [(a, b) for a, b in parts if a < b]


def _fixed_pieces(doc: ParsedDocument) -> list[_Piece]:
    """Score chunks (statement name through score and wording) and the overall-rating chunk."""
    pieces: list[_Piece] = []
    if doc.assessment is None:
        return pieces
    ordered = sorted(doc.sections, key=lambda x: x.start)
    starts = [x.start for x in ordered]

    def heading_section(pos: int) -> Section | None:
        i = bisect.bisect_right(starts, pos) - 1
        return ordered[i] if i >= 0 and pos < ordered[i].body_start else section_at(ordered, pos)

    for s in doc.assessment.all_scores:
        pieces.append(_Piece(s.start, s.end, "score", heading_section(s.start), s.statement, s.score))
    block = rating_block(doc)
    if block is not None:
        pieces.append(_Piece(block[0], block[1], "score", heading_section(block[0])))
    return pieces


def _item_within(starts: list[int], ends: dict[int, int], b0: int, b1: int) -> int | None:
    """The start of a good-practice item lying inside [b0, b1), if any."""
    i = bisect.bisect_left(starts, b0)
    if i < len(starts) and starts[i] < b1 and ends[starts[i]] <= b1:
        return starts[i]
    return None


def _heading_path(section: Section | None, subsection: str | None) -> list[str]:
    """The section's heading path; for an LGA item, ending at the item's own sub-section."""
    if section is None:
        return []
    path = list(section.path)
    if subsection and path[-1] != subsection and section.role == "subsection":
        path[-1] = subsection
    elif subsection and path[-1] != subsection and section.role == "quality_statement":
        path.append(subsection)
    return path


def _place(packer: _Packer, text: str, b0: int, b1: int, unit: Unit, section: Section | None, lga: bool,
           item_starts: list[int], item_end: dict[int, int], item_sub: dict[int, str | None], limit: int) -> None:
    """Hand one block (or the part of it outside value spans) to the packer: LGA items and bullets whole."""
    if _MARKUP_ONLY.match(text[b0:b1]):
        return
    inner = _item_within(item_starts, item_end, b0, b1) if lga else None
    if unit == "bullet" or inner is not None:
        packer.flush()
        a, b = (inner, item_end[inner]) if inner is not None else (b0, b1)
        if packer.tokens(a, b) > limit:  # an over-long item is cut like any block
            packer.add(a, b, "paragraphs")
            return
        packer.pieces.append(_Piece(a, b, "bullet", section, subsection=item_sub.get(a)))
        return
    packer.add(b0, b1, unit)


def chunk_document(doc: ParsedDocument, settings: Settings) -> list[Chunk]:
    """Cut a parsed document into chunks whose text is exactly doc.text[start:end]."""
    text, limit = doc.text, settings.ingest.chunk_max_tokens
    packer = _Packer(text, encoding(settings.ingest.tokenizer_encoding), limit, settings.ingest.chunk_target_tokens)
    fixed = _fixed_pieces(doc)
    reserved = sorted((p.start, p.end) for p in fixed)
    score_of = {s.statement: s.score for s in doc.assessment.scores} if doc.assessment else {}
    item_end = {g.start: g.end for g in doc.good_practice}
    item_sub = {g.start: g.subsection for g in doc.good_practice}
    item_starts = sorted(item_end)
    lga = doc.kind == DocumentKind.LGA_ANALYSIS
    for r0, r1, section in _regions(doc):
        packer.flush()
        packer.section = section
        for c0, c1, unit in _blocks(text, r0, r1, split_bullets=lga):
            parts = _outside(text, c0, c1, reserved)
            if parts != [(c0, c1)]:
                packer.flush()  # a score/rating chunk sits here: text on either side stays apart
            for b0, b1 in parts:
                _place(packer, text, b0, b1, unit, section, lga, item_starts, item_end, item_sub, limit)
                if len(parts) > 1:
                    packer.flush()
        packer.flush()
    pieces = fixed + packer.pieces
    pieces.sort(key=lambda p: (p.start, p.end))
    version = doc.sha256[:16]
    chunks: list[Chunk] = []
    for n, p in enumerate(pieces):
        sec = p.section
        statement = p.statement or (sec.quality_statement if sec else None)
        theme = sec.theme if sec and sec.theme else None
        if statement and theme is None:
            theme = theme_of(statement)
        chunks.append(Chunk(
            id=f"{doc.doc_id}:{version}:{n:05d}", doc_id=doc.doc_id, version=version, ordinal=n,
            text=text[p.start:p.end], start=p.start, end=p.end, token_count=packer.tokens(p.start, p.end),
            council=doc.council, kind=doc.kind, theme=theme, quality_statement=statement,
            statement_score=p.score if p.score is not None else score_of.get(statement or ""),
            heading_path=_heading_path(sec, p.subsection), section_id=sec.id if sec else None, unit=p.unit,
        ))
    return chunks
