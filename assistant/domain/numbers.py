"""Number words: the one table of the words zero..twenty and their values, both ways."""

from __future__ import annotations

_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)
_VALUES = {w: i for i, w in enumerate(_WORDS)}


def word_to_int(word: str) -> int | None:
    """The value of a number word ('Seven' -> 7), or None for any other word."""
    return _VALUES.get(word.strip().lower())


def int_to_word(n: int) -> str:
    """A count as a word ('seven') for zero..twenty, in digits otherwise."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
