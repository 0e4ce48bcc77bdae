"""Number words: the project's one table of 'zero'..'twenty' and conversions both ways."""

from __future__ import annotations

import re

WORDS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)
VALUES: dict[str, int] = {w: i for i, w in enumerate(WORDS)}
WORD_PATTERN = "|".join(sorted(WORDS, key=len, reverse=True))  # for regular expressions, longest first


def word_to_int(word: str) -> int | None:
    """'two' / 'Two' / '2' / 'twenty-one' -> int; None when it is not a number."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    parts = [p for p in re.split(r"[- ]+", w) if p]
    if len(parts) == 2 and parts[0] == "twenty" and parts[1] in VALUES and 0 < VALUES[parts[1]] < 10:
        return 20 + VALUES[parts[1]]
    return VALUES.get(w)


def int_to_word(value: int) -> str:
    """0..20 -> 'zero'..'twenty'; other numbers as digits."""
    return WORDS[value] if 0 <= value < len(WORDS) else str(value)
