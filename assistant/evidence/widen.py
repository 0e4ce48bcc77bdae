"""Passages cut mid-sentence by chunking (a rating or score line is a chunk of its own, so the sentence that
states it can be split across three chunks) widened to whole sentences of the stored text, so no fragment
("...has rated Kent County Council as", ", in how well they are meeting...") is scored or cited."""

from __future__ import annotations

from assistant.domain.sentences import sentence_spans
from assistant.evidence.doccache import DocCache
from assistant.models.questions import Passage

REACH = 400  # characters a passage may grow at either end


def _cut_at(text: str, at: int) -> tuple[int, int] | None:
    """The sentence of text that `at` falls strictly inside, if any (its start and end)."""
    for a, b in sentence_spans(text, max(0, at - REACH), min(len(text), at + REACH)):
        if a < at < b:
            return a, b
    return None


def _open(before: str) -> bool:
    """Whether a boundary after this text may fall inside a sentence (not at a line break or a sentence end)."""
    return bool(before.strip()) and not before.endswith("\n") and before.rstrip()[-1:] not in ".!?:"


def whole_sentences(p: Passage, docs: DocCache) -> Passage:
    """The passage with a sentence cut at its start or end completed from the document's stored text."""
    if p.doc_id not in docs.records:
        return p
    text = docs.text(p.doc_id)
    if text[p.start : p.end] != p.text:
        return p  # not a plain slice of the stored text: leave it as it is
    first = _cut_at(text, p.start) if _open(text[max(0, p.start - 3) : p.start]) else None
    same_line = text[p.end : p.end + 80].split("\n", 1)[0]
    last = _cut_at(text, p.end) if same_line.strip() and _open(p.text) else None
    start = first[0] if first and p.start - first[0] <= REACH else p.start
    end = last[1] if last and last[1] - p.end <= REACH else p.end
    if (start, end) == (p.start, p.end):
        return p
    return p.model_copy(update={"start": start, "end": end, "text": text[start:end]})
