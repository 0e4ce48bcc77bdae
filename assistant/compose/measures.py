"""The figure a "how many / how much / how long / what percentage" question asks for, as a pattern a sentence's
figure must match (a count is not a year, a share, a duration or a section number)."""

from __future__ import annotations

import re

# a rate paid ("what hourly rate does X pay providers?"): only a sum of money per hour answers it
RATE_ASK = re.compile(r"\bhourly\b|\bper hour\b|\ban hour\b|\bfee rates?\b", re.I)
RATE = re.compile(r"£\s?\d[\d.,]*\s*(?:an|per|a)\s+hour\b|£\s?\d[\d.,]*\s*/\s*h(?:ou)?r\b", re.I)

_MEASURES = (
    (RATE_ASK, RATE),
    (re.compile(r"\b(?:what|which) (?:percentage|proportion|share|per ?cent)|\bhow many per ?cent|%", re.I),
     re.compile(r"\d(?:\.\d+)?\s?(?:%|per ?cent)")),
    (re.compile(r"\bhow much\b|\b(?:spend|spent|cost|budget|funding)\b", re.I), re.compile(r"£\s?\d")),
    (re.compile(r"\bhow (?:long|quickly|soon)\b|\bwait(?:ing)? times?\b", re.I),
     re.compile(r"\d+(?:\.\d+)?\s*(?:working |calendar )?(?:days?|weeks?|months?|years?|hours?|minutes?)\b", re.I)),
    (re.compile(r"\bhow many\b|\bnumbers? of\b", re.I),  # a count: not a year, share, duration or section
     re.compile(r"(?<![\d.,£])(?<![Ss]ection )(?!(?:19|20)\d\d\b)\d[\d,]*(?![\d.,]*\s?%)"
                r"(?![\d,]*\s*(?:working |calendar )?(?:days?|weeks?|months?|years?|hours?|minutes?)\b)")),
)


def wanted_measure(question: str) -> re.Pattern[str] | None:
    """The figure a 'how many / how much / how long / what percentage' question asks for, as a pattern."""
    for asks, figure in _MEASURES:
        if asks.search(question):
            return figure
    return None
