"""Page furniture around a document's title: print headers, site names, menus, breadcrumbs, agenda labels.

A browser's print header ('04/11/2024, 10:17  Page title | Site') and a page's own copyright line
('© Northern Care Times') name the site; a line that is only a site name, or only menu words ('Search Menu'),
is furniture, never the title. Capitals are kept for acronyms the document writes in capitals in ordinary text.
"""

from __future__ import annotations

import re

from ingest.parse.lines import Line

_PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\s+(?P<title>\S.*)$", re.I)
_SITE_SUFFIX = re.compile(r"\s+(?:\||-|–|—)\s+(?P<site>[^|–—]{3,60}?)\s*$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<site>[A-Z][\w&' -]{2,60}?)(?:\.|\s+all rights\b|$)",
                        re.I | re.M)
_MENU_WORDS = {"search", "menu", "home", "skip", "to", "main", "content", "navigation", "close", "open", "sign", "in",
               "log", "out", "share", "print", "back", "top", "news", "contact", "us", "a-z", "accessibility"}
_AGENDA = re.compile(r"^(?:agenda\s+item|item|appendix|annex)\s*(?:no\.?\s*)?[\dA-Z]{1,3}\b\W*$", re.I)
_FOOTER_URL = re.compile(r"^https?://\S+\s+\d+/\d+$")
_BREADCRUMB = re.compile(r"^home\s*[>/›»|]|^(?:[^>/›»]{1,40}\s[>/›»]\s+){2,}[^>/›»]{1,60}$", re.I)


def print_header_title(text: str) -> str | None:
    """The page title a browser printed above the page, without its date, time and site name."""
    m = _PRINT_HEADER.match(text.strip())
    if m is None:
        return None
    title = m.group("title").strip()
    suffix = _SITE_SUFFIX.search(title)
    return title[: suffix.start()].strip() if suffix else title


def site_names(text: str, lines: list[Line]) -> set[str]:
    """Lower-cased names of the site the page came from: a print header's suffix, a copyright line's owner."""
    names: set[str] = set()
    for ln in lines[:5]:
        m = _PRINT_HEADER.match(ln.text)
        suffix = _SITE_SUFFIX.search(m.group("title")) if m else None
        if suffix:
            names.add(suffix.group("site").strip().lower())
    for m in _COPYRIGHT.finditer(text):
        names.add(m.group("site").strip().lower())
    return names


def is_furniture(text: str, sites: set[str]) -> bool:
    """A title-block line that is page furniture: print header or footer, site name, menu words, agenda label."""
    t = text.strip()
    low = t.lower().strip(" .")
    if _PRINT_HEADER.match(t) or _FOOTER_URL.match(t) or _AGENDA.match(t) or _BREADCRUMB.match(t) or low in sites:
        return True
    words = re.findall(r"[\w-]+", low)
    return bool(words) and len(words) <= 6 and all(w in _MENU_WORDS for w in words)


def acronyms(lines: list[Line]) -> set[str]:
    """Words the document writes in capitals inside ordinary mixed-case lines ('CQC', 'NHS')."""
    found: set[str] = set()
    for ln in lines:
        if ln.blank or ln.text.isupper():
            continue
        found.update(re.findall(r"\b[A-Z]{2,6}\b", ln.text))
    return found
