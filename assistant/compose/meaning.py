"""Second steps of extractive composition: the best-scored candidates re-ranked by meaning (sentence
embeddings against the question) and a list's lead-in quoted with its items ("To support carers we will:
- complete a respite review - ...") so a listed answer is not cut to one bullet.
"""

from __future__ import annotations

import re

from assistant.compose.leaning import lean_factor, leanings
from assistant.compose.rank import ANAPHOR, Sentence
from assistant.domain.sentences import sentence_spans
from assistant.evidence.citations import DocCache
from assistant.evidence.text import sentence_spans as sentence_cuts
from assistant.models.questions import QuestionAnalysis

MEANING_CANDIDATES = 5  # sentences embedded per question at most (cached by text): bounds the latency
LEAN_CANDIDATES = 24  # sentences weighed by their lean (shortfall or practice) per question at most
_ITEM = re.compile(r"[ \t]*(?:[-•●▪◦*+]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])[ \t]+")


def _context(s: Sentence, previous: dict[int, str]) -> str:
    """The sentence as embedded: with the sentence before it when it opens with 'This/Its/Of these...'."""
    before = previous.get(id(s), "")
    return f"{before} {s.text}" if before and ANAPHOR.match(s.text) else s.text


def _previous_texts(scored: list[Sentence]) -> dict[int, str]:
    """Each candidate's preceding candidate in the same chunk, by the candidate's id."""
    previous: dict[int, str] = {}
    last: dict[str, Sentence] = {}
    for s in scored:
        if (o := last.get(s.passage.chunk_id)) is not None:
            previous[id(s)] = o.text
        last[s.passage.chunk_id] = s
    return previous


def as_embedded(s: Sentence) -> str:
    """A sentence as `embedded_sentences` gives it for its passage (so its saved vector is read, not embedded)."""
    if not ANAPHOR.match(s.text):
        return s.text
    local = s.start - s.passage.start
    before = [s.passage.text[a:b] for a, b in sentence_cuts(s.passage.text) if a < local]
    return f"{before[-1]} {s.text}" if before else s.text


def embedded_sentences(text: str) -> list[str]:
    """Every candidate sentence of a passage's text as `rerank_by_meaning` embeds it (`_context`), in order:
    what the index saves vectors of (`assistant.retrieve.sentences`)."""
    sentences = [text[a:b] for a, b in sentence_cuts(text)]
    befores = ["", *sentences][: len(sentences)]
    return [f"{b} {s}" if b and ANAPHOR.match(s) else s for b, s in zip(befores, sentences, strict=True)]


def rerank_by_meaning(analysis: QuestionAnalysis, scored: list[Sentence], docs: DocCache) -> list[Sentence]:
    """Scores of the leading candidates scaled by their similarity to the question (others by the lowest)."""
    if docs.meaning is None or not scored:
        return scored
    ranked = sorted((s for s in scored if s.score > 0 and s.coverage > 0), key=lambda s: -s.score)
    if len(ranked) < 2:
        return scored
    top = [s for s in ranked[:MEANING_CANDIDATES] if s.score >= 0.5 * ranked[0].score]
    if len(top) < 2 or top[0].score >= 1.6 * top[1].score:
        return scored  # nothing close enough to the best for meaning to change the choice
    previous = _previous_texts(scored)
    sims = docs.meaning.similarities(analysis.standalone or analysis.question, [_context(s, previous) for s in top])
    floor = max(0.0, min(sims))
    chosen = {id(s): max(0.0, sim) for s, sim in zip(top, sims, strict=True)}
    for s in scored:
        s.score *= 0.6 + chosen.get(id(s), floor)
    return scored


def weigh_by_lean(scored: list[Sentence], docs: DocCache, towards_shortfall: bool) -> list[Sentence]:
    """The leading candidates' scores scaled by how far each reads, by meaning, as a shortfall (improvement) or a
    practice (good practice, what went well); the rest by the lowest factor given, so none overtakes them."""
    if docs.meaning is None:
        return scored
    top = sorted((s for s in scored if s.score > 0 and s.coverage > 0), key=lambda s: -s.score)[:LEAN_CANDIDATES]
    if len(top) < 2:
        return scored
    previous = _previous_texts(scored)
    factors = {id(s): lean_factor(lean, towards_shortfall)
               for s, lean in zip(top, leanings(docs.meaning, [_context(s, previous) for s in top]), strict=True)}
    floor = min(factors.values())
    for s in scored:
        s.score *= factors.get(id(s), floor)
    return scored


def _list_span(text: str, lo: int, hi: int, start: int, end: int, heading: str) -> tuple[int, int] | None:
    """Span of a lead-in ending with ':' and its list items around [start, end), within text[lo:hi]."""
    spans = sentence_spans(text, lo, hi)
    items = [bool(_ITEM.match(text, text.rfind("\n", 0, a) + 1)) for a, _ in spans]
    idx = next((i for i, (a, b) in enumerate(spans) if a <= start < b or start <= a < end), None)
    if idx is None:
        return None
    lead = idx
    while items[lead] and lead > 0:
        lead -= 1
    a, b = spans[lead]
    if lead == 0 and items[0] and heading.rstrip().endswith(("?", ":")):
        lead = -1  # the list opens the passage: its heading ("What are our plans...?") is the lead-in
    elif items[lead] or not text[a:b].rstrip().endswith(":") or lead + 1 >= len(spans) or not items[lead + 1]:
        return None
    a = spans[lead + 1][0] if lead < 0 else a
    last = lead + 1
    while last + 1 < len(spans) and items[last + 1] and last - lead < 8:
        last += 1
    return (a, spans[last][1]) if spans[last][1] - a <= 1500 else None


def extend_lists(picked: list[Sentence], docs: DocCache) -> list[Sentence]:
    """A picked lead-in or list item widened to the lead-in and all its items (one citation); a lead-in
    whose items cannot be found is dropped (it says nothing alone)."""
    out: list[Sentence] = []
    for s in picked:
        p = s.passage
        text = docs.text(p.doc_id) if p.doc_id in docs.records else p.text
        base = 0 if text is not p.text else p.start
        heading = p.heading_path[-1] if p.heading_path else ""
        found = _list_span(text, p.start - base, min(len(text), p.end - base + 1500), s.start - base,
                           s.end - base, heading)
        start, end = (found[0] + base, found[1] + base) if found else (s.start, s.end)
        if found is None and s.text.rstrip().endswith(":"):
            continue
        if any(o.passage.doc_id == p.doc_id and o.start < end and start < o.end for o in out):
            continue
        shown = text[start - base : end - base]
        out.append(Sentence(p, s.rank, start, end, shown, s.score, s.coverage))
    return out
