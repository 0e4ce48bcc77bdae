"""Text bytes -> str: BOMs, UTF-8, legacy encodings (charset-normalizer), markup noise and source URLs."""

from __future__ import annotations

import codecs
import re

from assistant.errors import BadInputError

_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# HTML element names that turn up as stray tags in text and markdown files saved from web pages
_TAGS = ("a|abbr|b|bdi|bdo|big|br|center|cite|code|del|dfn|div|em|font|i|img|ins|kbd|mark|nobr|p|q|s|samp|"
         "small|span|strike|strong|sub|sup|tt|u|var|wbr")
_STRAY_TAG = re.compile(rf"</?(?:{_TAGS})\b(?:\s[^<>\n]*)?/?>", re.I)
_BREAK_TAG = re.compile(r"<(?:br|/p|/div)\b[^<>\n]*>", re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*?-->[ \t]*(?:\n|\Z)", re.S | re.M)
_URL = r"(https?://[^\s<>\"')\]]+)"
_SOURCE_COMMENT = re.compile(r"<!--\s*(?:source|url|original|canonical)\s*(?:url)?\s*[:=]\s*" + _URL, re.I)
_SOURCE_LINE = re.compile(r"^[ \t>*_#-]*(?:source|original|canonical|url|retrieved from|available at)"
                          r"(?:\s+url)?\s*[:\-–]\s*<?" + _URL, re.I | re.M)


def _legacy(data: bytes, name: str) -> str:
    """Decode non-UTF-8 bytes: charset-normalizer's guess, with Windows-1252 preferred among 8-bit codes."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInputError(f"{name}: cannot decode text (not UTF-8 and no known encoding fits)")
    guessed = str(best)
    if len(guessed) == len(data):  # a one-byte-per-character code: prefer the English-locale default
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return guessed


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode text bytes: a BOM wins, then a declared charset, then UTF-8, then the detected encoding."""
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise BadInputError(f"{name}: cannot decode text as {codec.upper()} ({exc.reason})") from exc
            break
    if text is None:
        if b"\x00" in data:
            raise BadInputError(f"{name}: binary content (NUL bytes), not a text file")
        if declared:
            text = _declared(data, declared)
        if text is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _legacy(data, name)
    if "\x00" in text:
        raise BadInputError(f"{name}: binary content (NUL characters), not a text file")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise BadInputError(f"{name}: binary content (control characters), not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared(data: bytes, charset: str) -> str | None:
    """Decode with a declared charset (Latin-1 and ASCII read as Windows-1252, as browsers do)."""
    label = charset.strip().lower().replace("_", "-")
    if label in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}:
        label = "cp1252"
    try:
        return data.decode(label)
    except (LookupError, UnicodeDecodeError):
        return None


def source_url_in_text(text: str) -> str | None:
    """The URL a text or markdown file names as its source (a `source:` comment or a 'Source: URL' line)."""
    m = _SOURCE_COMMENT.search(text) or _SOURCE_LINE.search(text[:20000])
    return m.group(1).rstrip(".,;") if m else None


def strip_markup(text: str) -> str:
    """Remove HTML comments and stray inline tags; a <br> or closing block tag becomes a line break."""
    if "<" not in text:
        return text
    text = _COMMENT_LINE.sub("", text)
    text = _COMMENT.sub("", text)
    text = _BREAK_TAG.sub("\n", text)
    return _STRAY_TAG.sub("", text)
