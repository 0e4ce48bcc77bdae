"""Scores stated in lists, table rows and prose: press releases, news items, PDF/DOCX/markdown tables.

Each item keeps the span from the statement's name to its score. Statements are matched tolerantly
(`assistant.domain.statements`); an item naming only a theme ("how the local authority works with people")
takes the statement of that theme that no other item of its list names, in framework order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.numbers import word_to_int
from assistant.domain.statements import statement_named
from assistant.domain.taxonomy import STATEMENT_NAMES, statements_in_theme, theme_of
from assistant.models.records import StatementScore
from ingest.parse.lines import Line

_NUM = r"(?:[1-4]|one|two|three|four)"
_ITEM_MARK = re.compile(r"^\s*(?:[•●▪◦*\-–]|\d{1,2}[.)])\s+")
_MARK = re.compile(r"^\s*(?:[•●▪◦*\-–]|\d{1,2}[.)])?\s*")
_DASH_ITEM = re.compile(
    r"^(?P<name>[^\d|][^|]{2,120}?)\s*(?:[–—-]|:)\s*(?:(?:an?\s+)?(?:indicative\s+)?scored?(?:\s+of)?\s*:?\s*)?"
    r"(?P<num>" + _NUM + r")\b\s*(?:/\s*4\b)?\s*(?:\(?(?:(?:out )?of (?:4|four))\)?)?\s*(?:\([^()|]{1,40}\))?"
    r"\s*(?:[-–—:]\s*evidence shows[^|]*)?"
    r"(?:[.;,]?\s*(?:and|or)?)?\s*$", re.I)  # the last-but-one item may end ', and'
_NUM_FIRST = re.compile(  # '2 – Assessing needs', '3: Safeguarding' (score-first list items)
    r"^(?P<num>" + _NUM + r")\s*(?:[–—:-]|\))\s*(?P<name>[A-Za-z‘'\"“][^|]{2,120}?)\s*(?:[.;,]?\s*(?:and|or)?)?\s*$",
    re.I)
_SCORE_CELL = re.compile(r"\s*(?:score:?\s*)?(" + _NUM + r")(?:\s*[-–—:].*|\s+evidence shows.*)?\s*", re.I)
_CUE = re.compile(r"\b(?:scor(?:e|es|ed|ing)|given|gave|got|rating|rated|received|awarded|achieved|earned|marked|"
                  r"out of (?:4|four))\b", re.I)
_OUT_OF = r"(?:out of (?:a possible |a maximum of )?(?:4|four)|of (?:4|four))"
_SLASH = r"(?:\s*/\s*4)?"  # '3/4'
_PROSE = re.compile(r"\b(?P<num>" + _NUM + r")" + _SLASH + r"(?:\s*,)?\s+(?:" + _OUT_OF + r"\s+)?for\s+"
                    r"(?P<name>[^.;:\n—–(]{3,90})", re.I)
_AND_FOR = re.compile(r"\s*,?\s*and\s+(?:also\s+)?for\s+", re.I)  # '3 for safeguarding and for how it works …'
# 'Safeguarding had scored two out of four', '(partnerships and communities, score 3)': the name before the value
_NAME_FIRST = re.compile(
    r"(?:\s*,)?\s+(?:(?:had|has|was|were|also)\s+){0,2}(?:scored(?:\s+as)?|score(?:\s+of)?|was given|received|got)"
    r"\s*:?\s*"
    r"(?:an?\s+(?:score\s+of\s+)?)?(?P<num>" + _NUM + r")\b" + _SLASH + r"(?:\s+" + _OUT_OF + r")?"
    r"(?!\s*(?:%|per\s?cent|out of 100))"
    r"(?!\s+(?:" + _OUT_OF + r"\s+)?for\b)", re.I)
# 'assessing needs (3), supporting people to live healthier lives (3)': a value in brackets after the name
_PAREN = re.compile(r"(?P<name>[A-Za-z][^()\n:;.]{2,90}?)\s*\((?P<scored>(?:scored?\s*:?\s*))?(?P<num>" + _NUM
                    + r")(?:\s*(?:out of|of|/)\s*(?:4|four))?\)", re.I)
_CUT = re.compile(r"\s*(?:,|\band\b|\bbut\b)\s")
_STEM_STOP = {"how", "it", "its", "the", "and", "of", "to", "in", "a", "an", "for", "with", "people", "council"}


@dataclass
class Item:
    """A name and a score found on one line (or in one sentence), before the list's themes are resolved."""

    name: str
    statement: str | None
    theme: str | None
    score: int
    start: int
    end: int
    line: int


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _STEM_STOP}


def _named(name: str) -> tuple[str | None, str | None]:
    """(statement, theme) a phrase names: tolerant match, else every stem of one statement's name present."""
    clean = name.strip(" ‘’'\"“”*")
    found = statement_named(clean)
    if found is not None:
        return found.statement, found.theme
    words = clean.split()
    for n in range(len(words) - 1, 0, -1):  # 'partnerships and communities, one of its strongest areas'
        found = statement_named(" ".join(words[:n]))
        if found is not None and found.statement is not None:
            return found.statement, None
    stems = _stems(clean)
    hits = [s for s in STATEMENT_NAMES if (key := _stems(s)) and len(key) >= 2 and key <= stems]
    return (hits[0], None) if len(hits) == 1 and len(stems) <= 8 else (None, None)


def _table_item(line: Line) -> Item | None:
    """'| Theme | 1. assessing people’s needs | 3 |' -> the cell naming a statement and the score cell."""
    cells = [(m.start(1), m.group(1)) for m in re.finditer(r"([^|]+)", line.raw) if m.group(1).strip()]
    if line.raw.count("|") < 2 or len(cells) < 2:
        return None
    score_cells = [(i, c) for i, (_, c) in enumerate(cells) if _SCORE_CELL.fullmatch(c)]
    if not score_cells:
        return None
    k, text = score_cells[-1]
    value = word_to_int(re.search(_NUM, text, re.I).group(0))  # type: ignore[union-attr]
    best: tuple[int, str | None, str | None, int] | None = None
    for i, (off, c) in enumerate(cells[:k]):
        statement, theme = _named(c)
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
    statement, theme = _named(m.group("name"))
    value = word_to_int(m.group("num"))
    if (statement is None and theme is None) or value is None:
        return None
    start = line.start + body_start + (len(m.group("name")) - len(m.group("name").lstrip()))
    return Item(m.group("name").strip(), statement, theme, value, start, line.start + body_start + len(body),
                line.index)


def _prose_items(line: Line) -> list[Item]:
    """'scoring 2 for safeguarding and 2 for assessing needs', 'a score of three for how it learns, improves'."""
    out: list[Item] = []
    for sentence in re.finditer(r"[^.;\n]+", line.raw):
        cue = _CUE.search(sentence.group(0))
        if cue is None:
            continue
        at = sentence.start() + cue.start()
        while (m := _PROSE.search(line.raw, at, sentence.end())) is not None:
            at = m.start("name")
            name = m.group("name")
            nxt = _PROSE.search(name)  # the name stops where the next item begins
            name = name[: nxt.start()] if nxt else name
            cuts = [c.start() for c in _CUT.finditer(name)] + [len(name.rstrip())]
            value = word_to_int(m.group("num"))
            base = m.start("name")
            while value is not None and name:
                statement, cut = next(((st, c) for c in cuts if (st := _named(name[:c])[0]) is not None),
                                      (None, 0))
                if statement is None:
                    break
                out.append(Item(name[:cut].strip(), statement, None, value, line.start + m.start("num"),
                                line.start + base + cut, line.index))
                more = _AND_FOR.match(name, cut)  # '… and for how it works with partners'
                if more is None:
                    break
                base, name = base + more.end(), name[more.end():]
                cuts = [c.start() for c in _CUT.finditer(name)] + [len(name.rstrip())]
    return out


def _name_before(text: str, end: int, max_words: int = 8) -> tuple[str | None, int]:
    """The statement the last words before `end` name (fewest words first), and where its name starts."""
    head = text[:end]
    words = list(re.finditer(r"[A-Za-z’'-]+", head))
    stop = max((head.rfind(c) for c in "(.;:!?"), default=-1)
    for n in range(1, min(max_words, len(words)) + 1):
        first = words[-n]
        if first.start() <= stop:
            break
        statement, _ = _named(head[first.start():])
        if statement is not None:
            return statement, first.start()
    return None, -1


def _named_first_items(line: Line) -> list[Item]:
    """'Safeguarding had scored two out of four', '(partnerships and communities, score 3)'."""
    out: list[Item] = []
    for m in _NAME_FIRST.finditer(line.raw):
        statement, at = _name_before(line.raw, m.start())
        value = word_to_int(m.group("num"))
        if statement is not None and value is not None:
            out.append(Item(line.raw[at:m.start()].strip(), statement, None, value, line.start + at,
                            line.start + m.end(), line.index))
    return out


def _bracket_items(line: Line) -> list[Item]:
    """'assessing needs (3), supporting people … (3)': named values in brackets, two or more in a paragraph
    or one that says 'score' or sits in a sentence about scoring."""
    found: list[Item] = []
    for m in _PAREN.finditer(line.raw):
        statement, at = _name_before(line.raw, m.start("name") + len(m.group("name").rstrip()), 10)
        value = word_to_int(m.group("num"))
        if statement is None or value is None:
            continue
        sentence = line.raw[: m.start()].rsplit(".", 1)[-1]
        if m.group("scored") or _CUE.search(sentence) or len(list(_PAREN.finditer(line.raw))) >= 2:
            found.append(Item(line.raw[at:m.start("num")].strip(" ("), statement, None, value, line.start + at,
                              line.start + m.end(), line.index))
    return found


def _paragraph(lines: list[Line], k: int) -> Line:
    """Line k with the lines that continue its sentence (a next line starting in lower case), as one line with
    the same offsets (each break becomes a space)."""
    line, j = lines[k], k + 1
    while (j < len(lines) and not lines[j].blank and re.match(r"\s*[a-z‘'\"“(]", lines[j].raw)
           and len(line.raw) + len(lines[j].raw) <= 600 and "|" not in lines[j].raw
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
        if line.blank or len(line.raw) > 600 or k <= within:
            continue
        one = _table_item(line) if "|" in line.raw else None
        one = one or (_dash_item(line) if len(line.raw) <= 200 else None)
        if one is None and (two := _joined(line, lines[k + 1] if k + 1 < len(lines) else None)) is not None:
            one = _dash_item(two)
        if one is not None:
            items.append(one)
            continue
        para = _paragraph(lines, k)
        within = k
        while within + 1 < len(lines) and lines[within + 1].end <= para.end:
            within += 1
        prose = _prose_items(para)
        taken = [(i.start, i.end) for i in prose]
        for extra in _named_first_items(para) + _bracket_items(para):
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
