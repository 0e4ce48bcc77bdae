"""Which quality statement a report's narrative is about when its headings do not say: a page saved as text or a
tab panel keeps "Care provision, integration and continuity / Score 2 of 4 ..." as plain lines (and may make
"Key findings for this quality statement" the heading), so the findings after such a line are about its
statement. Improvement answers use it to attribute sentences and to find a statement's findings in such reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.evidence.citations import DocCache
from assistant.models.questions import Passage
from assistant.models.records import DocumentKind
from assistant.understand.lexicon import statement_mentions

_LINE = re.compile(r"[^\n]+")
_MAX_SPAN = 1500  # a statement's findings on such a page are a paragraph or two, never the rest of the page


@lru_cache(maxsize=20000)
def line_statement(text: str) -> str | None:
    """The quality statement a sentence's first line names as a heading would (the statement's name and little
    else); None for a sentence of narrative."""
    line = text.strip().split("\n", 1)[0].strip(" #*:")
    if not line or len(line) > 80:
        return None
    for m in statement_mentions(line):
        if m.strong and m.end - m.start >= 0.6 * len(line):
            return m.statement
    return None


def statement_before(text: str, section_start: int, start: int) -> str | None:
    """The statement named by the nearest plain line above a passage within its section."""
    for line in reversed(text[max(section_start, start - 2000):start].splitlines()):
        if (named := line_statement(line)) is not None:
            return named
    return None


def narrative_passages(docs: DocCache, doc_id: str, statement: str) -> list[Passage]:
    """A statement's findings in a report whose sections do not carry statements: the text after each plain line
    naming it, up to the next line naming a statement (a list of the theme's statements gives nothing)."""
    rec = docs.records.get(doc_id)
    if rec is None:
        return []
    text = docs.text(doc_id)
    lines = [(m.start(), m.end(), line_statement(m.group())) for m in _LINE.finditer(text)]
    out: list[Passage] = []
    for i, (_, end, named) in enumerate(lines):
        if named != statement:
            continue
        stop = next((s for s, _, other in lines[i + 1:] if other is not None), len(text))
        stop = min(stop, end + _MAX_SPAN)
        if len(text[end:stop].strip()) < 40:
            continue
        out.append(Passage(
            chunk_id=f"{doc_id}:line{end}", doc_id=doc_id, title=rec.title, council=rec.council,
            kind=rec.kind or DocumentKind.CQC_ASSESSMENT, heading_path=[statement], theme=None,
            quality_statement=statement, statement_score=None, text=text[end + 1:stop], start=end + 1, end=stop,
            source_path=rec.source_path, score=0.0))
    return out


def statement_passages(docs: DocCache, doc_id: str, statements: Sequence[str]) -> list[Passage]:
    """A report's sections on each statement or, when its sections carry no statement (a page saved as text), the
    findings after the statement's line."""
    return [p for st in statements for p in docs.section_passages(doc_id, st) or narrative_passages(docs, doc_id, st)]
