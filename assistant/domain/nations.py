"""Places that are no council CQC assesses: councils outside England (``data/outside_england.txt``), whose naming
puts a question out of scope and which tolerant matching never reads as an English council, and the English
districts and other places of ``data/other_places.txt`` ("South Derbyshire" is not Derbyshire)."""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.datafiles import data_lines


@cache
def outside_england() -> tuple[str, ...]:
    """Names of the Welsh, Scottish and Northern Irish councils, as in the data file."""
    return tuple(data_lines("outside_england.txt"))


@cache
def other_places() -> frozenset[str]:
    """Lower-case names of English places that are no council with adult social care duties."""
    return frozenset(s.lower() for s in data_lines("other_places.txt"))


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(outside_england(), key=len, reverse=True)
    parts = (r"[\s,-]+".join(re.escape(w) for w in re.split(r"[\s,-]+", n)) for n in names)
    return re.compile(r"(?i)(?<![\w-])(" + "|".join(parts) + r")(?![\w-])")


def councils_outside_england(text: str) -> list[tuple[str, int, int]]:
    """The non-English councils a text names (whole words, any case): (name, start, end) in order."""
    return [(" ".join(m.group(1).split()).title(), m.start(), m.end()) for m in _pattern().finditer(text)]
