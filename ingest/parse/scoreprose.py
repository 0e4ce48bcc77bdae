"""Scores stated in prose: 'scoring 2 for safeguarding', 'Safeguarding had scored two out of four', 'rated
safeguarding 3/4', 'assessing needs (3)', 'X was given a score of two, as was Y', 'A, B and C were each scored two'.

Each item keeps the span from the statement's name to its score; a statement is named by the words nearest the
value (`scoreitems.name_before`), so dates, counts and percentages in the same sentence are never taken for it.
"""

from __future__ import annotations

import re

from assistant.domain.numbers import word_to_int
from assistant.domain.taxonomy import match_statement_heading
from ingest.parse.lines import Line
from ingest.parse.scoreitems import NUM, Item, name_before, named

CUE = re.compile(r"\b(?:scor(?:e|es|ed|ing)|given|gave|got|rating|rated|received|awarded|achieved|earned|marked|"
                 r"out of (?:4|four))\b", re.I)
_OUT_OF = r"(?:out of (?:a possible |a maximum of )?(?:4|four)|of (?:4|four))"
_SLASH = r"(?:\s*/\s*4)?"  # '3/4'
_PROSE = re.compile(r"\b(?P<num>" + NUM + r")" + _SLASH + r"(?:\s*,)?\s+(?:" + _OUT_OF + r"\s+)?for\s+"
                    r"(?P<name>[^.;:\n—–(]{3,90})", re.I)
_AND_FOR = re.compile(r"\s*,?\s*and\s+(?:also\s+)?for\s+", re.I)  # '3 for safeguarding and for how it works …'
# 'Safeguarding had scored two out of four', '(partnerships and communities, score 3)': the name before the value
_NAME_FIRST = re.compile(
    r"(?:\s*,)?\s+(?P<aux>(?:(?:had|has|was|were|also|each|all|both)\s+){0,3})"
    r"(?:scored(?:\s+as)?|score(?:\s+of)?|was given|received|got)\s*:?\s*"
    r"(?:an?\s+(?:score\s+of\s+)?)?(?P<num>" + NUM + r")\b" + _SLASH + r"(?:\s+" + _OUT_OF + r")?"
    r"(?!\s*(?:%|per\s?cent|out of 100))"
    r"(?!\s+(?:" + _OUT_OF + r"\s+)?for\b)", re.I)
# 'rated safeguarding 3/4', 'equity in experience and outcomes two out of four', 'X was rated 2/4': a value out of
# four right after the name (the fraction itself says it is a score)
_FRACTION = re.compile(
    r"(?:\s*,)?(?:\s+(?:was|were|is|has been|had been)\s+(?:rated|scored|given)|\s+(?:rated|scored))?"
    r"\s+(?P<num>" + NUM + r")(?:\s*/\s*4\b|\s+out of (?:a possible )?(?:4|four)\b)(?!\s+for\b)", re.I)
# '…, as was fair access and equality', '…, and so did working with partners': another statement, the same value
_AS_WAS = re.compile(r"\s*,?\s*(?:as|and so)\s+(?:was|were|did|had)\s+(?P<name>[^.;:\n(]{3,90})", re.I)
_LIST_SEP = re.compile(r"(?:\s*,\s*and|\s*,|\s+and)\s+(?:(?:the|its|their|local)\s+)*$", re.I)
# 'assessing needs (3), supporting people to live healthier lives (3)': a value in brackets after the name
_PAREN = re.compile(r"(?P<name>[A-Za-z][^()\n:;.]{2,90}?)\s*\((?P<scored>(?:scored?\s*:?\s*))?(?P<num>" + NUM
                    + r")(?:\s*(?:out of|of|/)\s*(?:4|four))?\)", re.I)
_OPEN_END = re.compile(r"(?:,|\b(?:and|but|or))\s*$", re.I)
_CUT = re.compile(r"\s*(?:,|\band\b|\bbut\b)\s")


def prose_items(line: Line) -> list[Item]:
    """'scoring 2 for safeguarding and 2 for assessing needs', 'a score of three for how it learns, improves'."""
    out: list[Item] = []
    for sentence in re.finditer(r"[^.;\n]+", line.raw):
        cue = CUE.search(sentence.group(0))
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
                statement, cut = next(((st, c) for c in cuts if (st := named(name[:c])[0]) is not None),
                                      (None, 0))
                if statement is None:
                    break
                cut = max(c for c in cuts if c == cut or (c > cut and match_statement_heading(name[:c]) == statement
                                                          and not _OPEN_END.search(name[:c])))  # CQC's whole name
                out.append(Item(name[:cut].strip(), statement, None, value, line.start + m.start("num"),
                                line.start + base + cut, line.index))
                more = _AND_FOR.match(name, cut)  # '… and for how it works with partners'
                if more is None:
                    break
                base, name = base + more.end(), name[more.end():]
                cuts = [c.start() for c in _CUT.finditer(name)] + [len(name.rstrip())]
    return out


def _listed_before(text: str, start: int, value: int, line: Line) -> list[Item]:
    """The statements listed before a plural subject's last one ('A, B and C were each scored two')."""
    out: list[Item] = []
    while (sep := _LIST_SEP.search(text, 0, start)) is not None:
        statement, at = name_before(text, sep.start())
        if statement is None:
            break
        out.append(Item(text[at:sep.start()].strip(), statement, None, value, line.start + at,
                        line.start + sep.start(), line.index))
        start = at
    return out


def _same_value(text: str, end: int, value: int, line: Line) -> list[Item]:
    """'…, as was fair access and equality': the statement named after the value, scored the same."""
    m = _AS_WAS.match(text, end)
    if m is None:
        return []
    statement, _ = named(m.group("name"))
    return [] if statement is None else [Item(m.group("name").strip(), statement, None, value,
                                              line.start + m.start("name"), line.start + m.end(), line.index)]


def named_first_items(line: Line) -> list[Item]:
    """'Safeguarding had scored two out of four', '(partnerships and communities, score 3)', 'rated X 3/4'."""
    out: list[Item] = []
    for pattern in (_NAME_FIRST, _FRACTION):
        for m in pattern.finditer(line.raw):
            statement, at = name_before(line.raw, m.start())
            value = word_to_int(m.group("num"))
            if statement is None or value is None:
                continue
            out.append(Item(line.raw[at:m.start()].strip(), statement, None, value, line.start + at,
                            line.start + m.end(), line.index))
            if re.search(r"\b(?:were|each|all|both)\b", m.group(0), re.I):
                out.extend(_listed_before(line.raw, at, value, line))
            out.extend(_same_value(line.raw, m.end(), value, line))
    return out


def bracket_items(line: Line) -> list[Item]:
    """'assessing needs (3), supporting people … (3)': named values in brackets, two or more in a paragraph
    or one that says 'score' or sits in a sentence about scoring."""
    found: list[Item] = []
    brackets = list(_PAREN.finditer(line.raw))
    for m in brackets:
        statement, at = name_before(line.raw, m.start("name") + len(m.group("name").rstrip()), 10)
        value = word_to_int(m.group("num"))
        if statement is None or value is None:
            continue
        sentence = line.raw[: m.start()].rsplit(".", 1)[-1]
        if m.group("scored") or CUE.search(sentence) or len(brackets) >= 2:
            found.append(Item(line.raw[at:m.start("num")].strip(" ("), statement, None, value, line.start + at,
                              line.start + m.end(), line.index))
    return found
