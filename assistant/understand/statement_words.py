"""Statements named by their own words in another order or in part ("needs assessment", "safe transitions").

A run of two or more consecutive content words (small words such as "and", "of", "people's" may sit between)
whose stems all belong to one quality statement's name, and to no other's, names that statement. Stems are
word starts, so "assessment" reads as "assessing" and "partnership" as "partnerships"; single words are left
to the taxonomy's own wordings, as one word ("needs", "care") rarely names a statement alone.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.taxonomy import STATEMENTS

_STEM_LETTERS = 6
_BETWEEN = frozenset({"and", "of", "the", "to", "in", "for", "with", "people", "people's", "peoples", "s", "&"})
_WORD = re.compile(r"[a-z][a-z'\-]*")


def stem(word: str) -> str:
    """A word's start, after a possessive or plural ending: 'needs' and 'need' share it."""
    word = word.removesuffix("'s").rstrip("'")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:_STEM_LETTERS]


@cache
def _stems() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for s in STATEMENTS:
        words = {w for phrase in (s.name, *s.variants) for w in _WORD.findall(phrase.lower())}
        out[s.name] = frozenset(stem(w) for w in words if w not in _BETWEEN)
    return out


@cache
def _named() -> frozenset[str]:
    return frozenset().union(*_stems().values())


def _owner(stems: set[str]) -> str | None:
    owners = [name for name, own in _stems().items() if stems <= own]
    return owners[0] if len(owners) == 1 else None


Span = tuple[str, int, int, bool]  # statement, start, end, strong


def with_word_runs(low: str, phrases: list[Span]) -> list[Span]:
    """Phrase mentions with word runs added: a run replaces the phrases it overlaps when it is longer than each."""
    out = list(phrases)
    for name, start, end in word_mentions(low):
        over = [p for p in out if p[1] < end and start < p[2]]
        if all(p[2] - p[1] < end - start for p in over):
            out = [p for p in out if p not in over] + [(name, start, end, True)]
    return out


def word_mentions(low: str) -> list[tuple[str, int, int]]:
    """(statement, start, end) for each run of a statement's own words in `low` (normalised text)."""
    words = list(_WORD.finditer(low))
    found: list[tuple[str, int, int]] = []
    run: list[re.Match[str]] = []
    for m in [*words, None]:
        contiguous = m is not None and (not run or not low[run[-1].end():m.start()].strip())
        if m is not None and contiguous:
            run.append(m)
            continue
        found.extend(_in_run(run))
        run = [m] if m is not None else []
    return found


def _in_run(run: list[re.Match[str]]) -> list[tuple[str, int, int]]:
    """The longest sub-runs, left to right, that start and end on content words of one statement."""
    out: list[tuple[str, int, int]] = []
    words = [m.group() for m in run]
    stems = [stem(w) for w in words]
    named = _named()
    i = 0
    while i < len(run):
        # a content word of no statement's name ends every sub-run that could name one (a cost cut only)
        limit = next((k for k in range(i, len(run)) if words[k] not in _BETWEEN and stems[k] not in named),
                     len(run))
        for j in range(limit, i + 1, -1):
            if words[i] in _BETWEEN or words[j - 1] in _BETWEEN:
                continue
            content = {stems[k] for k in range(i, j) if words[k] not in _BETWEEN}
            if len(content) >= 2 and (name := _owner(content)) is not None:
                out.append((name, run[i].start(), run[j - 1].end()))
                i = j
                break
        else:
            i += 1
    return out
