"""Title, subject council and publisher of a document: the council comes from the register.

The subject council is the one the title or headline names, else the one the document mentions most
prominently (mentions in its title block weigh more, one mention in passing never decides). A council that is
not in the register is accepted only from a clear title pattern ("X Council: local authority assessment").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.domain.councils import canonical_council
from assistant.domain.register import Council, CouncilRegister
from ingest.parse.dates import parse_date
from ingest.parse.furniture import acronyms, is_furniture, site_names
from ingest.parse.lines import Line, heading_text
from ingest.parse.structure import is_title_like

_SMALL = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "by"}
_FURNITURE = re.compile(
    r"^(?:downloads?|skip to(?: main)? content|skip to main|cookies?|accept all|menu|search|share this page|"
    r"back to top|continue reading|home|contents|print|sign in|log in|categories|media|news|press releases?|"
    r"care quality commission|local government association|we value your privacy)\b\W*$|^home\s*>|"
    r"\(credit:|^(?:image|photo|picture)\s*:|accept all|reject (?:all|non-essential)|"
    r"manage (?:preferences|cookies)|privacy (?:settings|notice)|"
    r"\b(?:visit|click|cookies?|subscribe|skip to|sign in|thumbnail)\b|\|.*\|", re.I)
_REPORT_TITLE = re.compile(r"^\S.{2,80}:\s*local authority assessment$", re.I)  # a CQC report page's own title
_ADDRESSEE = re.compile(r"\b(?:committee|board|cabinet)\W*$", re.I)  # the meeting a report goes to
_ROLE = re.compile(r"\bthe council$|^(?:leader|deputy|chief|director|clerk|chair|mayor|member|cabinet|head)\b",
                   re.I)
_RECORD_OF = re.compile(r"^(?:minutes|notes|record|decisions?|agenda)\s+(?:of|for)\b", re.I)  # the meeting's own record
_BYLINE = re.compile(r"^By (?:our |the |a )?[A-Za-z][\w .'’-]{2,60}$")  # a news item's byline, under its headline
_LABEL_TITLE = re.compile(r"^(?:subject|title|report title)\s*:\s*(?P<title>\S.{4,150})$", re.I)
_COUNCIL_LINE = re.compile(  # a title-block line that is only a council's name
    r"^(?P<name>(?:[A-Z][\w’'-]+\s+(?:(?:upon|on|and|of)\s+)?){1,4}"
    r"(?:City |County |Borough |District |Metropolitan Borough )?Council)$", re.I)
_NAME = r"(?P<name>(?:(?:London|Royal) Borough of|City of) [A-Z][\w’' -]{2,40}?|[A-Z][\w’' -]{2,50}? Council)"
_CLEAR_COUNCIL = re.compile(  # 'X Council: local authority assessment', 'CQC rates X Council's adult social care'
    r"^(?:" + _NAME + r"(?:[’']s?)?\s*(?::\s*local authority)?\s+assessment\b"
    r"|CQC (?:rates|publishes report on) (?:the )?" + _NAME.replace("name", "name2") + r"(?:[’']s?)?\s)")


@dataclass(frozen=True)
class Subject:
    """The council a document is by or about: display name and GSS code (None outside the register)."""

    name: str
    code: str | None


def smart_title(text: str, keep: frozenset[str] | set[str] = frozenset()) -> str:
    """ALL-CAPS text in title case ('ASSURANCE OF ADULT SOCIAL CARE' -> 'Assurance of Adult Social Care'), keeping
    the acronyms in `keep` ('CQC') in capitals."""
    if not text.isupper():
        return text
    out: list[str] = []
    for i, word in enumerate(text.split()):
        core = word.strip(":;,.()'’")
        low = word.lower()
        if core in keep:
            out.append(word)
        else:
            out.append(low if (i > 0 and low in _SMALL) else low[:1].upper() + low[1:])
    return " ".join(out)


def _report_title(t: str, register: CouncilRegister) -> str:
    """A CQC report page title in the page's case; one printed in capitals as the CQC site writes it."""
    if not t.isupper():
        return t
    name = t.rsplit(":", 1)[0].strip()
    found = register.find_in_text(name)
    exact = len(found) == 1 and found[0].council.name.lower() == name.lower()
    shown = found[0].council.name if exact else smart_title(name)
    return f"{shown}: local authority assessment"


def visible_lines(lines: list[Line], limit: int = 40) -> list[Line]:
    """The first lines a reader sees: no blanks, HTML comments or tags-only lines."""
    out: list[Line] = []
    in_comment = False
    for ln in lines:
        t = ln.text
        if in_comment or t.startswith("<!--"):
            in_comment = "-->" not in t
            continue
        if not t or re.fullmatch(r"(?:<[^>]+>\s*)+|[-=_*#\s]+|---.*---", t):
            continue
        out.append(ln)
        if len(out) == limit:
            break
    return out


def _clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", heading_text(text))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" *_")


def _is_council_only(text: str, register: CouncilRegister) -> bool:
    found = register.find_in_text(text)
    return len(found) == 1 and len(text) - (found[0].end - found[0].start) <= 2


def _is_name(text: str) -> bool:
    """A masthead or site name ('Kent Coast Courier'): a few words, every one capitalised."""
    words = text.split()
    return len(words) <= 4 and all(w[:1].isupper() for w in words)


def find_title(lines: list[Line], register: CouncilRegister | None = None) -> str:
    """A 'Subject:' label, a report page title or markdown h1, else the first title-like line (not furniture)."""
    reg = register or CouncilRegister.load()
    sites = site_names("\n".join(ln.raw for ln in lines), lines)
    top = [(ln, _clean(ln.text)) for ln in visible_lines(lines, 24)]
    top = [(ln, t) for ln, t in top if t and not _FURNITURE.search(t) and not is_furniture(t, sites)]
    keep = acronyms(lines)
    for _, t in top[:12]:
        m = _LABEL_TITLE.match(t)
        if m:
            return m.group("title").strip()
        if _REPORT_TITLE.match(t):  # repeated on every page of a report, above each page's own heading
            return _report_title(t, reg)
    for ln, t in top[:12]:
        if ln.text.startswith("# "):
            return t
    for i, (_, t) in enumerate(top[:12]):
        if _BYLINE.match(t):  # a news item: its headline is just above the byline (a standfirst may sit between)
            above = [a for _, a in top[max(0, i - 2):i] if is_title_like(smart_title(a)) and not _is_name(a)]
            if above:
                return smart_title(above[0], keep)
    for _, t in top[:12]:
        if _RECORD_OF.match(t):  # 'Minutes of the meeting of X held on Tuesday 4 February 2025 at 7pm' -> its name
            t = re.split(r"\s+(?:held\s+)?on\s+(?=\w*day\b|\d)|\s+held\b", t, maxsplit=1, flags=re.I)[0]
        if (_is_council_only(t, reg) or (_ADDRESSEE.search(t) and not _RECORD_OF.match(t))
                or parse_date(t) is not None
                or re.match(r"^(?:published|date|version|owner|report (?:of|to)|present|apologies|(?:also |in )?"
                            r"(?:present|attendance))\b", t, re.I)):
            continue
        if (is_title_like(smart_title(t)) or t.endswith("?") or re.search(r"\bCQC rates\b", t)) and len(t.split()) >= 2:
            return smart_title(t, keep)
    return top[0][1][:120] if top else ""


def _mentions(text: str, register: CouncilRegister) -> list[Council]:
    return [m.council for m in register.find_in_text(text, proper_nouns_only=True)]


def find_subject(title: str, text: str, lines: list[Line], *, allow_prominent: bool = True,
                 register: CouncilRegister | None = None) -> Subject | None:
    """The subject council: named by the title, else by the headline block, else by most prominent mention."""
    reg = register or CouncilRegister.load()
    named = _mentions(title, reg)
    if named:
        return Subject(named[0].name, named[0].gss_code)
    head = visible_lines(lines, 12)
    for ln in head:
        m = _CLEAR_COUNCIL.match(_clean(ln.text)) or _COUNCIL_LINE.match(smart_title(_clean(ln.text)))
        if m:
            name = m.group("name") or m.group("name2") if m.re is _CLEAR_COUNCIL else m.group("name")
            found = _mentions(name, reg)
            if found:
                return Subject(found[0].name, found[0].gss_code)
            if _ROLE.search(name):  # 'Leader of the Council', an addressee's post, is no council's name
                continue
            return Subject(canonical_council(name), None)  # a council the register does not hold
    if not allow_prominent:
        return None
    counts: Counter[str] = Counter()
    by_code: dict[str, Council] = {}
    head_end = head[-1].end if head else 0
    for mention in reg.find_in_text(text, proper_nouns_only=True):
        counts[mention.council.gss_code] += 3 if mention.start < head_end else 1
        by_code[mention.council.gss_code] = mention.council
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None  # about several councils: no single subject
    top = by_code[ranked[0][0]]
    return Subject(top.name, top.gss_code)


def find_council(text: str, lines: list[Line]) -> str | None:
    """The subject council's display name (kept for callers that want only the name)."""
    subject = find_subject(find_title(lines), text, lines)
    return subject.name if subject else None


def find_publisher(text: str, council: str | None) -> str | None:
    """Who published the document, from what it says about itself."""
    head = text[:3000]
    if re.search(r"local government association|partners in care and health", text, re.I):
        return "Local Government Association"
    if re.search(r"care quality commission|how we assess local authorities", head, re.I) and not council:
        return "Care Quality Commission"
    return council
