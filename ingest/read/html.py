"""HTML -> structured plain text: h1-h6 become '#' lines, list items '• ' lines, blocks blank-separated.

Active content is refused rather than stripped: a document carrying <script> or inline event handlers
is not something a council report should contain, and the caller gets a clear error instead.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from assistant.errors import BadInputError

_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "address",
          "figure", "figcaption", "table", "tr", "dt", "dd", "aside", "form", "fieldset", "details",
          "summary", "caption"}
# page furniture and non-text elements: navigation menus and form controls are not document text
_SKIP = {"style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe", "object", "embed",
         "nav", "button", "select", "option", "input", "textarea", "canvas", "video", "audio"}
_ACTIVE = {"script"}


def check_active_content(soup: BeautifulSoup, name: str) -> None:
    """Reject HTML with scripts or inline event handlers (on*= attributes)."""
    if soup.find(_ACTIVE):
        raise BadInputError(f"{name}: HTML contains active content (<script> element); refusing to ingest")
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                raise BadInputError(
                    f"{name}: HTML contains active content (inline event handler '{attr}' on <{tag.name}>); "
                    "refusing to ingest"
                )
            if isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                raise BadInputError(
                    f"{name}: HTML contains active content (javascript: URL); refusing to ingest"
                )


def _inline_text(node: Tag) -> str:
    """The text of an inline run, whitespace collapsed."""
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


class _Writer:
    """Collects blocks of text and joins them with blank lines."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.inline: list[str] = []

    def text(self, s: str) -> None:
        self.inline.append(s)

    def flush(self) -> None:
        joined = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self.inline)).strip()
        if joined:
            self.blocks.append(joined)
        self.inline = []

    def block(self, s: str) -> None:
        self.flush()
        if s.strip():
            self.blocks.append(s.strip())


def _walk(node: Tag, out: _Writer) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        tag = child.name.lower()
        if tag in _SKIP:
            continue
        if re.fullmatch(r"h[1-6]", tag):
            text = _inline_text(child)
            if text:
                out.block("#" * int(tag[1]) + " " + text)
        elif tag == "li":
            out.flush()
            nested = child.find(["ul", "ol"])
            if nested is not None:
                nested.extract()
            text = _inline_text(child)
            if text:
                out.blocks.append("• " + text)
            if nested is not None:
                _walk(nested, out)
        elif tag == "br":
            out.flush()
        elif tag in ("td", "th"):
            out.text(" " + _inline_text(child) + " ")
        elif tag in _BLOCK or tag in ("ul", "ol", "dl", "body", "html", "hr"):
            out.flush()
            _walk(child, out)
            out.flush()
        else:
            _walk(child, out)


def html_to_text(html: str, name: str) -> str:
    """Convert an HTML document to text that keeps headings, list items and paragraphs."""
    soup = BeautifulSoup(html, "lxml")
    check_active_content(soup, name)
    root = soup.body or soup
    out = _Writer()
    _walk(root, out)
    out.flush()
    text = "\n\n".join(out.blocks)
    if not text.strip():
        raise BadInputError(f"{name}: empty document (HTML has no text)")
    return text + "\n"
