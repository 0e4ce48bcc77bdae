"""From classified headings to the section tree: the passes that correct what a heading's own text says.

`ingest.parse.structure` finds the headings and classifies each (theme, quality statement, subsection, report
part); these passes then demote summary-list entries, give theme-closing template headings back to their
theme, and nest the result into `Section`s with exact offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from assistant.models.records import Section
from ingest.parse.lines import SCORE_LINE, WORDING_LINE, Line, statement_line

Role = Literal["report_part", "theme", "quality_statement", "subsection", "other"]


@dataclass
class Head:
    """A heading line as classified: its role, depth and the theme/statement it belongs to."""

    line: Line
    text: str
    role: Role
    level: int
    theme: str | None
    statement: str | None


def demote_summary_entries(heads: list[Head], lines: list[Line]) -> None:
    """A statement heading that only carries a score, repeated later with a body, is a summary entry."""
    for i, head in enumerate(heads):
        if head.role != "quality_statement":
            continue
        later = any(h.statement == head.statement and h.role == "quality_statement" for h in heads[i + 1:])
        nxt = heads[i + 1].line.index if i + 1 < len(heads) else len(lines)
        body = [ln.text for ln in lines[head.line.index + 1: nxt] if not ln.blank]
        words = sum(len(b.split()) for b in body if not SCORE_LINE.match(b) and not WORDING_LINE.match(b)
                    and b.strip("-*_ ") and statement_line(b) is None)  # the next entries of a bare list
        if later and words < 25:
            head.role, head.level, head.statement, head.theme = "report_part", 2, None, None
            # the theme/statement context of following subsections was taken from this entry: clear it
            for nxt_head in heads[i + 1:]:
                if nxt_head.role in ("theme", "quality_statement") or nxt_head.level == 1:
                    break
                if nxt_head.role == "subsection":
                    nxt_head.role, nxt_head.level = "report_part", 1
                    nxt_head.statement = nxt_head.theme = None


def template_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def lift_theme_templates(heads: list[Head]) -> None:
    """A heading each theme repeats once, after its statements, belongs to the theme, not the last statement.

    Self-assessment templates close every theme with the same questions ("What are our plans to
    improve our performance in this area?"). A heading found in two or more themes, at most once in
    each, in themes of two or more statements, is such a template part: it closes the open statement,
    and the subsections after it (up to the next statement or theme) go with it. Headings repeated under
    every statement ("Areas for development") occur several times per theme and stay where they are.
    """
    theme_no, seen, statements = -1, Counter[tuple[str, int]](), Counter[int]()
    for head in heads:
        if head.role == "theme":
            theme_no += 1
        elif head.role == "quality_statement":
            statements[theme_no] += 1
        elif head.role == "subsection" and head.statement is not None and theme_no >= 0:
            seen[(template_key(head.text), theme_no)] += 1
    themes_of: dict[str, list[int]] = {}
    for (key, no), count in seen.items():
        themes_of.setdefault(key, []).append(no if count == 1 and statements[no] >= 2 else -1)
    templates = {key for key, nos in themes_of.items() if len(nos) >= 2 and -1 not in nos}
    theme: str | None = None
    lifted = False
    for head in heads:
        if head.role in ("theme", "quality_statement") or head.level == 1:
            theme, lifted = (head.theme if head.role == "theme" else theme), False
            continue
        if head.role == "subsection" and template_key(head.text) in templates:
            head.level, head.statement, head.theme, lifted = 2, None, theme, True
        elif lifted and head.role == "subsection":
            head.statement, head.theme = None, theme


def to_sections(text: str, heads: list[Head]) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    for n, head in enumerate(heads):
        while stack and stack[-1].level >= head.level:
            stack.pop()
        parent = stack[-1] if stack else None
        body_start = min(head.line.end + 1, len(text))
        end = len(text)
        for later in heads[n + 1:]:
            if later.level <= head.level:
                end = later.line.start
                break
        section = Section(
            id=f"s{n:03d}", heading=head.text, role=head.role,
            level=head.level, path=[*(parent.path if parent else []), head.text],
            start=head.line.start, end=end, body_start=body_start,
            theme=head.theme, quality_statement=head.statement,
            parent_id=parent.id if parent else None,
        )
        sections.append(section)
        stack.append(section)
    return sections
