"""File -> stored text: format dispatch, size/emptiness/binary checks and text decoding."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.errors import BadInputError, TooLargeError, UnsupportedFormatError
from assistant.settings import Settings

_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f]")
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
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; only \\r\\n becomes \\n."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInputError(f"{name}: cannot decode text as UTF-16 ({exc.reason})") from exc
    else:
        if b"\x00" in data:
            raise BadInputError(f"{name}: binary content (NUL bytes), not a text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInputError(
                f"{name}: cannot decode text as UTF-8 (invalid byte at offset {exc.start})"
            ) from exc
    if "\x00" in text:
        raise BadInputError(f"{name}: binary content (NUL characters), not a text file")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise BadInputError(f"{name}: binary content (control characters), not a text file")
    return text.replace("\r\n", "\n")


def read_checked(path: Path, settings: Settings) -> tuple[bytes, SourceFormat]:
    """Read a file's bytes after the extension, existence, size and emptiness checks."""
    fmt = source_format_of(path)
    if not path.is_file():
        raise BadInputError(f"{path.name}: not a readable file")
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
    """Read any supported file into its stored text (HTML/PDF/DOCX converted, text kept verbatim)."""
    data, fmt = read_checked(path, settings)
    name = path.name
    if fmt in ("txt", "md"):
        text = decode_text(data, name)
    elif fmt == "html":
        from ingest.read.html import html_to_text

        text = html_to_text(decode_html(data, name), name)
    elif fmt == "pdf":
        from ingest.read.pdf import pdf_to_text

        text = pdf_to_text(path, settings)
    else:
        from ingest.read.docx import docx_to_text

        text = docx_to_text(data, name)
    if not text.strip():
        raise BadInputError(f"{name}: empty document (no extractable text)")
    return LoadedText(path=path, text=text, source_format=fmt, sha256=hashlib.sha256(data).hexdigest())


def decode_html(data: bytes, name: str) -> str:
    """Decode HTML bytes: a BOM wins, then a declared non-UTF-8 charset, then UTF-8."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        head = data[:2048].decode("ascii", errors="ignore")
        m = re.search(r"charset=[\"']?([A-Za-z0-9_\-]+)", head, flags=re.I)
        if m and m.group(1).lower().replace("_", "-") not in {"utf-8", "utf8"} and b"\x00" not in data:
            try:
                return data.decode(m.group(1)).replace("\r\n", "\n").replace("\r", "\n")
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data, name)
