"""The facts a CQC report, press release or news item states about its council -> Assessment.

Scores come from the report layouts (`cqc`) and from lists, tables and prose (`scorelists`); the rating and
percentage from the rating block or from prose (`overall`); every value keeps its span and the kind of source
(report, press release, news) of the part of the file it sits in (`segments`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from assistant.domain.register import CouncilRegister
from assistant.models.records import Assessment, DocumentKind, Section, Span, StatementScore
from ingest.parse.council import Subject
from ingest.parse.cqc import choose_scores, find_rating, find_scores
from ingest.parse.dates import assessment_dates, published
from ingest.parse.lines import Line
from ingest.parse.overall import prose_percentage, prose_rating
from ingest.parse.scorelists import list_scores
from ingest.parse.segments import Segments

_REFERS = re.compile(r"\b(?:the|this) (?:council|local authority|authority)\b|\bit\b|\bits\b", re.I)
# kinds whose statements of their own council's CQC result are recorded (CQC's own first); a cabinet paper,
# committee minutes or a Healthwatch report restating the result count as the least-preferred source ('other');
# a self-assessment's judgements and an LGA analysis's claims about many councils never do
ASSESSED_KINDS = (DocumentKind.CQC_ASSESSMENT, DocumentKind.CQC_PRESS_RELEASE, DocumentKind.NEWS,
                  DocumentKind.SCRUTINY, DocumentKind.OTHER, DocumentKind.COUNCIL_DOCUMENT)
_CQC_NAMED = re.compile(r"\bCQC\b|care quality commission", re.I)


def states_result(kind: DocumentKind, text: str) -> bool:
    """Whether a document of this kind may state its council's CQC result: CQC's own kinds and news always;
    another council or partner document only when it names CQC (its own judgements are never CQC values)."""
    return kind in ASSESSED_KINDS[:3] or (kind in ASSESSED_KINDS and _CQC_NAMED.search(text) is not None)


def about(subject: Subject, register: CouncilRegister, anonymous: bool = True) -> Callable[[str], bool]:
    """Whether a sentence may state the subject's facts: it names the subject, or (when `anonymous`) no council."""
    def check(sentence: str) -> bool:
        named = register.find_in_text(sentence, proper_nouns_only=True)
        if not named:
            return anonymous or subject.name.lower() in sentence.lower()
        if subject.code is not None:
            return any(m.council.gss_code == subject.code for m in named)
        return subject.name.lower() in sentence.lower()
    return check


def about_in(text: str, segments: Segments, subject: Subject,
             register: CouncilRegister) -> Callable[[str, int], bool]:
    """Prose facts: CQC's own text may leave the council unnamed ('their good rating'); in a news item a sentence
    naming no council but referring to one ('The council was given …') is about the council last named."""
    loose, strict = about(subject, register), about(subject, register, anonymous=False)
    named = [(m.start, m.council.gss_code) for m in register.find_in_text(text, proper_nouns_only=True)]
    starts = [at for at, _ in named]

    def check(sentence: str, offset: int) -> bool:
        if segments.at(offset) in ("report", "press_release"):
            return loose(sentence)
        if strict(sentence):
            return True
        if subject.code is None or not _REFERS.search(sentence) or register.find_in_text(sentence,
                                                                                         proper_nouns_only=True):
            return False
        last = bisect.bisect_left(starts, offset) - 1
        return last >= 0 and named[last][1] == subject.code
    return check


def _names_another_last(text: str, subject: Subject, register: CouncilRegister) -> bool:
    """Whether the council the text names last is not the subject (a value after it is that council's)."""
    named = register.find_in_text(text, proper_nouns_only=True)
    if not named or subject.code is None:
        return False
    return max(named, key=lambda m: m.start).council.gss_code != subject.code


def _overlaps(a: StatementScore, others: list[StatementScore]) -> bool:
    return any(a.start < b.end and b.start < a.end for b in others)


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], across the line breaks of hard-wrapped prose."""
    begin = max(text.rfind(stop, 0, start) for stop in (". ", "! ", "? ", "\n\n")) + 1
    ends = [i for stop in (". ", "! ", "? ", "\n\n") if (i := text.find(stop, end)) >= 0]
    return text[begin:min(ends, default=len(text))].replace("\n", " ")


def gather_scores(text: str, lines: list[Line], sections: list[Section], segments: Segments,
                  is_about: Callable[[str], bool]) -> list[StatementScore]:
    """Every score the text states, report layouts first, each labelled with its source kind; a score in prose
    counts only when its whole sentence, not just its line, is about the subject."""
    formal = find_scores(lines, sections)
    by_line = {ln.start: ln for ln in lines}
    found = list(formal)
    for s in list_scores(lines):
        line = next((ln for st, ln in by_line.items() if st <= s.start <= ln.end), None)
        if _overlaps(s, formal) or (line is not None and not is_about(line.raw)):
            continue
        if line is not None and "|" not in line.raw and not is_about(_sentence_at(text, s.start, s.end)):
            continue
        found.append(s)
    for s in found:
        s.source = segments.at(s.start)
    return sorted(found, key=lambda s: s.start)


def parse_assessment(text: str, lines: list[Line], sections: list[Section], subject: Subject,
                     kind: DocumentKind, head: list[Line], register: CouncilRegister) -> Assessment:
    """The facts the document states about its subject council."""
    segments = Segments(lines, kind)
    is_about = about(subject, register)
    found = gather_scores(text, lines, sections, segments, is_about)
    scores, conflicts = choose_scores(found)
    rating, wording, rating_span, indicative = find_rating(text, lines)
    in_prose = about_in(text, segments, subject, register)

    def names(clause: str) -> bool:
        return bool(register.find_in_text(clause, proper_nouns_only=True))

    def other(head: str) -> bool:
        return _names_another_last(head, subject, register)
    if rating is None:
        stated = prose_rating(text, in_prose, names, other)
        if stated is not None:
            rating, rating_span = stated.value, stated.span
    if rating_span is not None and re.search(r"indicative", text[max(0, rating_span.start - 120):rating_span.end],
                                             re.I):
        indicative = True
    pct = prose_percentage(text, in_prose, names, other)
    when = published(text, head)
    start, end = assessment_dates(text)
    return Assessment(
        council=subject.name, council_code=subject.code,
        published=when[0] if when else None, assessment_start=start, assessment_end=end,
        overall_rating=rating, rating_wording=wording, rating_span=rating_span, indicative=indicative,
        rating_source=segments.at(rating_span.start) if rating_span else segments.at(0),
        overall_percentage=int(pct.value) if pct else None,
        percentage_span=Span(start=pct.span.start, end=pct.span.end) if pct else None,
        percentage_source=segments.at(pct.span.start) if pct else segments.at(0),
        scores=scores, all_scores=found, conflicts=conflicts,
    )
