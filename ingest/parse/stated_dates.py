"""A published date as precisely as the document states it: its opening lines, else its source note.

Exact dates ("16 August 2024") fill `published`; a month or a year alone ("March 2023", "2024") is kept as
stated in `published_as` (a month also fills `published` with its first day, for sorting), so a page never
shows more precision than the source gives. When the document states no date, two general fallbacks apply:

- in the document: a "Published … 2024" line or a "(2024)" in the title or a heading of its opening lines;
- its source note: a `SOURCES.md` beside the file with a markdown table whose header has a file column and
  a published (or date) column; the row naming the file gives the date.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ingest.parse.dates import MONTHS, parse_date
from ingest.parse.lines import Line

_YEAR = r"(?:19|20)\d{2}"
_MONTHS = rf"(?:{MONTHS})"  # matched with re.I
_PUBLISHED_LINE = re.compile(rf"\bpublished\b[^\n]{{0,40}}?\b((?:{_MONTHS}\s+)?{_YEAR})\b", re.I)
_HEADING_YEAR = re.compile(rf"\(({_YEAR})\)")
_SOURCE_NOTES = ("SOURCES.md", "sources.md", "Sources.md")
_MAX_NOTE_BYTES = 256 * 1024


def stated_date(stated: str) -> tuple[date | None, str | None]:
    """(exact date or first of the month, the wording to display when it is less precise than a day)."""
    stated = re.sub(r"\s+", " ", stated.strip())
    exact = parse_date(stated)
    if exact is not None and re.match(r"\d", stated):
        return exact, None
    if exact is not None:  # "March 2023" / "MARCH 2023"
        return exact, f"{exact:%B %Y}"
    if re.fullmatch(rf"(?:{_MONTHS}\s+)?{_YEAR}", stated, re.I):
        return None, stated
    return None, None


def date_in_opening(lines: list[Line], limit: int = 40) -> str | None:
    """A "Published … 2024" or a "(2024)" in the opening lines (title and headings), as stated."""
    opening = [ln.text for ln in lines if not ln.blank][:limit]
    for text in opening:
        m = _PUBLISHED_LINE.search(text)
        if m:
            return m.group(1)
    for text in opening:
        m = _HEADING_YEAR.search(text)
        if m and len(text) <= 200:  # a title or heading, not a paragraph citing an old report
            return m.group(1)
    return None


def _cells(row: str) -> list[str]:
    return [c.strip().strip("`*_ ").strip() for c in row.strip().strip("|").split("|")]


def date_in_source_note(path: Path) -> str | None:
    """The published date a `SOURCES.md` beside `path` gives for it, as written there."""
    for name in _SOURCE_NOTES:
        note = path.parent / name
        try:
            if not note.is_file() or note.stat().st_size > _MAX_NOTE_BYTES:
                continue
            text = note.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        header: list[str] | None = None
        for row in text.splitlines():
            if not row.strip().startswith("|"):
                header = None
                continue
            cells = [c.lower() for c in _cells(row)]
            if header is None:
                header = cells
                continue
            file_col = next((i for i, h in enumerate(header) if h in ("file", "filename", "file name")), None)
            date_col = next((i for i, h in enumerate(header) if h in ("published", "date", "publication date")), None)
            if file_col is None or date_col is None or len(cells) <= max(file_col, date_col):
                continue
            original = _cells(row)
            if original[file_col] == path.name and original[date_col]:
                return original[date_col]
    return None
