"""File -> stored text: format dispatch, existence/size/emptiness checks, and the per-format limits.

Text and markdown are decoded here (linear in the file size, which is capped); HTML, DOCX and PDF are
converted in a child process under a wall-clock and memory limit (`sandbox`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.errors import BadInputError, TooLargeError, UnsupportedFormatError
from assistant.settings import Settings
from ingest.read.text import decode_bytes, source_url_in_text, strip_markup

SourceFormat = Literal["txt", "md", "html", "pdf", "docx"]

EXTENSIONS: dict[str, SourceFormat] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
}


@dataclass(frozen=True)
class LoadedText:
    """A file's stored text with the facts the parser needs about its source."""

    path: Path
    text: str
    source_format: SourceFormat
    sha256: str
    source_url: str | None = None  # the original page the file says it was saved from


def source_format_of(path: Path) -> SourceFormat:
    """The format a file's extension names; UnsupportedFormatError otherwise."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted({e for e in EXTENSIONS if e not in {".text", ".markdown"}}))
        raise UnsupportedFormatError(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}' (supported: {supported})"
        )
    return fmt


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file (BOM, UTF-8, else the detected legacy encoding); line endings become \\n."""
    return decode_bytes(data, name)


def check_path(path: Path) -> None:
    """BadInputError for a path that does not exist or is not a regular file."""
    if not path.exists():
        kind = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        raise BadInputError(f"{path.name or path}: {kind} ({path})")
    if not path.is_file():
        raise BadInputError(f"{path.name}: not a regular file (a folder or device)")


def read_checked(path: Path, settings: Settings) -> tuple[bytes, SourceFormat]:
    """Read a file's bytes after the existence, extension, size and emptiness checks."""
    check_path(path)
    fmt = source_format_of(path)
    size = path.stat().st_size
    limit = settings.ingest.max_file_mb * 1024 * 1024
    if size > limit:
        raise TooLargeError(
            f"{path.name}: file is {size / 1048576:.1f} MB, over the {settings.ingest.max_file_mb:g} MB limit"
        )
    if size == 0:
        raise BadInputError(f"{path.name}: empty file")
    return path.read_bytes(), fmt


def load_text(path: Path, settings: Settings) -> LoadedText:
    """Read any supported file into its stored text (HTML/PDF/DOCX converted, text cleaned of markup)."""
    from ingest.read.sandbox import run_limited

    data, fmt = read_checked(path, settings)
    name = path.name
    cfg = settings.ingest
    url: str | None = None
    if fmt in ("txt", "md"):
        raw = decode_text(data, name)
        url = source_url_in_text(raw)
        text = strip_markup(raw)
    elif fmt == "pdf":
        from ingest.read.pdf import pdf_to_text

        text = pdf_to_text(path, settings)
    else:
        if fmt == "docx":
            from ingest.read.docx import check_zip

            check_zip(data, name)
        result = run_limited(fmt, path, timeout_s=cfg.convert_timeout_s, memory_mb=cfg.convert_memory_mb)
        text, url = str(result["text"]), result.get("source_url")
    if not text.strip():
        raise BadInputError(f"{name}: empty document (no extractable text)")
    return LoadedText(path=path, text=text, source_format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                      source_url=url)
