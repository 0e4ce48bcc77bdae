"""Misspelt framework words in a question: corrected to the nearest word the rules know, and reported.

A word is corrected only when it is neither an English word nor a known framework word, and exactly one
framework word is within a few typos of it (same first letter). The rules then read the corrected
question, so a misspelling never changes what kind of question it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from assistant.domain.taxonomy import STATEMENTS
from assistant.understand.lexicon import TOPIC_HINTS

MIN_LETTERS = 4  # shorter words are left alone ("wat", "hw")
EDIT_CHARS = 5  # one typo allowed per this many letters (at least one)

# Words the question rules key on beyond the statement names: kinds, ratings, documents.
CUE_WORDS: tuple[str, ...] = (
    "score", "scores", "scored", "scoring", "rating", "ratings", "rated", "overall", "judgement", "improve",
    "improvement", "improvements", "practice", "practise", "compare", "comparison", "versus", "better", "worse",
    "highest", "lowest", "percentage", "outstanding", "inadequate", "requires", "good", "inspectors", "inspection",
    "assessment", "assessments", "assessed", "council", "councils", "safeguarding", "statement", "statements",
    "quality", "theme", "themes", "leadership", "recommendations", "shortfalls", "weaknesses", "strengths",
    "findings", "evidence", "report", "please", "improving", "improved", "weakness", "strength", "shortcomings",
    "problems", "concerns", "criticise", "criticised", "development", "waiting",
)
_WORD = re.compile(r"(?<![A-Za-z'’])[A-Za-z]+(?![A-Za-z'’])")  # possessives ("council's") are left as written


@dataclass(frozen=True)
class Correction:
    """One corrected word: where it was, as written, and as read."""

    start: int
    end: int
    written: str
    read: str


@cache
def english_words() -> frozenset[str]:
    """English words that are never corrected (the register's word list, when shipped)."""
    try:
        text = resources.files("assistant.domain").joinpath("data/english_words.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


@cache
def vocabulary() -> frozenset[str]:
    """Framework words a misspelling may be corrected to."""
    phrases: list[str] = list(CUE_WORDS)
    for s in STATEMENTS:
        phrases += [s.name, *s.variants, *s.everyday]
    for hints in TOPIC_HINTS.values():
        phrases += list(hints)
    words = {w for p in phrases for w in re.findall(r"[a-z]+", p.lower())}
    return frozenset(w for w in words if len(w) >= MIN_LETTERS)


@lru_cache(maxsize=4096)
def _nearest(word: str, protected: frozenset[str]) -> str | None:
    """The one framework word this word is a misspelling of, if clearly one."""
    low = word.lower()
    if len(low) < MIN_LETTERS or low in vocabulary() or low in english_words() or low in protected:
        return None
    typos = max(1, len(low) // EDIT_CHARS)
    best: list[tuple[int, str]] = []
    for cand in vocabulary():
        if cand[0] != low[0] or abs(len(cand) - len(low)) > typos:
            continue
        d = OSA.distance(low, cand, score_cutoff=typos)
        if d <= typos:
            best.append((d, cand))
    if not best:
        return None
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None  # two framework words equally near: not clearly either
    return best[0][1]


_PAIR = re.compile(r"(?<![A-Za-z'’])([A-Za-z]{3,})[ -]([A-Za-z]{3,})(?![A-Za-z'’])")
MIN_JOINED = 9  # a framework word written as two ("safe guarding") is at least this long


def _split_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, framework word) for a framework word written as two words ("safe guarding")."""
    out: list[tuple[int, int, str]] = []
    for i in range(len(text)):
        m = _PAIR.match(text, i)
        if m is None or (out and i < out[-1][1]) or (i and text[i - 1].isalpha()):
            continue
        joined = (m.group(1) + m.group(2)).lower()
        if len(joined) >= MIN_JOINED and joined in vocabulary():
            out.append((m.start(), m.end(), joined))
    return out


def correct(text: str, protected: frozenset[str] = frozenset()) -> tuple[str, list[Correction]]:
    """The text with misspelt framework words corrected (`protected` words, e.g. place names, are kept)."""
    out: list[str] = []
    fixes: list[Correction] = []
    last = 0
    joins = _split_words(text)
    events = [(a, b, w) for a, b, w in joins]
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b, _ in joins):
            continue
        read = _nearest(m.group(0), protected)
        if read is not None:
            events.append((m.start(), m.end(), read))
    for start, end, read in sorted(events):
        out.append(text[last:start])
        out.append(read)
        fixes.append(Correction(start, end, text[start:end], read))
        last = end
    out.append(text[last:])
    return "".join(out), fixes
