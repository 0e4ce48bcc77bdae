"""Title, council, publisher and date of a document, from its first lines and its mentions."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from assistant.domain.councils import canonical_council, council_mentions
from ingest.parse.cqc import parse_date
from ingest.parse.lines import Line, heading_text
from ingest.parse.structure import is_title_like

_SMALL = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "by"}
_BOILERPLATE = re.compile(
    r"\b(visit|click|cookies?|subscribe|skip to|menu|sign in|thumbnail|contents)\b", re.I)
_COUNCIL_CAPS = re.compile(
    r"\b((?:[A-Za-z]+[ -]){0,2}?[A-Za-z]+)\s+(city|county|borough|district|metropolitan borough)\s+council\b",
    re.I)
_DATE_ANY = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)?\s+)?(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+(\d{4})\b", re.I)


def smart_title(text: str) -> str:
    """ALL-CAPS text in title case ('ASSURANCE OF ADULT SOCIAL CARE' -> 'Assurance of Adult Social Care')."""
    if not text.isupper():
        return text
    words = text.lower().split()
    return " ".join(w if (i > 0 and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def find_title(lines: list[Line]) -> str:
    """A markdown h1, else the leading run of capitalised title lines, else the first title-like line."""
    top = [ln for ln in lines if not ln.blank][:15]
    for ln in top:
        if ln.text.startswith("# "):
            return heading_text(ln.text)
    caps: list[str] = []
    for ln in top:
        t = heading_text(ln.text)
        if t.isupper() and len(t) <= 100 and not _BOILERPLATE.search(t):
            caps.append(smart_title(t))
            if len(caps) == 3:
                break
        elif caps:
            break
    if caps:
        return " — ".join(caps)
    for ln in top:
        t = heading_text(ln.text)
        if (is_title_like(t) or t.endswith("?")) and not _BOILERPLATE.search(t) and len(t.split()) >= 2:
            return t
    return heading_text(top[0].text)[:120] if top else ""


def first_date(lines: list[Line], limit: int = 12) -> tuple[str, date] | None:
    """The first 'day Month year' or 'Month year' in the opening lines."""
    for ln in [ln for ln in lines if not ln.blank][:limit]:
        m = _DATE_ANY.search(ln.text)
        if m:
            d = parse_date(" ".join(p.strip() for p in m.groups() if p).title())
            if d is not None:
                return m.group(0), d
    return None


def find_council(text: str, lines: list[Line]) -> str | None:
    """The council a document is by or about: named in its first lines, else its most-mentioned council."""
    for ln in [ln for ln in lines if not ln.blank][:12]:
        m = _COUNCIL_CAPS.search(ln.text)
        if m:
            name = f"{m.group(1)} {m.group(2)} Council"
            return canonical_council(name.title() if name.isupper() or m.group(1).isupper() else name)
    counts = Counter(council_mentions(text))
    named = [c for c, _ in counts.most_common() if not c.lower().startswith(("the ", "county", "city"))]
    if named:
        return named[0]
    if re.search(r"\b(the|this) county council\b", text, re.I):
        shires = Counter(re.findall(r"\b([A-Z][a-z]+shire)\b", text))
        if shires:
            return canonical_council(f"{shires.most_common(1)[0][0]} County Council")
    return None


def find_publisher(text: str, council: str | None) -> str | None:
    """Who published the document, from what it says about itself."""
    head = text[:3000]
    if re.search(r"local government association|partners in care and health", text, re.I):
        return "Local Government Association"
    if re.search(r"care quality commission|how we assess local authorities", head, re.I) and not council:
        return "Care Quality Commission"
    return council
