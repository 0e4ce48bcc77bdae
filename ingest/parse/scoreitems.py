"""One score item and the statement a phrase names: what the list, table and prose readers of scores share.

Statements are matched tolerantly (`assistant.domain.statements`: CQC's names, their variants and the names
documents give them); a phrase naming only a theme keeps the theme, for its list to resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.statements import statement_named
from assistant.domain.taxonomy import STATEMENT_NAMES

NUM = r"(?:[1-4]|one|two|three|four)"
DASH = r"[‐‑‒–—―−⁃-]"  # every dash a list item separates its name from its score with (hyphen to minus sign)
_STEM_STOP = {"how", "it", "its", "the", "and", "of", "to", "in", "a", "an", "for", "with", "people", "council"}


@dataclass
class Item:
    """A name and a score found on one line (or in one sentence), before the list's themes are resolved."""

    name: str
    statement: str | None
    theme: str | None
    score: int
    start: int
    end: int
    line: int


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _STEM_STOP}


def named(name: str) -> tuple[str | None, str | None]:
    """(statement, theme) a phrase names: tolerant match, else every stem of one statement's name present."""
    clean = name.strip(" ‘’'\"“”*")
    found = statement_named(clean)
    if found is not None:
        return found.statement, found.theme
    words = clean.split()
    for n in range(len(words) - 1, 0, -1):  # 'partnerships and communities, one of its strongest areas'
        found = statement_named(" ".join(words[:n]))
        if found is not None and found.statement is not None:
            return found.statement, None
    stems = _stems(clean)
    hits = [s for s in STATEMENT_NAMES if (key := _stems(s)) and len(key) >= 2 and key <= stems]
    return (hits[0], None) if len(hits) == 1 and len(stems) <= 8 else (None, None)


def name_before(text: str, end: int, max_words: int = 8) -> tuple[str | None, int]:
    """The statement the last words before `end` name (fewest words first), and where its name starts."""
    head = text[:end]
    words = list(re.finditer(r"[A-Za-z’'-]+", head))
    stop = max((head.rfind(c) for c in "(.;:!?"), default=-1)
    for n in range(1, min(max_words, len(words)) + 1):
        first = words[-n]
        if first.start() <= stop:
            break
        statement, _ = named(head[first.start():])
        if statement is not None:
            return statement, first.start()
    return None, -1
