"""CQC report layouts: statement headings with score lines, the rating block, and choosing one score each."""

from __future__ import annotations

import re

from assistant.domain.numbers import word_to_int
from assistant.domain.taxonomy import RATINGS, STATEMENT_NAMES, match_statement_heading, theme_of
from assistant.models.records import ParsedDocument, ScoreConflict, Section, Span, StatementScore
from ingest.parse.lines import (
    BULLET,
    MD_HEADING,
    RATING_LINE,
    SCORE_LINE,
    WORDING_LINE,
    Line,
    heading_text,
    label_start,
)

_RATING_HEAD = re.compile(
    r"\b(?:local authority|overall)\s+(?:indicative\s+)?rating\b|^(?:indicative\s+)?rating\b|^overall summary$", re.I)
_INLINE_SCORE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z ,’'&]+?)\s*(?:[|:\-–]\s*)*(?:(?:indicative\s+)?score\s*:?\s*)?"
    r"(?P<digit>[1-4])(?:\s*[-–:]\s*(?P<wording>evidence shows.*?))?\s*\.?\s*\|?$", re.I)
_WORDING_ONLY = re.compile(r"^(?P<digit>)?(?P<wording>evidence shows[^\n]*?)\s*\.?$", re.I)
_BARE_DIGIT = re.compile(r"^(?P<digit>[1-4])(?P<wording>)\s*$")
_FRACTION = re.compile(r"^(?P<digit>[1-4])\s*(?:out of|of|/)\s*4\b\.?\s*$", re.I)  # '3 out of 4' on its own line
_QS_PREFIX = re.compile(r"^(?:QS|quality statement)\s*\d{1,2}\s*[:.\-–]?\s*", re.I)  # 'QS1 Assessing needs'
# the score as a sentence or spelled under the name: 'This quality statement was given a 3 (evidence shows ...)',
# 'It was given a score of three', 'Score: Two'
_SCORE_SENTENCE = re.compile(
    r"^(?:(?:(?:this|the)\s+(?:quality\s+)?statement|it)\s+(?:was|has been|is)\s+(?:given|awarded|scored|rated)"
    r"\s*:?\s*(?:an?\s+)?(?:score\s+of\s+)?(?P<num>[1-4]|one|two|three|four)"
    r"|(?:#{1,6}\s*)?(?:indicative\s+)?score\s*:?\s*(?P<word>one|two|three|four))\b(?!\s*(?:%|per\s?cent|/\s*100))",
    re.I)
_NAMED_RATING = re.compile(r"^.{3,80}?\b(?:council|authority)\s*[:\-–—]\s*(?P<rest>\S.*)$", re.I)


def _next_nonblank(lines: list[Line], i: int, limit: int = 2) -> list[Line]:
    out: list[Line] = []
    j = i + 1
    while j < len(lines) and len(out) < limit:
        if not lines[j].blank and lines[j].text.strip("-*_ "):
            out.append(lines[j])
        elif not lines[j].blank and out:
            break
        j += 1
    return out


def _line_end(line: Line) -> int:
    return line.start + len(line.raw.rstrip())


def find_scores(lines: list[Line], sections: list[Section]) -> list[StatementScore]:
    """Every 'statement name' line followed by a score line (and optional wording line)."""
    heading_starts = {s.start for s in sections if s.role == "quality_statement"}
    found: list[StatementScore] = []
    for i, line in enumerate(lines):
        if line.blank or len(line.text) > 90:
            continue
        label = _QS_PREFIX.sub("", heading_text(BULLET.sub("", line.text)))
        inline = _inline_score(line, label)
        if inline is not None:
            if line.start in heading_starts:
                inline.origin = "section"
            found.append(inline)
            continue
        statement = match_statement_heading(label)
        after = _next_nonblank(lines, i, 4)
        wrapped = (statement is None and after and len(after[0].text) <= 60 and re.search(r"[A-Za-z]{3}", label)
                   and not MD_HEADING.match(after[0].text))
        if wrapped:  # a name wrapped over two lines (PDF table cells)
            statement = match_statement_heading(f"{label} {heading_text(after[0].text)}")
            after = after[1:] if statement else after
        if statement is None or not after:
            continue
        score: int | None = None
        wording: str | None = None
        end = 0
        first = after[0]
        sm = SCORE_LINE.match(first.text)
        wm = WORDING_LINE.match(first.text)
        said = _SCORE_SENTENCE.match(first.text)
        if said:
            score, end = word_to_int(said.group("num") or said.group("word")), _line_end(first)
            tail = re.search(r"\(?(evidence shows[^)]*?)\)?\s*\.?$", first.text, re.I)
            wording = tail.group(1) if tail else None
        elif sm and sm.group("digit"):
            score, end = int(sm.group("digit")), _line_end(first)
            tail = re.search(r"[-–—:]\s*(evidence shows.*?)\s*\.?$", first.text, re.I)
            if tail:
                wording = tail.group(1)
            elif len(after) > 1:
                w2 = WORDING_LINE.match(after[1].text) or _WORDING_ONLY.match(after[1].text)
                if w2 and (not w2.group("digit") or int(w2.group("digit")) == score):
                    wording, end = w2.group("wording"), _line_end(after[1])
        elif sm and len(after) > 1:
            w2 = WORDING_LINE.match(after[1].text) or _BARE_DIGIT.match(after[1].text)
            if w2:
                score, end = int(w2.group("digit")), _line_end(after[1])
                wording = w2.group("wording") or None
        elif wm:
            score, wording, end = int(wm.group("digit")), wm.group("wording"), _line_end(first)
        elif fm := _FRACTION.match(first.text):
            score, end = int(fm.group("digit")), _line_end(first)
        elif _BARE_DIGIT.match(first.text) and len(after) > 1 and _WORDING_ONLY.match(after[1].text):
            score, end = int(first.text), _line_end(after[1])  # table cells: '3' then 'Evidence shows ...'
            wording = after[1].text.rstrip(".")
        if score is None:
            continue
        start = label_start(line)
        found.append(StatementScore(
            statement=statement, theme=theme_of(statement), score=score,
            wording=wording,
            label=label, start=start, end=end,
            origin="section" if line.start in heading_starts else "summary",
        ))
    return found


def _inline_score(line: Line, label: str) -> StatementScore | None:
    """'Assessing needs | 3', 'Safeguarding: Score 2 - Evidence shows some shortfalls' on one line."""
    m = _INLINE_SCORE.match(label)
    if m is None:
        return None
    statement = match_statement_heading(m.group("name"))
    if statement is None:
        return None
    start = label_start(line)
    return StatementScore(
        statement=statement, theme=theme_of(statement), score=int(m.group("digit")),
        wording=m.group("wording") or None, label=m.group("name").strip(" *|:-–"),
        start=start, end=_line_end(line), origin="summary",
    )


def choose_scores(found: list[StatementScore]) -> tuple[list[StatementScore], list[ScoreConflict]]:
    """One score per statement (a report's before a press release's, a section's before a summary's), and the
    disagreements."""
    chosen: list[StatementScore] = []
    conflicts: list[ScoreConflict] = []
    for name in STATEMENT_NAMES:
        mine = [s for s in found if s.statement == name]
        if not mine:
            continue
        rank = {"report": 0, "press_release": 1, "news": 2, "other": 3}
        mine.sort(key=lambda s: (rank[s.source], s.origin != "section"))
        chosen.append(mine[0])
        if len({s.score for s in mine}) > 1:
            conflicts.append(ScoreConflict(statement=name, scores=mine))
    return chosen, conflicts


def find_rating(text: str, lines: list[Line]) -> tuple[str | None, str | None, Span | None, bool]:
    """Overall rating, its wording, its span and whether it is indicative."""
    indicative = bool(re.search(r"indicative\s+(rating|score)", text, re.I))
    for i, line in enumerate(lines):
        if line.blank or not _RATING_HEAD.search(heading_text(line.text)):
            continue
        inline = re.search(r"rating\s*(?:and score)?\s*[:\-–]\s*(.+)$", line.text, re.I)
        candidates = ([line] if inline else []) + _next_nonblank(lines, i, 4)
        for cand in candidates:
            body = (cand.text if cand is not line else inline.group(1) if inline else "").strip()
            named = _NAMED_RATING.match(body)  # "Derby City Council: Requires improvement"
            if named and not RATING_LINE.match(body):
                body = named.group("rest")
            m = RATING_LINE.match(body)
            if m:
                rating = next(r for r in RATINGS if r.lower() == m.group("rating").lower())
                offset = cand.start + cand.raw.find(body) + m.start("rating")
                span = Span(start=offset, end=_line_end(cand))
                return rating, (m.group("wording") or None), span, indicative
    return None, None, None, indicative


def rating_block(doc: ParsedDocument) -> tuple[int, int] | None:
    """The overall-rating evidence: from the rating heading ('Local authority rating') to the rating line."""
    a = doc.assessment
    if a is None or a.rating_span is None:
        return None
    text = doc.text
    window_start = max(0, a.rating_span.start - 300)
    heads = list(_RATING_HEAD.finditer(text, window_start, a.rating_span.start + 1))
    start = a.rating_span.start
    if heads:
        start = text.rfind("\n", 0, heads[-1].start()) + 1
    return start, a.rating_span.end
