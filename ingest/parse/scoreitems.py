"""One score item and the statement a phrase names: what the list, table and prose readers of scores share.

Statements are matched tolerantly (`assistant.domain.statements`: CQC's names, their variants and the names
documents give them); a phrase naming only a theme keeps the theme, for its list to resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.statements import statement_named
from assistant.domain.taxonomy import STATEMENT_NAMES, match_statement_heading

NUM = r"(?:[1-4]|one|two|three|four)"
DASH = r"[‐‑‒–—―−⁃-]"  # every dash a list item separates its name from its score with (hyphen to minus sign)
_LEADING_STOP = {"and", "the", "of", "to", "in", "for", "a", "an"}  # never the first word of CQC's names
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
    """The statement the last words before `end` name (fewest words first), and where its name starts: where CQC's
    own name for it starts, when the words before a shorter name complete it ('supporting people to live
    healthier lives', not just 'healthier lives')."""
    head = text[:end]
    words = list(re.finditer(r"[A-Za-z’'-]+", head))
    stop = max((head.rfind(c) for c in "(.;:!?"), default=-1)
    usable = [w for w in reversed(words[-max_words:]) if w.start() > stop]
    for n, first in enumerate(usable):
        statement, _ = named(head[first.start():])
        if statement is None:
            continue
        full = [w.start() for w in usable[n + 1:] if w.group(0).lower() not in _LEADING_STOP
                and match_statement_heading(head[w.start():]) == statement]
        return statement, full[-1] if full else first.start()
    return None, -1
