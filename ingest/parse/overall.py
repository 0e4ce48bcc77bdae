"""The overall rating and percentage as press releases, news items and report pages state them in prose.

'has rated Kent County Council as requires improvement', 'was given an indicative rating of ‘Good’',
'to create their indicative requires improvement rating', 'X, Y and Z were all assessed as ‘good’';
'scored 78 out of 100', 'Overall rating for Croydon: 64%', 'an overall score of 56%'. A sentence that names
other councils and not the document's own is about them, and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.domain.taxonomy import RATINGS
from assistant.models.records import Span

_RATING = r"(?P<rating>outstanding|good|requires improvement|inadequate)"
_Q = r"[‘'\"“]?"
_RATING_PATTERNS = [re.compile(p, re.I) for p in (
    r"\brated\s+(?:[^.;\n]{0,80}?\s)?as\s+" + _Q + _RATING + r"\b",
    r"\b(?:has|have|had|been|was|were|is|are)\s+(?:all\s+)?(?:been\s+)?rated\s+" + _Q + _RATING + r"\b",
    r"\b(?:given|awarded|received|earned|issued)\s+(?:it\s+)?an?\s+(?:indicative\s+)?(?:overall\s+)?rating of\s+"
    + _Q + _RATING + r"\b",
    r"\b(?:create|creating|gave|give)\s+(?:their|its|an?)\s+(?:indicative\s+)?" + _Q + _RATING + _Q + r"\s+rating\b",
    r"\b(?:was|were)\s+(?:all\s+)?assessed\s+as\s+" + _Q + _RATING + r"\b",
)]
_PERCENT_PATTERNS = [re.compile(p, re.I) for p in (
    r"\bscored\s+(?P<pct>\d{1,3})\s*(?:out of 100|%|per\s?cent)",
    r"\boverall\s+(?:rating|score|percentage)(?:\s+for\s+[^:\n]{2,80}?)?\s*(?::|of|was|is)\s*(?P<pct>\d{1,3})\s*(?:%|per\s?cent)",
    r"\b(?:an?\s+)?overall\s+(?:rating|score)\s+of\s+(?P<pct>\d{1,3})\s*(?:%|per\s?cent)",
    r"\b(?P<pct>\d{1,3})\s*(?:%|per\s?cent)\s+overall\b",
)]
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]|$)", re.M)


@dataclass(frozen=True)
class Stated:
    """A value and its span in the stored text."""

    value: str
    span: Span


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]


def prose_rating(text: str, about_subject: Callable[[str, int], bool]) -> Stated | None:
    """The first rating the text states of its own council in a sentence (`about_subject(sentence, offset)`)."""
    for at, sentence in _sentences(text):
        if re.search(r"\b(?:expect|hope|aim|aspire|want)\w*\b", sentence, re.I) or not about_subject(sentence, at):
            continue
        for pattern in _RATING_PATTERNS:
            m = pattern.search(sentence)
            if m:
                rating = next(r for r in RATINGS if r.lower() == m.group("rating").lower())
                return Stated(rating, Span(start=at + m.start("rating"), end=at + m.end("rating")))
    return None


def prose_percentage(text: str, about_subject: Callable[[str, int], bool]) -> Stated | None:
    """The first overall percentage the text states of its own council."""
    for at, sentence in _sentences(text):
        if not about_subject(sentence, at):
            continue
        for pattern in _PERCENT_PATTERNS:
            m = pattern.search(sentence)
            if m and 0 < int(m.group("pct")) <= 100:
                return Stated(m.group("pct"), Span(start=at + m.start(), end=at + m.end()))
    return None
