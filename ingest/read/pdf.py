"""PDF -> text, extracted in a subprocess under a wall-clock and address-space limit.

pypdf runs in a child process so a malicious or broken PDF (decompression bomb, pathological
object graph) can exhaust only the child's memory limit or time budget, never the server.
Extracted lines are re-joined into paragraphs separated by blank lines.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import BadInputError, TooLargeError

if TYPE_CHECKING:  # the extraction child process must not pay for importing pydantic settings
    from assistant.settings import Settings

_CONTINUES = re.compile(r"([,;:–—-]|\b(?:and|or|of|the|for|to|with|in|on|a|an|by|from))$", re.I)
_BLOCK_START = re.compile(r"^(#{1,6} |[•\-*] |\d+[.)] )")
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’")


def _limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def pdf_to_text(path: Path, settings: Settings) -> str:
    """Extract a PDF's text in a limited subprocess and rebuild its paragraphs."""
    cfg = settings.ingest
    name = path.name
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ingest.read.pdf", str(path), str(cfg.max_pdf_pages),
             str(cfg.pdf_memory_mb)],
            capture_output=True,
            timeout=cfg.pdf_timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BadInputError(
            f"{name}: PDF text extraction exceeded {cfg.pdf_timeout_s:g} s (possible decompression bomb)"
        ) from exc
    out = proc.stdout.decode("utf-8", errors="replace").strip()
    if proc.returncode != 0 or not out:
        err = proc.stderr.decode("utf-8", errors="replace")
        if re.search(r"MemoryError|Cannot allocate memory|failed to map segment", err) or proc.returncode in (
                -9, 137):
            raise BadInputError(
                f"{name}: PDF extraction exceeded the {cfg.pdf_memory_mb} MB memory limit "
                "(possible decompression bomb)"
            )
        last = err.strip().splitlines()[-1] if err.strip() else f"exit code {proc.returncode}"
        raise BadInputError(f"{name}: corrupt or unreadable PDF ({last[:200]})")
    result = json.loads(out.splitlines()[-1])
    if "error" in result:
        kind = result.get("kind")
        if kind == "pages":
            raise TooLargeError(f"{name}: {result['error']}")
        raise BadInputError(f"{name}: {result['error']}")
    pages = [[(str(t), round(float(size), 1)) for t, size in page] for page in result["pages"]]
    body = body_size(pages)
    levels = heading_levels(pages, body)
    text = "\n\n".join(p for p in (rebuild_page(page, body, levels) for page in pages) if p)
    if not text.strip():
        raise BadInputError(f"{name}: empty document (PDF has no extractable text; scanned images?)")
    return text + "\n"


def body_size(pages: list[list[tuple[str, float]]]) -> float:
    """The font size carrying most characters: the body text size."""
    weight: dict[float, int] = {}
    for page in pages:
        for text, size in page:
            weight[size] = weight.get(size, 0) + len(text)
    return max(weight, key=lambda k: weight[k]) if weight else 0.0


def rebuild_page(lines: list[tuple[str, float]], body: float, levels: dict[float, int]) -> str:
    """Join wrapped lines into paragraphs; lines set larger than the body become '#' headings."""
    cleaned = [(re.sub(r"\s+", " ", t).strip(), size) for t, size in lines]
    cleaned = [(t, size) for t, size in cleaned if t]
    if not cleaned:
        return ""
    width = max(len(t) for t, size in cleaned if size not in levels) if any(
        size not in levels for _, size in cleaned) else 80
    blocks: list[str] = []
    current: list[str] = []
    current_size = -1.0
    for line, size in cleaned:
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
    return "\n\n".join(blocks)


def _emit(lines: list[str], size: float, levels: dict[float, int]) -> str:
    text = " ".join(lines)
    return "#" * levels[size] + " " + text if size in levels else text


def heading_levels(pages: list[list[tuple[str, float]]], body: float) -> dict[float, int]:
    """Font sizes clearly above the body size, largest first, as heading levels 1-6."""
    sizes = sorted({size for page in pages for t, size in page if size >= body * 1.15 and t.strip()},
                   reverse=True)
    return {size: min(i + 1, 6) for i, size in enumerate(sizes)}


def _extract(path: str, max_pages: int) -> dict[str, object]:
    """Child-process body: read the PDF with pypdf and return its pages' text."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                return {"error": "encrypted PDF (password required)"}
        count = len(reader.pages)
        if count > max_pages:
            return {"error": f"PDF has {count} pages, over the {max_pages}-page limit", "kind": "pages"}
        return {"pages": [_page_lines(page) for page in reader.pages]}
    except MemoryError:
        return {"error": "PDF extraction ran out of memory (possible decompression bomb)"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return {"error": f"corrupt PDF ({type(exc).__name__}: {str(exc)[:160]})"}


def _page_lines(page: Any) -> list[tuple[str, float]]:
    """A page's text lines, each with the largest effective font size used on it."""
    lines: list[tuple[str, float]] = []
    parts: list[str] = []
    size = 0.0

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        nonlocal size
        if not text:
            return
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if piece.strip():
                parts.append(piece)
                size = max(size, font_size * scale)
            if i < len(pieces) - 1:
                flush()

    def flush() -> None:
        nonlocal size, parts
        if "".join(parts).strip():
            lines.append(("".join(parts), size))
        parts, size = [], 0.0

    page.extract_text(visitor_text=visit)
    flush()
    return lines


if __name__ == "__main__":
    # the child limits its own address space first (preexec_fn is unsafe in a threaded server)
    _limit_memory(int(sys.argv[3]))
    sys.stdout.write(json.dumps(_extract(sys.argv[1], int(sys.argv[2]))) + "\n")
