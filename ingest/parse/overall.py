"""The overall rating and percentage as press releases, news items and report pages state them in prose.

'has rated Kent County Council as requires improvement', 'was given an indicative rating of ‘Good’',
'to create their indicative requires improvement rating', 'X, Y and Z were all assessed as ‘good’';
'scored 78 out of 100', 'Overall rating for Croydon: 64%', 'an overall score of 56%', 'Overall score 70%',
'Overall score: 52 out of 100'. A sentence that names
other councils and not the document's own is about them, and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.domain.taxonomy import RATINGS
from assistant.models.records import Span

_RATING = r"(?P<rating>outstanding|good|requires improvement|inadequate)"
_REQUIRE = r"(?P<rating>require improvement|requiring improvement)"  # the verb's other forms
_Q = r"[‘'\"“]?"
_RATING_PATTERNS = [re.compile(p, re.I) for p in (
    r"\brated\s+(?:[^.;\n]{0,80}?\s)?as\s+" + _Q + _RATING + r"\b",
    r"\b(?:has|have|had|been|was|were|is|are)\s+(?:all\s+)?(?:been\s+)?rated\s+" + _Q + _RATING + r"\b",
    r"\b(?:given|awarded|received|earned|issued)\s+(?:[\w’']+\s+){0,3}?an?\s+(?:indicative\s+)?(?:overall\s+)?"
    r"rating of\s+" + _Q + _RATING + r"\b",
    r"\brated\s+(?:it|them)\s+" + _Q + _RATING + r"\b",  # 'gave it 59% and rated it 'requires improvement''
    r"\brated\s+[‘'\"“]" + _RATING + r"[’'\"”]\s+by\b",  # a headline: 'X's adult social care rated 'good' by watchdog'
    r"\brated\s+" + _RATING + r"\s+by\s+(?:the\s+)?(?:cqc|care quality commission|watchdog|regulator)\b",
    r"\b(?:create|creating|gave|give)\s+(?:their|its|an?)\s+(?:indicative\s+)?" + _Q + _RATING + _Q + r"\s+rating\b",
    r"\b(?:was|were)\s+(?:all\s+)?assessed\s+as\s+" + _Q + _RATING + r"\b",
    r"\b(?:was|were|been|is|are)\s+judged\s+(?:to be\s+|as\s+)?" + _Q + _RATING + r"\b",  # passive: an assessor's
    r"\b(?:judged|found|assessed|deemed)\s+(?:to\s+|as\s+)" + _REQUIRE + r"\b",  # 'was judged to require improvement'
    r"\b(?:has|have)\s+rated\s+(?:[^.;\n]{2,80}?\s)?" + _Q + _RATING + _Q + r"(?=[\s.,;]|$)",  # 'has rated X Good'
    r"\boverall\s+(?:judgement|judgment|rating|grade)\s+(?:of|was|is|:)\s+" + _Q + _RATING + r"\b",
    r"\b(?:received|given|awarded|achieved|earned|got)\s+(?:an?\s+)?(?:overall\s+)?" + _Q + _RATING + _Q
    + r"\s+(?:overall\s+)?rating\b",
    # the regulator's word quoted: 'Adult social care in X "requires improvement", the CQC has said'
    r"[‘'\"“]" + _RATING + r"[’'\"”],?\s+(?:the\s+)?(?:care quality commission|cqc|watchdog|regulator)"
    r"(?:\s+\(cqc\))?\s+(?:has\s+|have\s+)?(?:said|says|found|concluded|ruled)\b",
    r"\btold\s+(?:it|they|them)\s+(?:is\s+|are\s+)?[‘'\"“]" + _RATING + r"[’'\"”]",  # a headline: 'X told it "good"'
)]
_PERCENT_PATTERNS = [re.compile(p, re.I) for p in (
    r"\bscored\s+(?P<pct>\d{1,3})\s*(?:out of 100|%|per\s?cent)",
    r"\boverall\s+(?:rating|score|percentage)(?:\s+score)?(?:\s+for\s+[^:\n]{2,80}?)?\s*(?::|of|was|is)?\s*(?P<pct>\d{1,3})\s*"
    r"(?:%|per\s?cent|out of 100\b)",
    r"\b(?:an?\s+)?overall\s+(?:rating|score)\s+of\s+(?P<pct>\d{1,3})\s*(?:%|per\s?cent|out of 100\b)",
    r"\b(?P<pct>\d{1,3})\s*(?:%|per\s?cent)\s+overall\b",
    r"\b(?:with|had|has|received|achieved|given)\s+(?:an?\s+)?(?:overall\s+)?score\s+of\s+(?P<pct>\d{1,3})\s*"
    r"(?:%|per\s?cent|out of 100\b)",
)]
# a rating of another inspection: another regulator or service, an earlier inspection, or a year before CQC began
# assessing local authorities (2023: 'in 2019', 'a 2008 inspection'; not 'the Care Act 2014')
_OTHER_INSPECTION = re.compile(
    r"\bofsted\b|children[’']?s services|commission for social care inspection|\bCSCI\b|"
    r"\b(?:previous|last|earlier)(?:ly)?\s+(?:inspect|assess|rat)\w*|"
    r"\b(?:in|since)\s+(?:19\d\d|20[01]\d|202[0-2])\b(?![/–-]\d)|\b(?:19\d\d|20[01]\d|202[0-2])\s+inspection", re.I)
# a sentence runs on over a line break when the next line starts in lower case (hard-wrapped prose)
_SENTENCE = re.compile(r"(?:[^.!?\n]|\n(?=[ \t]*[a-z‘'\"“(]))+(?:[.!?]|$)", re.M)


@dataclass(frozen=True)
class Stated:
    """A value and its span in the stored text."""

    value: str
    span: Span


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0).replace("\n", " ")) for m in _SENTENCE.finditer(text)]


def _clause(sentence: str, at: int) -> tuple[int, str]:
    """The clause of a sentence that ends at `at`: from the last ',', ';', 'while' or 'whereas' before it
    ('Elsewhere in Greater Manchester, Salford City Council was rated 'good'' -> the part naming Salford)."""
    cuts = [m.end() for m in re.finditer(r"[,;:]\s|\s(?:while|whereas|but)\s", sentence[:at])]
    start = cuts[-1] if cuts else 0
    return start, sentence[start:]


def _about(about_subject: Callable[[str, int], bool], names: Callable[[str], bool], sentence: str, at: int,
           match_start: int, other: Callable[[str], bool]) -> bool:
    """Whether the value matched at `match_start` is stated of the subject: the sentence must be about it, and so
    must the clause stating the value when that clause names a council of its own; the council named last before
    the value must not be another ('Luton was told X, while Bedford, assessed in the same round, was rated Y')."""
    start, clause = _clause(sentence, match_start)
    head = clause[: match_start - start]
    return (about_subject(sentence, at) and (not start or not names(head) or about_subject(head, at + start))
            and not other(sentence[:match_start]))


def _no_names(text: str) -> bool:
    return False


def prose_rating(text: str, about_subject: Callable[[str, int], bool],
                 names: Callable[[str], bool] = _no_names, other: Callable[[str], bool] = _no_names) -> Stated | None:
    """The first rating the text states of its own council in a sentence (`about_subject(sentence, offset)`);
    `other(text)`: the council the text names last is another one."""
    for at, sentence in _sentences(text):
        if re.search(r"\b(?:expect|hope|aim|aspire|want|ourselves|self[- ]?assess)\w*\b", sentence, re.I):
            continue
        if _OTHER_INSPECTION.search(sentence):
            continue
        for pattern in _RATING_PATTERNS:
            m = pattern.search(sentence)
            if m and _about(about_subject, names, sentence, at, m.start(), other):
                said = re.sub(r"^requir(?:e|ing)\b", "requires", m.group("rating").lower())
                rating = next(r for r in RATINGS if r.lower() == said)
                return Stated(rating, Span(start=at + m.start("rating"), end=at + m.end("rating")))
    return None


def prose_percentage(text: str, about_subject: Callable[[str, int], bool],
                     names: Callable[[str], bool] = _no_names, other: Callable[[str], bool] = _no_names
                     ) -> Stated | None:
    """The first overall percentage the text states of its own council."""
    for at, sentence in _sentences(text):
        for pattern in _PERCENT_PATTERNS:
            m = pattern.search(sentence)
            if m and 0 < int(m.group("pct")) <= 100 and _about(about_subject, names, sentence, at, m.start(), other):
                return Stated(m.group("pct"), Span(start=at + m.start(), end=at + m.end()))
    return None
