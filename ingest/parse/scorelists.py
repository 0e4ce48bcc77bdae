"""Scores stated in lists, table rows and prose: press releases, news items, PDF/DOCX/markdown tables.

Each item keeps the span from the statement's name to its score. Statements are matched tolerantly
(`assistant.domain.statements`); an item naming only a theme ("how the local authority works with people")
takes the statement of that theme that no other item of its list names, in framework order.
"""

from __future__ import annotations

import re

from assistant.domain.numbers import word_to_int
from assistant.domain.taxonomy import statements_in_theme, theme_of
from assistant.models.records import StatementScore
from ingest.parse.lines import Line
from ingest.parse.scoreitems import DASH, NUM, Item, named
from ingest.parse.scoreprose import bracket_items, named_first_items, prose_items

_BULLET = r"[•●▪◦‣⁃*\x7f\-–]"  # '\x7f' is how PDF text extraction reads a standard font's bullet
_ITEM_MARK = re.compile(r"^\s*(?:" + _BULLET + r"|\d{1,2}[.)])\s+")
_MARK = re.compile(r"^\s*(?:" + _BULLET + r"|\d{1,2}[.)])?\s*")
_DASH_ITEM = re.compile(
    r"^(?P<name>[^\d|][^|]{2,120}?)\s*(?:" + DASH + r"{1,2}|:)\s*"
    r"(?:(?:an?\s+)?(?:indicative\s+)?scored?(?:\s+of)?\s*:?\s*)?"
    r"(?P<num>" + NUM + r")\b\s*(?:/\s*4\b)?\s*(?:\(?(?:(?:out )?of (?:4|four))\)?)?\s*(?:\([^()|]{1,40}\))?"
    r"\s*(?:(?:" + DASH + r"|:)\s*evidence shows[^|]*)?"
    r"(?:[.;,]?\s*(?:and|or)?)?\s*$", re.I)  # the last-but-one item may end ', and'
_NUM_FIRST = re.compile(  # '2 – Assessing needs', '3: Safeguarding' (score-first list items)
    r"^(?P<num>" + NUM + r")\s*(?:" + DASH + r"|:|\))\s*(?P<name>[A-Za-z‘'\"“][^|]{2,120}?)"
    r"\s*(?:[.;,]?\s*(?:and|or)?)?\s*$",
    re.I)
_LONGEST = 1200  # characters of one paragraph read for scores (minutes run nine scores into one sentence)
_SCORE_CELL = re.compile(r"\s*(?:score:?\s*)?(" + NUM + r")(?:\s*(?:" + DASH + r"|:).*|\s+evidence shows.*)?\s*",
                         re.I)


def _table_item(line: Line) -> Item | None:
    """'| Theme | 1. assessing people’s needs | 3 |' -> the cell naming a statement and the score cell."""
    cells = [(m.start(1), m.group(1)) for m in re.finditer(r"([^|]+)", line.raw) if m.group(1).strip()]
    if line.raw.count("|") < 2 or len(cells) < 2:
        return None
    score_cells = [(i, c) for i, (_, c) in enumerate(cells) if _SCORE_CELL.fullmatch(c)]
    if not score_cells:
        return None
    k, text = score_cells[-1]
    value = word_to_int(re.search(NUM, text, re.I).group(0))  # type: ignore[union-attr]
    best: tuple[int, str | None, str | None, int] | None = None
    for i, (off, c) in enumerate(cells[:k]):
        statement, theme = named(c)
        if statement is not None or (theme is not None and best is None):
            best = (off, statement, theme, i)
    if best is None or value is None:
        return None
    off, statement, theme, i = best
    lead = len(cells[i][1]) - len(cells[i][1].lstrip())
    end = line.start + cells[k][0] + len(cells[k][1].rstrip())
    return Item(cells[i][1].strip(), statement, theme, value, line.start + off + lead, end, line.index)


def _dash_item(line: Line) -> Item | None:
    """'- Safeguarding – 2', '7. safeguarding – indicative score of two', 'Safeguarding: 2'."""
    marker = _MARK.match(line.raw)
    body_start = marker.end() if marker else 0
    body = line.raw[body_start:].rstrip()
    m = _DASH_ITEM.match(body) or _NUM_FIRST.match(body)
    if m is None:
        return None
    statement, theme = named(m.group("name"))
    value = word_to_int(m.group("num"))
    if (statement is None and theme is None) or value is None:
        return None
    start = line.start + body_start + (len(m.group("name")) - len(m.group("name").lstrip()))
    return Item(m.group("name").strip(), statement, theme, value, start, line.start + body_start + len(body),
                line.index)


def _paragraph(lines: list[Line], k: int) -> Line:
    """Line k with the lines that continue its sentence (a next line starting in lower case), as one line with
    the same offsets (each break becomes a space)."""
    line, j = lines[k], k + 1
    while (j < len(lines) and not lines[j].blank and re.match(r"\s*[a-z‘'\"“(]", lines[j].raw)
           and len(line.raw) + len(lines[j].raw) <= _LONGEST and "|" not in lines[j].raw
           and (len(lines[j].raw) > 200 or _dash_item(lines[j]) is None)):  # an unmarked list item stays one
        line = Line(line.index, line.start, lines[j].end, line.raw + " " + lines[j].raw)
        j += 1
    return line


def _joined(line: Line, nxt: Line | None) -> Line | None:
    """A list item whose name runs on to the next line ('3) Equity in experience and' / '   outcomes: 3'), as one
    line with the item's offsets (the break becomes a space)."""
    if nxt is None or nxt.blank or len(line.raw) + len(nxt.raw) > 200 or re.search(r"\d\W*$", line.raw):
        return None
    if not _ITEM_MARK.match(line.raw) or _ITEM_MARK.match(nxt.raw):
        return None  # only a marked item continues, and only onto an unmarked line
    return Line(line.index, line.start, nxt.end, line.raw + " " + nxt.raw)


def list_items(lines: list[Line]) -> list[Item]:
    """Every score item of every line: table rows, dashed or numbered list entries, prose."""
    items: list[Item] = []
    within = -1  # the last line already read as part of a paragraph
    for k, line in enumerate(lines):
        if line.blank or len(line.raw) > _LONGEST or k <= within:
            continue
        one = _table_item(line) if "|" in line.raw else None
        one = one or (_dash_item(line) if len(line.raw) <= 200 else None)
        if one is None and (two := _joined(line, lines[k + 1] if k + 1 < len(lines) else None)) is not None:
            one = _dash_item(two)
            within = k + 1 if one is not None else within  # its second line is read ('transitions: 3' alone)
        if one is not None:
            items.append(one)
            continue
        para = _paragraph(lines, k)
        within = k
        while within + 1 < len(lines) and lines[within + 1].end <= para.end:
            within += 1
        prose = prose_items(para)
        taken = [(i.start, i.end) for i in prose]
        for extra in named_first_items(para) + bracket_items(para):
            if not any(a < extra.end and extra.start < b for a, b in taken):
                prose.append(extra)
                taken.append((extra.start, extra.end))
        items.extend(sorted(prose, key=lambda i: i.start))
    return items


def resolve_themes(items: list[Item]) -> list[Item]:
    """Give theme-named items the unnamed statement of their theme, list by list (items on nearby lines)."""
    out: list[Item] = []
    blocks: list[list[Item]] = []
    for item in items:
        if blocks and item.line - blocks[-1][-1].line <= 3:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    for block in blocks:
        named = {i.statement for i in block if i.statement}
        for item in block:
            if item.statement is None and item.theme is not None and len(block) >= 3:
                free = [s for s in statements_in_theme(item.theme) if s not in named]
                if free:
                    item.statement = free[0]
                    named.add(free[0])
            if item.statement is not None:
                out.append(item)
    return out


def list_scores(lines: list[Line]) -> list[StatementScore]:
    """Scores from lists, tables and prose, each with the span from its name to its score."""
    return [StatementScore(statement=i.statement, theme=theme_of(i.statement), score=i.score, label=i.name,
                           start=i.start, end=i.end, origin="summary")
            for i in resolve_themes(list_items(lines)) if i.statement is not None]
