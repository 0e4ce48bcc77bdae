"""The column a sentence sits in when a two-column table was flattened to "left | right" lines (a self-assessment's
"What we are proud of | What we need to improve", a report's "Strengths | Areas for development"): the header row's
cell above it says whether the sentence is a strength or a shortfall, as a section heading would.
"""

from __future__ import annotations

import re

_CELL_BAR = " | "
_MAX_HEADER_WORDS = 8
_MAX_ROWS_UP = 40  # lines looked at above a sentence for its table's header row


def _two_cells(line: str) -> tuple[str, str] | None:
    """The two cells of a flattened two-column row ("a | b"); None for any other line."""
    stripped = line.strip()
    if stripped.startswith("|") or stripped.count("|") != 1 or _CELL_BAR not in stripped:
        return None
    left, right = (c.strip() for c in stripped.split("|"))
    return (left, right) if left and right else None


def _is_header(cells: tuple[str, str]) -> bool:
    """Whether a two-cell row reads as column headings: short cells, no sentence in them."""
    return all(len(c.split()) <= _MAX_HEADER_WORDS and not re.search(r"[.;]\s|[.;]$|\d", c) for c in cells)


def column_heading(text: str, start: int) -> str | None:
    """The header cell of the column the sentence at `start` sits in, when its line is a row of a flattened
    two-column table under a header row; None otherwise (and for the header row itself)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    cells = _two_cells(line)
    if cells is None or _is_header(cells):
        return None
    column = 0 if start < line_start + line.index("|") else 1
    lines = text[max(0, line_start - 6000):line_start].split("\n")[::-1][:_MAX_ROWS_UP]
    for above in lines:
        if not above.strip():
            continue  # rows of such tables are often a blank line apart
        row = _two_cells(above)
        if row is None:
            return None  # the table ended before a header row was found
        if _is_header(row):
            return row[column]
    return None


def is_header_row(sentence: str) -> bool:
    """Whether a sentence is a two-column table's header row ("What we are proud of | What we need to improve"):
    headings, never an answer."""
    cells = _two_cells(sentence)
    return cells is not None and _is_header(cells)
