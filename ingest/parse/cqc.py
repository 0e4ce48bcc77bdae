"""CQC local authority assessment -> Assessment: council, dates, overall rating, nine statement scores."""

from __future__ import annotations

import re
from datetime import date, datetime

from assistant.domain.councils import canonical_council
from assistant.domain.taxonomy import RATINGS, STATEMENT_NAMES, match_statement_heading, theme_of
from assistant.models.records import Assessment, ParsedDocument, ScoreConflict, Section, Span, StatementScore
from ingest.parse.lines import (
    BULLET,
    RATING_LINE,
    SCORE_LINE,
    WORDING_LINE,
    Line,
    heading_text,
    label_start,
)

_DATE = r"(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})"
_RATING_HEAD = re.compile(r"\b(?:local authority|overall)\s+(?:indicative\s+)?rating\b|^rating\b", re.I)
_INLINE_SCORE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z ,’'&]+?)\s*(?:[|:\-–]\s*)*(?:(?:indicative\s+)?score\s*:?\s*)?"
    r"(?P<digit>[1-4])(?:\s*[-–:]\s*(?P<wording>evidence shows.*?))?\s*\.?\s*\|?$", re.I)
_WORDING_ONLY = re.compile(r"^(?P<digit>)?(?P<wording>evidence shows[^\n]*?)\s*\.?$", re.I)
_BARE_DIGIT = re.compile(r"^(?P<digit>[1-4])(?P<wording>)\s*$")
_NAMED_RATING = re.compile(r"^.{3,80}?\b(?:council|authority)\s*[:\-–—]\s*(?P<rest>\S.*)$", re.I)
_PERCENT = re.compile(r"scored\s+(\d{1,3})\s*(?:out of 100|%|per\s?cent)", re.I)
_TITLE_COUNCIL = re.compile(
    r"^(?:#{1,6}\s*)?(?P<name>.+?\bCouncil)\b[’'s]*\s*[:\-–—]?\s*(?:local authority\s+)?assessment\b", re.I)


def parse_date(text: str) -> date | None:
    """'16 August 2024' / '2nd June 2023' -> date."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def labelled_date(text: str, label: str) -> date | None:
    """The date after a label such as 'Assessment published:'."""
    m = re.search(label + r"\s*:?\s*" + _DATE, text, re.I)
    return parse_date(m.group(1)) if m else None


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
        label = heading_text(BULLET.sub("", line.text))
        inline = _inline_score(line, label)
        if inline is not None:
            if line.start in heading_starts:
                inline.origin = "section"
            found.append(inline)
            continue
        statement = match_statement_heading(label)
        if statement is None:
            continue
        after = _next_nonblank(lines, i, 3)
        if not after:
            continue
        score: int | None = None
        wording: str | None = None
        end = 0
        first = after[0]
        sm = SCORE_LINE.match(first.text)
        wm = WORDING_LINE.match(first.text)
        if sm and sm.group("digit"):
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
    """One score per statement (a section score before a summary one) and the disagreements."""
    chosen: list[StatementScore] = []
    conflicts: list[ScoreConflict] = []
    for name in STATEMENT_NAMES:
        mine = [s for s in found if s.statement == name]
        if not mine:
            continue
        section = [s for s in mine if s.origin == "section"]
        chosen.append((section or mine)[0])
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


def find_council(lines: list[Line]) -> str | None:
    """The assessed council, from the title line ('Derby City Council: local authority assessment')."""
    for line in lines[:40]:
        m = _TITLE_COUNCIL.match(line.text)
        if m:
            return canonical_council(m.group("name"))
    for line in lines[:80]:
        m = re.match(r"^(?:#{1,6}\s*)?About\s+(.+?\bCouncil)\s*$", line.text)
        if m:
            return canonical_council(m.group(1))
    return None


def parse_assessment(text: str, lines: list[Line], sections: list[Section]) -> Assessment | None:
    """The facts a CQC assessment states; None when no council can be identified."""
    council = find_council(lines)
    if council is None:
        return None
    rating, wording, rating_span, indicative = find_rating(text, lines)
    found = find_scores(lines, sections)
    scores, conflicts = choose_scores(found)
    pm = _PERCENT.search(text)
    start = labelled_date(text, r"assessment\s+start\s+date") or labelled_date(text, r"assessment\s+dates?")
    end = labelled_date(text, r"assessment\s+end\s+date")
    rm = re.search(r"assessment\s+dates?\s*:?\s*" + _DATE + r"\s*(?:to|-|–|—|and)\s*" + _DATE, text, re.I)
    if rm and end is None:
        end = parse_date(rm.group(2))
    return Assessment(
        council=council,
        published=labelled_date(text, r"(?:assessment\s+)?published(?:\s+on)?"),
        assessment_start=start,
        assessment_end=end,
        overall_rating=rating, rating_wording=wording, rating_span=rating_span, indicative=indicative,
        overall_percentage=int(pm.group(1)) if pm else None,
        percentage_span=Span(start=pm.start(), end=pm.end()) if pm else None,
        scores=scores, all_scores=found, conflicts=conflicts,
    )


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
