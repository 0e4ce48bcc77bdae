"""Case-insensitive patterns of lower-case words run as case-sensitive ones over lower-cased text.

Python's `re.IGNORECASE` folds every character it compares, which makes a long alternation of cue words
(`assistant.compose.cues`) three to four times slower than the same pattern run without the flag over the
text lower-cased once. The two read a text alike when lower-casing keeps every offset and no character
outside ASCII can match an ASCII letter: `str.lower` lengthens only U+0130, and the only characters outside
ASCII that IGNORECASE matches to an ASCII letter are those of `ODD_CASES` (a test checks every one). A text
holding one of them is read by the case-insensitive pattern, as before.
"""

from __future__ import annotations

import re

# the only characters outside ASCII that re.IGNORECASE matches to an ASCII letter (U+0130 also lengthens in lower())
ODD_CASES = "\u0130\u0131\u017f\u212a"
_UPPER_LITERAL = re.compile(r"(?<!\\)(?:\\\\)*[A-Z]")  # an upper-case letter that is not an escape's (\b, \S, \W)


def lowered(text: str) -> str | None:
    """The text lower-cased, when a `CaseBlind` pattern reads it exactly as its case-insensitive twin reads the
    text; None when it holds a character of ODD_CASES."""
    if any(c in text for c in ODD_CASES):
        return None
    return text.lower()


class CaseBlind:
    """A pattern matched case-insensitively: over lower-cased text when that is exact (`lowered`), else as
    compiled with re.IGNORECASE. The pattern must name no upper-case letter (escapes apart)."""

    def __init__(self, pattern: str) -> None:
        if _UPPER_LITERAL.search(pattern):
            raise ValueError(f"a CaseBlind pattern holds an upper-case letter: {pattern[:60]!r}")
        self.ignorecase = re.compile(pattern, re.I)
        self.plain = re.compile(pattern)

    @classmethod
    def folded(cls, pattern: str) -> CaseBlind:
        """A CaseBlind of a case-insensitive pattern written with capitals ("This|The"): its letters lower-cased
        (escapes apart), which IGNORECASE reads alike; a class range with a capital end ("[A-z]") is refused."""
        if re.search(r"[A-Z]-|-[A-Z]", pattern):
            raise ValueError(f"a pattern with a capital range end cannot be folded: {pattern[:60]!r}")
        return cls(re.sub(r"\\.|[A-Z]+", lambda m: m.group() if m.group().startswith("\\") else m.group().lower(),
                          pattern))

    def search(self, text: str, low: str | None) -> bool:
        """Whether the text holds a match (`low`: its `lowered` form, None to read the text itself)."""
        return (self.plain.search(low) if low is not None else self.ignorecase.search(text)) is not None

    def findall(self, text: str, low: str | None) -> list[str]:
        """`findall` over the text (`low`: its `lowered` form, None to read the text itself); the matches are
        lower-cased when read from `low`."""
        return self.plain.findall(low) if low is not None else self.ignorecase.findall(text)

    def count(self, text: str, low: str | None) -> int:
        """How many non-overlapping matches the text holds."""
        return len(self.findall(text, low))

    def blank(self, text: str, low: str | None) -> tuple[str, str | None]:
        """The text and its lowered form with every match replaced by one space (offsets shift alike in both)."""
        if low is None:
            return self.ignorecase.sub(" ", text), None
        blanked = self.plain.sub(" ", low)
        return blanked, blanked
