"""HTML (as saved from a browser) -> structured plain text of its article, with the page's canonical URL.

Scripts, styles, hidden elements and page furniture (navigation, site header and footer, cookie banners,
breadcrumbs, forms) are dropped; hidden parts a control on the page reveals (inactive tab panels, closed
accordion sections: a saved page keeps them `hidden` until clicked) are the article's text and kept. The
`<main>` or single `<article>` is kept when the page has one. Headings become '#' lines, list items '• ' lines,
table rows 'cell | cell' lines, other blocks blank-separated.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from assistant.errors import BadInputError
from ingest.read.text import decode_bytes

_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "address",
          "figure", "figcaption", "dt", "dd", "aside", "fieldset", "details", "summary", "caption",
          "ul", "ol", "dl", "body", "html", "hr", "center"}
# never document text: active content, metadata, media, navigation and form controls
_DROP = ["script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe", "object",
         "embed", "nav", "button", "select", "option", "input", "textarea", "canvas", "video", "audio", "form",
         "dialog", "map", "math"]
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar",
                    "toolbar", "complementary"}
_FURNITURE_NAME = re.compile(r"(?:^|[-_\s])(?:cookies?|consent|gdpr|breadcrumbs?|skip-?(?:links?|to\S*)|"
                             r"share-?(?:links?|buttons?|this|bar|tools|page)|social-(?:links|media|share|icons)|"
                             r"newsletter|back-to-top)(?:$|[-_\s])", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# parts of disclosure widgets (tabs, accordions, collapsibles): hidden only until a reader opens them
_DISCLOSURE_NAME = re.compile(r"tabs?[-_]{1,2}(?:panel|pane|content)|tab-pane|accordion|collaps|expand|disclosure|"
                              r"toggle[-_]{1,2}content|show-?hide", re.I)
_CELL_BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div"]


def decode_html(data: bytes, name: str) -> str:
    """Decode HTML bytes: a BOM wins, then a declared charset, then UTF-8, then the detected encoding."""
    head = data[:4096].decode("ascii", errors="ignore")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", head, flags=re.I)
    text = decode_bytes(data, name, declared=m.group(1) if m else None)
    if not re.search(r"<(?:!doctype|html|head|body|p|div|h[1-6]|main|article|table|ul|span|br)\b", text, re.I):
        raise BadInputError(f"{name}: not an HTML document (no HTML markup found)")
    return text


def _source_url(soup: BeautifulSoup) -> str | None:
    """The page's canonical URL (`<link rel=canonical>`, else `og:url`), http(s) only."""
    candidates: list[str] = []
    for link in soup.find_all("link", href=True):
        rel: str | list[str] = link.get("rel") or []
        rels = str(rel).lower().split() if isinstance(rel, str) else [str(r).lower() for r in rel]
        if "canonical" in rels:
            candidates.append(str(link["href"]))
    candidates += [str(m.get("content", "")) for m in soup.find_all("meta", attrs={"property": "og:url"})]
    return next((u.strip() for u in candidates if re.match(r"https?://\S+$", u.strip())), None)


def _revealed_ids(soup: BeautifulSoup) -> set[str]:
    """Ids of elements a control on the page opens: in-page link targets and `aria-controls`."""
    ids = {str(a["href"])[1:] for a in soup.find_all("a", href=True) if str(a["href"]).startswith("#")}
    for tag in soup.find_all(True):
        ids.update(str(tag.get("aria-controls", "")).split())
    return ids - {""}


def _revealable(tag: Tag, revealed: set[str]) -> bool:
    """A hidden part of a tab, accordion or collapsible widget, which a reader opens to read."""
    classes: object = tag.get("class") or []
    names = [str(c) for c in classes] if isinstance(classes, list) else [str(classes)]
    return (str(tag.get("id", "")) in revealed or str(tag.get("role", "")).lower() == "tabpanel"
            or str(tag.get("hidden", "")).lower() == "until-found" or any(_DISCLOSURE_NAME.search(n) for n in names))


def _is_furniture(tag: Tag, revealed: set[str]) -> bool:
    """Hidden elements (not parts a control reveals), ARIA furniture roles, and cookie/breadcrumb/skip-link/share
    blocks by id or class."""
    if tag.attrs is None:
        return False
    hidden = (tag.has_attr("hidden") or _HIDDEN_STYLE.search(str(tag.get("style", ""))) is not None
              or str(tag.get("aria-hidden", "")).lower() == "true")
    if hidden and not _revealable(tag, revealed):
        return True
    if str(tag.get("role", "")).lower() in _FURNITURE_ROLES and tag.find(["h1", "main", "article"]) is None:
        return True
    classes: object = tag.get("class") or []
    names = [str(tag.get("id", "")), str(tag.get("aria-label", "")),
             *([str(c) for c in classes] if isinstance(classes, list) else [str(classes)])]
    return any(_FURNITURE_NAME.search(n) for n in names if n) and tag.find(["h1", "main", "article"]) is None


def _content_root(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    """The page's main content: its `<main>` (or role=main), else its only `<article>`, else the body."""
    body = soup.body or soup
    total = len(body.get_text(" ", strip=True)) or 1
    mains = soup.find_all("main") or soup.find_all(True, attrs={"role": "main"})
    articles = soup.find_all("article")
    for candidates in (mains, articles):
        if len(candidates) == 1 and len(candidates[0].get_text(" ", strip=True)) >= min(200, total // 4):
            return candidates[0]
    for tag in body.find_all(["header", "footer"]):  # no main: drop the site's own header and footer
        if tag.find_parent(["article", "main", "section"]) is None and tag.find("h1") is None:
            tag.decompose()
    return body


def _clean(soup: BeautifulSoup) -> None:
    """Remove dropped elements, comments and furniture in place."""
    revealed = _revealed_ids(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_furniture(tag, revealed):
            tag.decompose()


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


def _table(table: Tag, out: _Writer) -> None:
    """A data table as one block of 'cell | cell' rows; a layout table (cells holding blocks) as its blocks."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    if any(cell.find(_CELL_BLOCKS) for tr in rows for cell in tr.find_all(["td", "th"], recursive=False)):
        _walk(table, out)
        return
    lines = []
    for tr in rows:
        cells = [_inline_text(c) for c in tr.find_all(["td", "th"], recursive=False)]
        line = " | ".join(c for c in cells if c)
        if line:
            lines.append(line)
    caption = table.find("caption")
    out.block(_inline_text(caption) if caption is not None else "")
    out.block("\n".join(lines))


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
        if re.fullmatch(r"h[1-6]", tag):
            text = _inline_text(child)
            if text:
                out.block("#" * int(tag[1]) + " " + text)
        elif tag == "li":
            out.flush()
            nested = [n.extract() for n in child.find_all(["ul", "ol"], recursive=False)]
            text = _inline_text(child)
            if text:
                out.blocks.append("• " + text)
            for n in nested:
                _walk(n, out)
        elif tag == "br":
            out.flush()
        elif tag == "table":
            _table(child, out)
        elif tag in ("tr", "td", "th", "tbody", "thead", "tfoot") or tag in _BLOCK:
            out.flush()
            _walk(child, out)
            out.flush()
        else:
            _walk(child, out)


def html_to_text(html: str, name: str) -> tuple[str, str | None]:
    """An HTML page's article text (headings, list items, table rows, paragraphs) and its canonical URL."""
    soup = BeautifulSoup(html, "lxml")
    url = _source_url(soup)
    _clean(soup)
    out = _Writer()
    _walk(_content_root(soup), out)
    out.flush()
    text = "\n\n".join(out.blocks)
    if not text.strip():
        raise BadInputError(f"{name}: empty document (HTML has no text)")
    return text + "\n", url
