"""Scoring rules of the eval harness: quote matching, verbatim citations, the exactness rule, percentiles.

Exactness rule (score_lookup, rating_lookup, comparison), applied to the gold answer's *first sentence*
with parenthesised asides removed ("the head"):

* a head that opens with Neither/Nowhere/None/No is a *negative* gold: our answer must say so
  (neither, nowhere, none, no, not, both, same, equal, tie/tied, "no evidence");
* every CQC rating named in the head (capitalised: Outstanding, Good, Requires improvement,
  Inadequate) must appear in our answer;
* a council named at the start of the head (the winner or the council asked for) must appear in our
  answer's first sentence;
* every figure in the head must appear in our answer: percentages, decimals, integers >= 10 that are
  not years and not an average the gold quotes for context ("England average of 77.6%"), and for
  score/comparison golds the bare scores 1-4;
* a score written "N - Evidence shows <wording>" also needs its wording ("some shortfalls").

A refused answer is exact only for a negative gold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.domain.councils import CouncilMatcher
from assistant.domain.taxonomy import RATINGS

_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_MARKUP = re.compile(r"(?m)^[ \t]*#+[ \t]*|\*\*|__|\|")  # table cell bars: a row reads as its cells' text


def normalise(text: str) -> str:
    """Whitespace collapsed, markdown heading/emphasis markers and table cell bars dropped, typographic
    quotes/dashes folded: a gold quote written from a table row as read ("Safeguarding 3") is found in the
    stored row ("Safeguarding | 3")."""
    return " ".join(_MARKUP.sub("", text.translate(_TRANSLATE)).split())


class NormalisedText:
    """A document's text normalised like `normalise`, mapping matches back to original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _mapped(self) -> tuple[str, list[int]]:
        cleaned = self.text.translate(_TRANSLATE)
        keep = [True] * len(cleaned)
        for m in _MARKUP.finditer(cleaned):
            for i in range(m.start(), m.end()):
                keep[i] = False
        chars: list[str] = []
        positions: list[int] = []
        pending_space = False
        for i, ch in enumerate(cleaned):
            if not keep[i]:
                continue
            if ch.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                positions.append(i)
                pending_space = False
            chars.append(ch)
            positions.append(i)
        return "".join(chars), positions

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Original-offset spans of every occurrence of the normalised quote."""
        norm, positions = self._mapped
        needle = normalise(quote)
        spans: list[tuple[int, int]] = []
        if not needle:
            return spans
        at = norm.find(needle)
        while at >= 0:
            spans.append((positions[at], positions[at + len(needle) - 1] + 1))
            at = norm.find(needle, at + 1)
        return spans


@dataclass(frozen=True)
class Span:
    """A retrieved or cited span of one document."""

    doc_key: str
    start: int
    end: int
    text: str


def quote_found(quotes: Sequence[str], spans: Iterable[Span], documents: dict[str, NormalisedText],
                min_overlap: float = 0.5) -> bool:
    """Whether any gold quote is in a span's text, its place is mostly covered, or a span is its whole lines.

    The second test accepts a quote that straddles two adjacent chunks when one span covers at least
    `min_overlap` of it. The third accepts a citation of whole lines of a multi-line gold quote (one
    list item or table row of the list the quote spans), which is as precise a citation as there is.
    """
    spans = list(spans)
    for quote in quotes:
        needle = normalise(quote)
        for span in spans:
            if needle and needle in normalise(span.text):
                return True
            doc = documents.get(span.doc_key)
            if doc is None:
                continue
            for start, end in doc.find_all(quote):
                overlap = min(end, span.end) - max(start, span.start)
                if overlap >= min_overlap * (end - start) or _whole_lines(doc.text, span, start, end):
                    return True
    return False


_LINE_LEAD = re.compile(r"[\s\-*•|#>\d.]*")  # indentation, bullets, numbering, table pipes
_LINE_TAIL = re.compile(r"[\s|]*")


def _whole_lines(text: str, span: Span, start: int, end: int) -> bool:
    """Whether `span` lies inside text[start:end] and is whole lines of it (line furniture aside)."""
    if not (start <= span.start < span.end <= end) or "\n" not in text[start:end]:
        return False
    line_start = max(text.rfind("\n", start, span.start) + 1, start)
    line_end = text.find("\n", span.end, end)
    line_end = end if line_end < 0 else line_end
    return bool(_LINE_LEAD.fullmatch(text[line_start:span.start])
                and _LINE_TAIL.fullmatch(text[span.end:line_end]))


def is_verbatim(quote: str, doc_text: str | None, start: int, end: int) -> bool:
    """A citation is verbatim when its quote is exactly the stored text at its offsets."""
    return doc_text is not None and bool(quote) and 0 <= start < end <= len(doc_text) \
        and doc_text[start:end] == quote


# --- exactness -------------------------------------------------------------------------------------

_NEGATIVE_HEAD = re.compile(r"^\s*(neither|nowhere|none|no)\b", re.I)
_NEGATIVE_ANSWER = re.compile(
    r"\b(neither|nowhere|none|no|not|both|same|equal|equally|tie|tied|identical|no evidence)\b", re.I)
_SCORE_WORDING = re.compile(r"\b([1-4])\s*-\s*Evidence shows ([a-z ]+?)(?=[.;,)]|$)")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*%)?(?![\w])")
_AVERAGE_BEFORE = re.compile(r"average(?: of)?\s*$", re.I)


def _head(gold: str) -> str:
    text = re.sub(r"\([^)]*\)", "", gold)
    first = re.split(r"(?<=[a-z%)])\.(?:\s|$)", text, maxsplit=1)[0]
    return " ".join(first.split())


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[a-z%)\]])[.!?](?:\s|$)", text.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class Requirements:
    """What an answer must contain to be exact, derived from the gold answer."""

    negative: bool
    ratings: tuple[str, ...]
    council: str | None
    figures: tuple[str, ...]
    wordings: tuple[str, ...]


def requirements(gold: str, kind: str, councils: CouncilMatcher) -> Requirements:
    """The facts the exactness rule checks for one gold answer."""
    head = _head(gold)
    negative = bool(_NEGATIVE_HEAD.match(head))
    ratings = tuple(r for r in RATINGS if re.search(rf"\b{re.escape(r)}\b", head))
    lead = re.split(r"[:;]|\s-\s|\d", head, maxsplit=1)[0]
    found = councils.find(lead) if not negative else []
    figures: list[str] = []
    for m in _NUMBER.finditer(head):
        value, percent = m.group(1), bool(m.group(2))
        if _AVERAGE_BEFORE.search(head[: m.start()]):
            continue
        if re.fullmatch(r"(19|20)\d\d", value) and not percent:
            continue
        is_score = re.fullmatch(r"[1-4]", value) is not None and kind in ("score_lookup", "comparison")
        if percent or "." in value or "," in value or is_score or (value.isdigit() and int(value) >= 10):
            figures.append(value + ("%" if percent else ""))
    wordings = tuple(w.strip() for _, w in _SCORE_WORDING.findall(head))
    return Requirements(negative=negative, ratings=ratings, council=found[0] if found else None,
                        figures=tuple(dict.fromkeys(figures)), wordings=wordings)


def _has_figure(answer: str, figure: str) -> bool:
    if figure.endswith("%"):
        num = re.escape(figure[:-1])
        return re.search(rf"(?<![\d.]){num}\s*(%|per ?cent)", answer, re.I) is not None
    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", answer) is not None


def is_exact(gold: str, kind: str, answer: str, refused: bool, councils: CouncilMatcher) -> bool:
    """Apply the exactness rule (module docstring) to one answer."""
    req = requirements(gold, kind, councils)
    if req.negative:
        said_so = _NEGATIVE_ANSWER.search(answer) is not None
        return said_so and all(_has_figure(answer, f) for f in req.figures)
    if refused:
        return False
    low = answer.lower()
    if any(r.lower() not in low for r in req.ratings):
        return False
    if req.council is not None and req.council not in councils.find(_first_sentence(answer)):
        return False
    if any(not _has_figure(answer, f) for f in req.figures):
        return False
    return all(w.lower() in low for w in req.wordings)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
