"""Every place the loaded documents state a score or a rating, as spans to cite (report first, then press release).

A score is cited where the catalog read it and wherever else a document states the same value (a report's
statement page and the press release's list). A rating is cited as the sentence that states it ("CQC has
rated X as good, in how well ...") or, when the report states it as a bare line, with the heading above it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from functools import cache

from assistant.domain.caseblind import ODD_CASES
from assistant.domain.sentences import sentence_spans
from assistant.evidence.citations import DocCache
from assistant.models.records import Assessment, DocumentKind, Span, StatementScore

MAX_PLACES = 3  # citations per stated value
_KIND_ORDER = {DocumentKind.CQC_ASSESSMENT: 0, DocumentKind.CQC_PRESS_RELEASE: 1, DocumentKind.NEWS: 2}
_GENERIC = {"council", "city", "county", "borough", "london", "of", "the", "royal", "and", "metropolitan",
            "district", "cc"}
_PROVIDERS = re.compile(r"\b(homes?|providers?|agencies|services|hospitals?|practices)\b[^.]{0,40}\brated\b", re.I)
_HEADING_REACH = 200  # characters a heading may sit above a bare rating line
_SENTENCE_WORDS = 70  # longer "sentences" are extraction debris: cite the score's own span
_VALUE_LABEL = re.compile(r"^\W*(?:(?:local authority|overall)\s+(?:indicative\s+)?rating|(?:indicative\s+)?rating|"
                          r"overall summary)\W*$", re.I)  # a line naming the value under it
_LABEL_WORDS = 8  # a line this short stating a value is a label line ("Overall rating: Good"), not prose

Place = tuple[str, int, int]  # doc_id, start, end


def score_places(a: Assessment, s: StatementScore, doc_id: str) -> list[Place]:
    """The score's own span, then other places stating the same score for the statement (best source first)."""
    first: Place = (s.doc_id or doc_id, s.start, s.end)
    places = [first]
    for x in a.all_scores:
        here = (x.doc_id or doc_id, x.start, x.end)
        if x.statement == s.statement and x.score == s.score and here not in places:
            places.append(here)
    return places[:MAX_PLACES]


def score_span(docs: DocCache, place: Place) -> Place:
    """A score stated mid-sentence ("received a score of two for safeguarding") widened to its sentence;
    a score line, table row or list item as it is."""
    key = ("score_span", *place)
    found = docs.memo.get(key)  # kept with the catalog generation: its documents do not change
    if isinstance(found, tuple):
        return found
    doc_id, start, end = place
    text = docs.text(doc_id)
    s, e = sentence_around(text, start, end)
    ls, le = _line(text, start, end)
    widened = (doc_id, s, e) if ls <= s and e <= le and len(text[s:e].split()) <= _SENTENCE_WORDS else place
    docs.memo[key] = widened
    return widened


# characters a rating phrase can hold (`_rating_phrase`): a match never crosses any other ("." ":" ";" ...)
_OUTSIDE_PHRASE = re.compile(r"[^\w\s’'(),\-‘\"“”]")
_RUN_REACH = 256  # characters looked back at a time for the start of a run


def _rating_words(rating: str) -> str:
    return re.escape(rating).replace(r"\ ", r"\s+")


@cache
def _rating_word(rating: str) -> re.Pattern[str]:
    return re.compile(_rating_words(rating), re.I)


def _rating_starts(rating: str, text: str) -> Iterator[int]:
    """Where the rating's words start in the text, as `_rating_word` finds them: candidates by a plain search
    of the text with ASCII lower-cased and every other character replaced (offsets kept; 3x faster than a
    case-insensitive scan), each confirmed by the pattern. Exact: no character outside ASCII can match an ASCII
    letter case-insensitively but those of ODD_CASES, and a text holding one is scanned as before."""
    word, first = _rating_word(rating), rating.split()[0].lower()
    if not first.isascii() or any(c in text for c in ODD_CASES):
        yield from (m.start() for m in word.finditer(text))
        return
    low, key = text.encode("ascii", "replace").lower(), first.encode("ascii")
    at = low.find(key)
    while at >= 0:
        found = word.match(text, at)
        yield from (at,) if found else ()
        at = low.find(key, found.end() if found else at + 1)


def _run_start(text: str, at: int) -> int:
    """Where the run of phrase characters holding text[at] starts."""
    lo = at
    while lo > 0:
        last = deque(_OUTSIDE_PHRASE.finditer(text, max(0, lo - _RUN_REACH), lo), maxlen=1)
        if last:
            return last[0].end()
        lo = max(0, lo - _RUN_REACH)
    return 0


def phrase_matches(phrase: re.Pattern[str], rating: str, text: str) -> Iterator[re.Match[str]]:
    """`phrase.finditer(text)` for a `_rating_phrase`, scanning only the runs of phrase characters that hold
    the rating: every match holds it and lies within one run (about 2x faster than scanning the whole report)."""
    if _OUTSIDE_PHRASE.search(rating):  # (no rating holds such a character: then runs would not bound matches)
        yield from phrase.finditer(text)
        return
    done = 0
    for at in _rating_starts(rating, text):
        if at < done:
            continue
        lo = _run_start(text, at)
        stop = _OUTSIDE_PHRASE.search(text, at)
        done = len(text) if stop is None else stop.start()
        yield from phrase.finditer(text, lo, done)


@cache
def _rating_phrase(rating: str) -> re.Pattern[str]:
    r = _rating_words(rating)
    q = "[‘'\"“]?"
    first = f"(?=[raj{re.escape(rating[:1].lower() + rating[:1].upper())}])"  # each branch's first letter: 2x faster
    return re.compile(
        rf"{first}(?:\b(?:rated|assessed|judged)\b(?:\s+[\w’'(),-]+){{0,7}}?\s+(?:as\s+)?{q}{r}\b|"
        rf"\brating\s+(?:of|is|was|as)\s+{q}{r}\b|\b{r}[’'\"”]?\s+rating\b)",
        re.I,
    )


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n\n", 0, start)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (by the project's splitter) holding text[start:end], or the span itself."""
    lo, hi = _paragraph(text, start, end)
    for s, e in sentence_spans(text, lo, hi):
        if s <= start and end <= e:
            return s, e
    return start, end


def with_heading(text: str, start: int, end: int, section_starts: list[int]) -> int:
    """Where a quote of a bare line should start so that it includes the heading or line above it: the
    section heading within reach, unless the line just above is the value's own label ("Overall rating"
    in a plain-text copy, where the nearest section heading is the page title)."""
    near = [sec for sec in section_starts if sec <= start and start - sec < _HEADING_REACH]
    above = start
    lines = text.rfind("\n", 0, start)
    while lines > 0 and start - lines < _HEADING_REACH:
        prev = text.rfind("\n", 0, lines)
        if text[prev + 1 : lines].strip():
            above = prev + 1 + (len(text[prev + 1 : lines]) - len(text[prev + 1 : lines].lstrip()))
            break
        lines = prev
    if near and not (above > max(near) and _VALUE_LABEL.search(text[above:lines])):
        return max(near)
    return above


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole line(s) holding text[start:end], outer whitespace trimmed."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def stated_span(docs: DocCache, doc_id: str, span: Span) -> Place:
    """A rating or percentage span widened to its whole sentence, or to heading + line when it stands alone.

    A short line ("Rating: Good", a bare "Good") under a title block without full stops is a line of its own,
    not part of one long "sentence" running from the page title down to it."""
    text = docs.text(doc_id)
    s, e = sentence_around(text, span.start, span.end)
    ls, le = _line(text, span.start, span.end)
    if (s < ls or e > le) and len(text[ls:le].split()) <= _LABEL_WORDS:
        s, e = ls, le
    if len(text[s:e].split()) >= len(text[span.start : span.end].split()) + 3:
        return doc_id, s, e
    starts = docs.section_starts(doc_id)
    return doc_id, with_heading(text, s, e, starts), e


def rating_places(docs: DocCache, doc_id: str, a: Assessment) -> list[Place]:
    """The catalog's rating span (widened), then sentences of the council's documents stating the same rating."""
    if a.rating_span is None or not a.overall_rating:
        return []
    key = ("rating_places", a.rating_doc or doc_id, a.council, a.overall_rating, a.rating_span.start)
    found = docs.memo.get(key)  # kept with the catalog generation: its documents do not change
    if not isinstance(found, list):
        found = docs.memo[key] = _rating_places(docs, doc_id, a)
    return list(found)


def _rating_places(docs: DocCache, doc_id: str, a: Assessment) -> list[Place]:
    assert a.rating_span is not None and a.overall_rating
    first = stated_span(docs, a.rating_doc or doc_id, a.rating_span)
    places = [first]
    names = {w for w in re.findall(r"[a-z]+", a.council.lower()) if w not in _GENERIC}
    phrase = _rating_phrase(a.overall_rating)
    own = [r for r in docs.records.values() if r.council == a.council and r.kind in _KIND_ORDER]
    own.sort(key=lambda r: (r.doc_id != first[0], _KIND_ORDER[r.kind], r.doc_id))
    for rec in own:
        text = docs.text(rec.doc_id)
        for m in phrase_matches(phrase, a.overall_rating, text):
            s, e = sentence_around(text, m.start(), m.end())
            sentence = text[s:e]
            if len(sentence.split()) > 70 or _PROVIDERS.search(sentence):
                continue
            low = sentence.lower()
            if not (names & set(re.findall(r"[a-z]+", low)) or "local authority" in low):
                continue
            if any(d == rec.doc_id and s < pe and ps < e for d, ps, pe in places):
                continue
            places.append((rec.doc_id, s, e))
            if len(places) >= MAX_PLACES:
                return places
    return places
