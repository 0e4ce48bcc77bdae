"""Figures in a question: hypothetical scores ("if safeguarding rose to 3") and thresholds ("3 or more")."""

from __future__ import annotations

import re

from assistant.domain.taxonomy import STATEMENTS
from assistant.understand.lexicon import Mention, normalise_text


def what_if(text: str, mentions: list[Mention]) -> dict[str, int]:
    """Statement -> the hypothetical score the question gives it."""
    low = normalise_text(text)
    out: dict[str, int] = {}
    for m in mentions:
        after = low[m.end : m.end + 45]
        before = low[max(0, m.start - 25) : m.start]
        hit = re.match(
            r"\s*(?:score\s+)?(?:rose|rises|risen|increased|improved|went up|moved|was|were|"
            r"changed|dropped|fell|is|goes up|went)?\s*(?:to|at|=|of)?\s*(?:a\s+)?([1-4])(?![0-9])",
            after,
        )
        hit2 = re.search(r"(?<![\d.])([1-4])\s+(?:on|for|in)\s*$", before)
        if hit and re.search(r"[a-z]", after[: hit.start(1)]):
            out[m.statement] = int(hit.group(1))
        elif hit2:
            out[m.statement] = int(hit2.group(1))
    every = re.search(r"\b(?:all|every|each)\b[^?]{0,60}?\b(?:to|were|was|at)\s+([1-4])\b", low) or re.search(
        r"\b([1-4])\s+(?:on|for|in|across)\s+(?:everything|all|every|each|the board)\b", low
    )
    if every and not out:
        out = {s.name: int(every.group(1)) for s in STATEMENTS}
    return out


_NOT_A_QUANTITY = r"(?!\s*(?:%|per\b|percent|months?|weeks?|days?|years?|hours?|times|people|of\b))"


_THRESHOLD_TEXTS: list[tuple[str, str]] = [
    (r"\b([1-4])\s*(?:or|and)\s*(?:more|above|higher|over|better)|\b([1-4])\s*\+", ">="),
    (r"\bat least\s+(?:a\s+)?([1-4])\b", ">="),
    (r"\b([1-4])\s*(?:or|and)\s*(?:less|below|lower|under|fewer|worse)", "<="),
    (r"\bat most\s+([1-4])\b", "<="),
    (r"\b(?:more than|higher than|greater than|better than|above|over)\s+(?:a\s+)?([1-4])\b", ">"),
    (r"\b(?:less than|lower than|worse than|below|under|fewer than)\s+(?:a\s+)?([1-4])\b", "<"),
    (r"\b(?:scored|score of|scoring|score|got|get|gets|receive[ds]?|achieved?)\s+(?:a\s+|any\s+)?([1-4])\b", "=="),
    (r"\bany\s+([1-4])s\b", "=="),
]
_THRESHOLDS = [(re.compile(pat + _NOT_A_QUANTITY if pat.endswith(r"\b") else pat), comp)
               for pat, comp in _THRESHOLD_TEXTS]


def threshold(text: str) -> tuple[int | None, str | None]:
    """A score threshold and its comparison ("3 or more" -> (3, ">=")), if any."""
    low = text.lower()
    for pattern, comp in _THRESHOLDS:
        m = pattern.search(low)
        if m:
            value = next(g for g in m.groups() if g)
            return int(value), comp
    return None, None
