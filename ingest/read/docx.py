"""DOCX -> structured plain text: Heading styles/Title become '#' lines, list paragraphs '• ' lines."""

from __future__ import annotations

import io
import re
import zipfile

from assistant.errors import BadInputError

# a real report's XML compresses 5-20 times; images barely compress; a bomb's XML thousands of times
_MAX_UNCOMPRESSED = 100 * 1024 * 1024
_MAX_RATIO = 100
_RATIO_FROM = 1024 * 1024  # small members (styles, settings) may compress further without harm


def _heading_level(style_name: str) -> int | None:
    """Markdown depth for a paragraph style ('Title' -> 1, 'Heading 2' -> 2), None for body styles."""
    low = style_name.lower()
    if low == "title":
        return 1
    m = re.match(r"heading\s*(\d)", low)
    return min(int(m.group(1)), 6) if m else None


def check_zip(data: bytes, name: str) -> None:
    """Refuse a DOCX whose zip declares too much content or compresses suspiciously well, before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if "word/document.xml" not in zf.namelist():
                raise BadInputError(f"{name}: not a Word document (word/document.xml missing)")
    except zipfile.BadZipFile as exc:
        raise BadInputError(f"{name}: corrupt DOCX (not a valid zip archive)") from exc
    total = sum(info.file_size for info in infos)
    if total > _MAX_UNCOMPRESSED:
        raise BadInputError(
            f"{name}: DOCX expands to {total / 1048576:.0f} MB, over the {_MAX_UNCOMPRESSED // 1048576} MB limit "
            "(decompression bomb?)")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM and ratio > _MAX_RATIO:
            raise BadInputError(
                f"{name}: DOCX part {info.filename} expands {ratio:.0f} times "
                f"({info.compress_size // 1024} KB to {info.file_size / 1048576:.0f} MB; decompression bomb?)")


def docx_to_text(data: bytes, name: str) -> str:
    """Convert a .docx file's bytes to text keeping headings, bullets, paragraphs and table cells."""
    check_zip(data, name)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises assorted errors on malformed parts
        raise BadInputError(f"{name}: corrupt DOCX ({type(exc).__name__}: {exc})") from exc
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = re.sub(r"\s+", " ", item.text).strip()
            if not text:
                continue
            style = item.style.name if item.style is not None and item.style.name else ""
            level = _heading_level(style)
            is_list = "list" in style.lower() or (item._p.pPr is not None and item._p.pPr.numPr is not None)
            if level is not None:
                blocks.append("#" * level + " " + text)
            elif is_list:
                blocks.append("• " + text)
            else:
                blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [re.sub(r"\s+", " ", c.text).strip() for c in row.cells]
                line = " | ".join(c for c in cells if c)
                if line:
                    blocks.append(line)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise BadInputError(f"{name}: empty document (DOCX has no text)")
    return text + "\n"
