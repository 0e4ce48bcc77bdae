"""Lines of a document's text with offsets, and the line patterns every parser shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.taxonomy import match_statement_heading

SCORE_LINE = re.compile(r"^(?:#{1,6}\s*)?(?:indicative\s+)?score\b\s*:?\s*(?P<digit>[1-4])?\b", re.I)
WORDING_LINE = re.compile(  # '3 - Evidence shows …', '3 Evidence shows …' (a score badge), '3 of 4 – Evidence …'
    r"^(?P<digit>[1-4])(?:\s*(?:of|out of)\s*4)?\s*(?:[-–—:]\s*)?(?P<wording>evidence shows[^\n]*?)\s*\.?$", re.I)
RATING_LINE = re.compile(
    r"^(?:#{1,6}\s*)?(?:\*\*)?(?P<rating>Outstanding|Good|Requires improvement|Inadequate)\b(?:\*\*)?"
    r"\s*(?:$|[:\-–—]\s*(?P<wording>.*?)\s*$)", re.I)
BULLET = re.compile(r"^\s*(?:[•●▪◦\-*]|\d{1,2}[.)])\s+")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TRAILING_SCORE = re.compile(
    r"\s*[-–—:|(]?\s*(?:(?:indicative\s+)?score\b\s*:?\s*[1-4]\b|[1-4]\s*[-–—:]\s*evidence shows\b).*$", re.I)


@dataclass(frozen=True)
class Line:
    """One line of the stored text with its offsets."""

    index: int
    start: int
    end: int  # excludes the newline
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def split_lines(text: str) -> list[Line]:
    """Every line of the text with character offsets."""
    lines: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(i, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def heading_text(line: str) -> str:
    """A heading line without markdown markers or emphasis."""
    m = MD_HEADING.match(line.strip())
    s = m.group(2) if m else line.strip()
    return re.sub(r"^\*\*(.*)\*\*$", r"\1", s).strip()


def label_start(line: Line) -> int:
    """Offset of the first character of a line's words, after '#', bullet and emphasis markers."""
    m = re.match(r"^\s*(?:#{1,6}\s+|(?:[•●▪◦\-*]|\d{1,2}[.)])\s+)?(?:\*\*)?", line.raw)
    return line.start + (m.end() if m else 0)


_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>", re.S)


def mask_markup(text: str) -> str:
    """The text with HTML comments and stray tags blanked out (same length, newlines kept), for matching only."""
    return _MARKUP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def statement_line(text: str) -> str | None:
    """The statement a line names on its own: 'Assessing Needs', 'Theme 1: Safeguarding', 'Safeguarding Score: 3'."""
    bare = _TRAILING_SCORE.sub("", text).strip(" *:-–—|")
    bare = re.sub(r"^theme\s*(?:\d|one|two|three|four)\s*[:.\-–]\s*", "", bare, flags=re.I)
    return match_statement_heading(bare) if bare else None
