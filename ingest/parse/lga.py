"""LGA good-practice analysis -> one StatementAnalysis per quality statement and its good-practice items."""

from __future__ import annotations

import re

from assistant.domain.numbers import word_to_int
from assistant.models.records import GoodPracticeItem, Section, Span, StatementAnalysis
from ingest.parse.lines import Line, heading_text

_COUNT = re.compile(
    r"\b(\d{1,3}|[A-Za-z]+(?:[- ][a-z]+)?)\s+(?:local authorities|councils)\s+(?:have\s+|had\s+)?"
    r"(?:received|achieved|were given)\s+a\s+score\s+of\s+(?:3|three)\b", re.I)
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[•●▪◦\-*])\s+(?P<body>.*?)\s*$")
_LABELLED = re.compile(r"^(?P<label>[A-Z][^:.]{1,150}?):\s+(?P<rest>\S.*)$")
_SCORE_QUALIFIER = re.compile(r"\s*:?\s*score of (?:[1-4]|one|two|three|four)\s*:?\s*$", re.I)


def number_value(word: str) -> int | None:
    """'seven' / 'Fourteen' / '7' / 'twenty-one' / 'a further seven' -> int."""
    found = word_to_int(word)
    if found is None and re.search(r"[- ]", word.strip()):
        found = word_to_int(re.split(r"[- ]", word.strip())[-1])
    return found


def clean_subsection(heading: str) -> str:
    """A sub-section heading without a trailing 'Score of four' qualifier or colon."""
    return _SCORE_QUALIFIER.sub("", heading).strip(" :")


def _is_generic(heading: str) -> bool:
    """Lead-in labels ('Themes:', 'Key areas of strength ... focus on:') that are not sub-sections."""
    return heading.rstrip().endswith(":") and "score of" not in heading.lower()


def parse_analysis(text: str, lines: list[Line], sections: list[Section]
                   ) -> tuple[list[StatementAnalysis], list[GoodPracticeItem]]:
    """Statement analyses (sub-sections, count of councils scoring 3) and every good-practice item."""
    analyses: list[StatementAnalysis] = []
    items: list[GoodPracticeItem] = []
    statements = [s for s in sections if s.role == "quality_statement" and s.quality_statement]
    for st in statements:
        name = st.quality_statement
        assert name is not None
        subsections: list[str] = []
        body = text[st.body_start:st.end]
        count_m = _COUNT.search(body)
        count = number_value(count_m.group(1)) if count_m else None
        heading_at = {s.start: s for s in sections if s.parent_id == st.id}
        current: str | None = None
        for line in lines:
            if line.start < st.body_start or line.start >= st.end or line.blank:
                continue
            if line.start in heading_at:
                h = heading_at[line.start].heading
                if not _is_generic(h):
                    current = clean_subsection(h)
                    if current not in subsections:
                        subsections.append(current)
                continue
            item = _item_of(line, name, current)
            if item is None:
                bm = _BULLET.match(line.raw)
                short = bm and len(bm.group("body").split()) <= 12 and not bm.group("body").endswith(".")
                if bm and short and count_m and line.start > st.body_start + count_m.start():
                    current = clean_subsection(bm.group("body"))  # a sub-section heading set as a bullet
                    if current not in subsections:
                        subsections.append(current)
                continue
            if count_m and line.start < st.body_start + count_m.start():
                continue  # the introduction's list of sub-sections, not practice examples
            items.append(item)
        analyses.append(StatementAnalysis(
            statement=name, section_id=st.id, subsections=subsections, councils_scoring_3=count,
            count_span=Span(start=st.body_start + count_m.start(), end=st.body_start + count_m.end())
            if count_m else None,
        ))
    return analyses, items


def _item_of(line: Line, statement: str, subsection: str | None) -> GoodPracticeItem | None:
    """A '• Label: text' bullet, or a 'Label: text' paragraph, as a good-practice item."""
    bm = _BULLET.match(line.raw)
    if bm:
        body = bm.group("body")
        start = line.start + bm.start("body")
    else:
        body = line.raw.strip()
        start = line.start + (len(line.raw) - len(line.raw.lstrip()))
    lm = _LABELLED.match(body)
    if lm is None or len(lm.group("label").split()) > 16:
        return None
    if not bm and len(body.split()) < 8:
        return None
    label = heading_text(lm.group("label")).strip("* ")
    return GoodPracticeItem(statement=statement, subsection=subsection, label=label, text=body,
                            start=start, end=start + len(body))
