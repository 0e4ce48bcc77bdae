"""Dates in the forms documents write them: '17 November 2023', 'Friday 25 July 2025', '5/2/2025' (UK, day
first), ranges ('14 to 16 May 2024'); the published date from its label, else the first date of the title block.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from assistant.models.records import Span
from ingest.parse.lines import Line

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MON = MONTHS + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_DAYNAME = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE = (r"(?:" + _DAYNAME + r"\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MON + r")\.?,?\s+\d{4}"
        r"|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|(?:" + MONTHS + r")\s+\d{4})")
_DATE_RE = re.compile(DATE, re.I)
# labels open a line (after markup or a bullet): 'The CQC report was published on 2 August 2024' in a scrutiny
# report's body, or '(Date: 1 April 2021)' after a policy's name, is another document's date
_AT_LABEL = r"^[^\w\n]*(?:[A-Z][\w ]{0,40}?\s+[-–—|]\s+)?"
_PUBLISHED = re.compile(_AT_LABEL + r"(?:assessment\s+|report\s+)?published(?:\s+on)?\s*:?\s*(?P<d>" + DATE + r")",
                        re.I | re.M)
_LABELLED = re.compile(_AT_LABEL + r"(?:date(?: of (?:report|meeting|publication))?|issued|dated)\s*:\s*(?P<d>"
                       + DATE + r")", re.I | re.M)
# the date a meeting was held or a paper approved, stated inside a title-block line
_RECORDED = re.compile(
    r"\b(?:held\s+on|approved\b[^\n]{0,80}?[,:]|agreed\s+on|signed\s+off\s+on)\s*(?P<d>" + DATE + r")", re.I)
_RANGE = re.compile(
    r"(?P<label>date of assessment|assessment dates?|dates? of (?:the )?(?:on-site )?(?:assessment|visit))\s*:?\s*"
    r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<m1>" + MONTHS + r"))?(?:\s+(?P<y1>\d{4}))?\s*(?:to|-|–|—|and)\s*"
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>" + MONTHS + r")\s+(?P<y2>\d{4})", re.I)


def parse_date(text: str) -> date | None:
    """'16 August 2024', '2nd June 2023', 'Friday 25 July 2025', '5/2/2025' (day first), 'May 2024' -> date."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    cleaned = re.sub(r"^" + _DAYNAME, "", cleaned, flags=re.I).replace(",", " ")
    cleaned = re.sub(r"\s+", " ", re.sub(r"\bsept\b", "sep", cleaned, flags=re.I)).strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", cleaned)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned.title() if fmt != "%Y-%m-%d" else cleaned, fmt).date()
        except ValueError:
            continue
    return None


def published(text: str, head_lines: list[Line]) -> tuple[date, Span] | None:
    """The published date: 'Published: …' ('Page last updated' is not it), a 'Date:' label, else the first
    date of the title block."""
    for pattern in (_PUBLISHED, _LABELLED):
        m = pattern.search(text)
        if m and (d := parse_date(m.group("d"))) is not None:
            return d, Span(start=m.start("d"), end=m.end("d"))
    for ln in head_lines:
        m = _DATE_RE.search(ln.raw)
        if m and len(ln.text) <= len(m.group(0)) + 30 and not re.search(r"updated", ln.raw[: m.start()], re.I):
            d = parse_date(m.group(0))
            if d is not None:
                return d, Span(start=ln.start + m.start(), end=ln.start + m.end())
    for ln in head_lines:
        m = _RECORDED.search(ln.raw)
        if m and (d := parse_date(m.group("d"))) is not None:
            return d, Span(start=ln.start + m.start("d"), end=ln.start + m.end("d"))
    return None


def assessment_dates(text: str) -> tuple[date | None, date | None]:
    """When CQC assessed: 'Date of assessment: 14 to 16 May 2024', 'Assessment start date: …' / 'end date'."""
    m = _RANGE.search(text)
    if m:
        end = parse_date(f"{m.group('d2')} {m.group('m2')} {m.group('y2')}")
        start = parse_date(f"{m.group('d1')} {m.group('m1') or m.group('m2')} {m.group('y1') or m.group('y2')}")
        return start, end
    start = _after(text, r"assessment\s+start\s+date|assessment\s+dates?|assessment\s+began")
    end = _after(text, r"assessment\s+end\s+date")
    return start, end


def _after(text: str, label: str) -> date | None:
    m = re.search(r"(?:" + label + r")\s*(?:on)?\s*:?\s*(" + DATE + r")", text, re.I)
    return parse_date(m.group(1)) if m else None
