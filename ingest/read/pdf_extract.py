"""Child-process PDF extraction: encryption and page checks (pypdf), then lines and table rows (pdfplumber).

Each page becomes a list of [text, font size, is_row] in reading order: text lines outside tables with the
largest font size on the line, and one 'cell | cell' row per table row (a cell's wrapped lines joined), so
a statement name wrapping inside its cell stays with its score.
"""

from __future__ import annotations

import re
from typing import Any

Line = tuple[str, float, bool]


def _check(path: str, max_pages: int) -> dict[str, object] | None:
    """An error result for an encrypted, corrupt or over-long PDF; None when it may be read."""
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
    return None


def _cell(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _page_lines(page: Any) -> list[Line]:
    """A page's text lines and table rows, top to bottom."""
    tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
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


def extract(path: str, max_pages: int) -> dict[str, object]:
    """Every page's lines, or {"error": ...} for an encrypted, corrupt or over-long PDF."""
    refused = _check(path, max_pages)
    if refused is not None:
        return refused
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(path) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(_page_lines(page))
                page.close()
            return {"pages": pages}
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return {"error": "encrypted PDF (password required); save an unprotected copy and ingest that"}
    except MemoryError:
        return {"error": "PDF extraction ran out of memory (possible decompression bomb)"}
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return {"error": f"corrupt PDF ({type(exc).__name__}: {str(exc)[:160]})"}
