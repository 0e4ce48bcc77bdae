"""PDF -> text, extracted in a subprocess under a wall-clock and address-space limit.

pdfplumber runs in a child process (`sandbox`, `pdf_extract`) so a malicious or broken PDF (decompression
bomb, pathological object graph) can exhaust only the child's memory limit or time budget, never the server.
Extracted lines are re-joined into paragraphs separated by blank lines; table rows stay one line each.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import BadInputError
from ingest.read.sandbox import run_limited

if TYPE_CHECKING:
    from assistant.settings import Settings

_CONTINUES = re.compile(r"([,;:–—-]|\b(?:and|or|of|the|for|to|with|in|on|a|an|by|from))$", re.I)
_BLOCK_START = re.compile(r"^(#{1,6} |[•\-*] |\d+[.)] )")
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’")
Line = tuple[str, float, bool]  # text, font size, is a table row


def pdf_to_text(path: Path, settings: Settings) -> str:
    """Extract a PDF's text in a limited subprocess and rebuild its paragraphs and table rows."""
    cfg = settings.ingest
    result = run_limited("pdf", path, timeout_s=cfg.pdf_timeout_s, memory_mb=cfg.pdf_memory_mb,
                         args=(str(cfg.max_pdf_pages),))
    pages = [[(str(t), round(float(size), 1), bool(row)) for t, size, row in page] for page in result["pages"]]
    body = body_size(pages)
    levels = heading_levels(pages, body)
    text = "\n\n".join(p for p in (rebuild_page(page, body, levels) for page in pages) if p)
    if not text.strip():
        raise BadInputError(f"{path.name}: empty document (PDF has no extractable text; scanned images?)")
    return text + "\n"


def body_size(pages: list[list[Line]]) -> float:
    """The font size carrying most characters (table rows aside): the body text size."""
    weight: dict[float, int] = {}
    for page in pages:
        for text, size, row in page:
            if not row:
                weight[size] = weight.get(size, 0) + len(text)
    return max(weight, key=lambda k: weight[k]) if weight else 0.0


def rebuild_page(lines: list[Line], body: float, levels: dict[float, int]) -> str:
    """Join wrapped lines into paragraphs; lines set larger than the body become '#' headings; a table's
    rows form one block, a row a line."""
    cleaned = [(re.sub(r"\s+", " ", t).strip(), size, row) for t, size, row in lines]
    cleaned = [(t, size, row) for t, size, row in cleaned if t]
    if not cleaned:
        return ""
    prose = [len(t) for t, size, row in cleaned if size not in levels and not row]
    width = max(prose) if prose else 80
    blocks: list[str] = []
    current: list[str] = []
    current_size = -1.0
    rows: list[str] = []
    for line, size, row in cleaned:
        if row:
            if current:
                blocks.append(_emit(current, current_size, levels))
                current = []
            rows.append(line)
            continue
        if rows:
            blocks.append("\n".join(rows))
            rows = []
        heading = size in levels
        if current:
            prev = current[-1]
            same_heading = (heading and size == current_size and len(current) < 3
                            and (line[:1].islower() or bool(_CONTINUES.search(prev))))
            wrapped = (not heading and current_size not in levels and len(prev) >= 0.6 * width
                       and not prev.endswith(_TERMINAL) and not _BLOCK_START.match(line))
            if same_heading or wrapped:
                current.append(line)
                continue
            blocks.append(_emit(current, current_size, levels))
        current, current_size = [line], size
    if current:
        blocks.append(_emit(current, current_size, levels))
    if rows:
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks)


def _emit(lines: list[str], size: float, levels: dict[float, int]) -> str:
    text = " ".join(lines)
    return "#" * levels[size] + " " + text if size in levels else text


def heading_levels(pages: list[list[Line]], body: float) -> dict[float, int]:
    """Font sizes clearly above the body size, largest first, as heading levels 1-6."""
    sizes = sorted({size for page in pages for t, size, row in page if size >= body * 1.15 and t.strip() and not row},
                   reverse=True)
    return {size: min(i + 1, 6) for i, size in enumerate(sizes)}
