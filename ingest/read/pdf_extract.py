"""Child-process PDF extraction: checks and text lines with pypdf; ruled tables with pdfplumber.

Each page becomes a list of [text, font size, is_row] in reading order: text lines with the largest font size
on the line. pypdf reads every page (fast); a page whose content stream draws enough rules to hold a table is
read again with pdfplumber (about ten times slower), and when it finds a table there, that page's lines come
from pdfplumber with one 'cell | cell' row per table row (a cell's wrapped lines joined), so a statement name
wrapping inside its cell stays with its score.
"""

from __future__ import annotations

import re
from typing import Any

Line = tuple[str, float, bool]
_RULE = re.compile(rb"(?:\sre|\sl)\s")  # rectangle and line-to operators: table borders and cell rules
_MIN_RULES = 6


def _pypdf_lines(page: Any) -> list[Line]:
    """A page's text lines, each with the largest effective font size used on it (pypdf)."""
    lines: list[Line] = []
    parts: list[str] = []
    size = 0.0

    def flush() -> None:
        nonlocal size, parts
        if "".join(parts).strip():
            lines.append(("".join(parts), round(size, 1), False))
        parts, size = [], 0.0

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        nonlocal size
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        pieces = text.split("\n") if text else []
        for i, piece in enumerate(pieces):
            if piece.strip():
                parts.append(piece)
                size = max(size, font_size * scale)
            if i < len(pieces) - 1:
                flush()

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _may_hold_table(page: Any) -> bool:
    """Whether the page's content stream draws enough rectangles or lines to rule a table."""
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception:  # an unreadable stream: let pdfplumber decide
        return True
    return len(_RULE.findall(data, 0, 4_000_000)) >= _MIN_RULES


def _check(path: str, max_pages: int) -> dict[str, object] | Any:
    """An error result for an encrypted, corrupt or over-long PDF; else the opened pypdf reader."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except (DependencyError, NotImplementedError, PdfReadError):
                opened = False
            if not opened:
                return {"error": "encrypted PDF (password required); save an unprotected copy and ingest that",
                        "code": "bad_input"}
        count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return {"error": f"corrupt PDF ({type(exc).__name__}: {str(exc)[:160]})"}
    if count > max_pages:
        return {"error": f"PDF has {count} pages, over the {max_pages}-page limit", "code": "too_large"}
    return reader


def _cell(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _tables(page: Any) -> list[Any]:
    """pdfplumber's tables on a page with at least two columns (a lone ruled box is not a table)."""
    return [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]


def _page_lines(page: Any, tables: list[Any]) -> list[Line]:
    """A page's text lines and table rows, top to bottom (pdfplumber)."""
    placed: list[tuple[float, float, Line]] = []
    rest = page
    for table in tables:
        x0, top, x1, bottom = table.bbox
        try:
            rest = rest.outside_bbox((x0, top, x1, bottom))
        except ValueError:  # a table reaching outside the page box
            continue
        for n, cells in enumerate(table.extract()):
            row = " | ".join(c for c in (_cell(c) for c in cells) if c)
            if row:
                placed.append((top, n, (row, 0.0, True)))
    for line in rest.extract_text_lines(return_chars=True):
        text = line["text"]
        if text.strip():
            size = max((float(c.get("size", 0.0)) for c in line["chars"]), default=0.0)
            placed.append((float(line["top"]), 0, (text, round(size, 1), False)))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [line for _, _, line in placed]


def _tabled_pages(path: str, numbers: list[int]) -> dict[int, list[Line]]:
    """pdfplumber's lines for the given pages that hold at least one table."""
    if not numbers:
        return {}
    import pdfplumber

    found: dict[int, list[Line]] = {}
    with pdfplumber.open(path) as pdf:
        for n in numbers:
            page = pdf.pages[n]
            tables = _tables(page)
            if tables:
                found[n] = _page_lines(page, tables)
            page.close()
    return found


def extract(path: str, max_pages: int) -> dict[str, object]:
    """Every page's lines, or {"error": ...} for an encrypted, corrupt or over-long PDF."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pypdf.errors import PdfReadError

    reader = _check(path, max_pages)
    if isinstance(reader, dict):
        return reader
    try:
        pages = [_pypdf_lines(page) for page in reader.pages]
        tabled = _tabled_pages(path, [n for n, page in enumerate(reader.pages) if _may_hold_table(page)])
        return {"pages": [tabled.get(n, lines) for n, lines in enumerate(pages)]}
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return {"error": "encrypted PDF (password required); save an unprotected copy and ingest that"}
    except MemoryError:
        return {"error": "PDF extraction ran out of memory (possible decompression bomb)"}
    except (PdfReadError, PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError,
            IndexError) as exc:
        return {"error": f"corrupt PDF ({type(exc).__name__}: {str(exc)[:160]})"}
