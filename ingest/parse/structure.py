"""Heading detection and the logical section tree (report part / theme / quality statement / subsection).

Headings are found by form (markdown '#' lines, or bare short title-like lines between blank lines),
and given logical levels by meaning (theme and statement names), never by '#' depth, because
converted reports nest their markdown headings erratically.
"""

from __future__ import annotations

import re

from assistant.domain.taxonomy import THEMES, match_statement_heading, theme_of
from assistant.models.records import Section
from ingest.parse.dates import MONTHS
from ingest.parse.lines import (
    BULLET,
    MD_HEADING,
    RATING_LINE,
    SCORE_LINE,
    WORDING_LINE,
    Line,
    heading_text,
    statement_line,
)
from ingest.parse.sections import Head, demote_summary_entries, lift_theme_templates, to_sections

_TOC = re.compile(r"\.{3,}|\t\s*\d+\s*$")
_RESET = re.compile(
    r"^(section [a-z0-9]+\b|part [a-z0-9]+\b|appendix|appendices|annex|conclusions?\b|glossary|"
    r"references\b|background\b|introduction\b|executive summary|contents\b)", re.I)
_LABELLED_DATE = re.compile(r":\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + MONTHS + r")\s+\d{4}", re.I)
_COUNCIL_NAME = re.compile(r"^(?!About\b)(?:[A-Z][\w'’-]*\s+){1,4}Council$")
_ATTRIBUTION = re.compile(r"\*\[|\[signature\]", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|did|does)\b")
_NUMBERING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+")
_THEME_NAMES = {"working with people": THEMES[0], "works with people": THEMES[0],
                "providing support": THEMES[1], "ensuring safety": THEMES[2], "ensures safety": THEMES[2],
                "leadership": THEMES[3]}


def match_theme(text: str) -> str | None:
    """The theme a heading names: 'Theme 2: Providing support', 'Ensuring Safety - Our Self-Assessment'."""
    low = re.sub(r"[‘’'\"]", "", text.lower()).strip(" :#*")
    low = re.sub(r"^page \d+ of \d+\s*[:.\-–]\s*", "", low)  # a printed page's running head
    m = re.match(r"^theme\s*(?:\d+|one|two|three|four)?\s*[:.\-–]?\s*(.*)$", low)
    rest = m.group(1) if m else low
    rest = re.sub(r"^how (?:the local authority|[a-z ]+? council|[a-z' .-]+?)\s+(?=works with people|ensures safety)",
                  "", rest)
    for key, theme in _THEME_NAMES.items():
        if rest.startswith(key):
            tail = rest[len(key):].strip()
            if m or not tail or tail[0] in "-–—:(" or tail.startswith(("what good", "within the system")):
                return theme
    return None


def _fuzzy_statement(text: str) -> str | None:
    """A statement named with one word changed ('Leadership, improvement and innovation')."""
    found = match_statement_heading(text)
    if found or len(text) > 70:
        return found
    words = set(re.findall(r"[a-z]+", text.lower())) - {"and", "the", "of", "to", "in", "a"}
    best: tuple[float, str | None] = (0.0, None)
    from assistant.domain.taxonomy import STATEMENTS

    for st in STATEMENTS:
        key = set(re.findall(r"[a-z]+", st.name.lower())) - {"and", "the", "of", "to", "in", "a"}
        if len(key) < 3 or len(words) != len(key):
            continue
        overlap = len(words & key) / len(key)
        if overlap > best[0]:
            best = (overlap, st.name)
    return best[1] if best[0] >= 0.66 else None


def _names_statement(lines: list[Line], i: int) -> bool:
    """A statement-name line standing alone: after a blank or a theme line, before a blank or its score.

    Report pages printed to text put the score ('Score: 3', '3 - Evidence shows …') on the line under
    the statement name, with no blank line between; a sentence that mentions a statement never matches
    a statement's whole name.
    """
    if BULLET.match(lines[i].text) or statement_line(heading_text(lines[i].text)) is None:
        return False  # a bulleted name is a list entry, not a heading
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    before = prev is None or prev.blank or match_theme(heading_text(prev.text)) is not None
    after = nxt is None or nxt.blank or any(p.match(nxt.text) for p in (SCORE_LINE, WORDING_LINE, RATING_LINE))
    return before and after


def is_title_like(text: str) -> bool:
    """Short, capitalised, no sentence ending: the shape of a bare heading line."""
    if not text or len(text) > 100 or len(text.split()) > 14:
        return False
    if text[0] in "\"“‘'(<[!|" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text.endswith((".", ",", ";", "?\"", ".\"", "”")) and not text.endswith("..."):
        return False
    if _TOC.search(text) or re.search(r"https?://|@|\]\(", text) or SCORE_LINE.match(text):
        return False
    numbered = re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]", text) and len(text.split()) <= 9
    if WORDING_LINE.match(text) or (BULLET.match(text) and not numbered) or RATING_LINE.match(text):
        return False
    if _LABELLED_DATE.search(text) or _COUNCIL_NAME.match(text) or _ATTRIBUTION.search(text):
        return False
    if len(text.split()) >= 8 and _VERB.search(text) and not text.endswith("?"):
        return False  # a sentence that lost its full stop, not a title
    return not re.fullmatch(r"[\d\s%./,£:-]+", text)


def find_headings(lines: list[Line]) -> list[Line]:
    """Lines that are headings: markdown '#' lines, or bare title-like lines with blank lines around."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if MD_HEADING.match(line.text):
            if not SCORE_LINE.match(line.text) and heading_text(line.text):
                out.append(line)
            continue
        before = i == 0 or lines[i - 1].blank
        after = i + 1 >= len(lines) or lines[i + 1].blank
        prev = next((ln for ln in reversed(lines[max(0, i - 3):i]) if not ln.blank), None)
        # "Martin Walker, TLAP" under a quotation credits the speaker; it is not a heading
        attribution = (prev is not None and prev.text[:1] in "\"“" and not MD_HEADING.match(prev.text)
                       and "," in line.text and not line.text.endswith((":", "?")))
        if before and after and not attribution and is_title_like(heading_text(line.text)):
            out.append(line)
        elif _names_statement(lines, i) or (before and i + 1 < len(lines) and _names_statement(lines, i + 1)
                                            and match_theme(heading_text(line.text)) is not None):
            out.append(line)  # a statement name over its score, or the theme line right above one
    return out


def build_sections(text: str, lines: list[Line], cqc: bool) -> list[Section]:
    """The logical section tree: levels from meaning (theme 1, statement 2, subsection 3)."""

    heads = find_headings(lines)
    classified: list[Head] = []
    theme: str | None = None
    statement: str | None = None
    seen_structure = False
    theme_rank: tuple[str, int] | None = None
    statement_rank: tuple[str, int] | None = None
    for line in heads:
        htext = heading_text(line.text)
        th = match_theme(htext)
        st = (_fuzzy_statement(htext) or statement_line(htext)) if th is None else None
        rank = None if cqc else _rank(line.text)  # CQC conversions nest '#' erratically: ignore there
        if th is None and st is None and rank is not None:
            # a numbered or '#' heading at the statement's (or theme's) own depth closes it
            if statement_rank is not None and statement_rank[0] == rank[0] and rank[1] <= statement_rank[1]:
                statement, statement_rank = None, None
                seen_structure = theme is not None
            if theme_rank is not None and theme_rank[0] == rank[0] and rank[1] <= theme_rank[1]:
                theme, theme_rank, seen_structure = None, None, False
        if th is not None:
            theme, statement, seen_structure, theme_rank = th, None, True, rank
            classified.append(Head(line, htext, "theme", 1, th, None))
        elif st is not None:
            statement, seen_structure, statement_rank = st, True, rank
            level = 2 if theme is not None else 1
            classified.append(Head(line, htext, "quality_statement", level, theme_of(st), st))
        elif _RESET.match(_NUMBERING.sub("", htext)) or not seen_structure:
            theme = statement = None
            seen_structure = False
            classified.append(Head(line, htext, "report_part" if cqc else "other", 1, None, None))
        elif statement is not None:
            classified.append(Head(line, htext, "subsection", 3, theme_of(statement), statement))
        else:
            classified.append(Head(line, htext, "subsection", 2, theme, None))
    demote_summary_entries(classified, lines)
    if not cqc:
        lift_theme_templates(classified)
    return to_sections(text, classified)


def _rank(raw: str) -> tuple[str, int] | None:
    """A heading's explicit depth: ('num', 2) for '2.1 Title', ('md', 3) for '### Title', else None."""
    m = re.match(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S", raw)
    if m:
        return ("num", m.group(1).count(".") + 1)
    md = MD_HEADING.match(raw.strip())
    return ("md", len(md.group(1))) if md else None


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The deepest section whose range holds the offset."""
    best: Section | None = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.level >= best.level):
            best = s
    return best
