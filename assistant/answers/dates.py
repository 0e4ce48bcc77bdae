"""When a council was assessed: the published date and assessment dates a CQC report states, cited.

The catalog holds the dates; their places in the report are found again by the labels the parser
read them from ("Assessment published: 16 August 2024", "Assessment dates: 4 March to 6 March 2025"),
so every date in the answer quotes the report's own line.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.answers.base import Result, Structured
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis

_WHEN = re.compile(
    r"^\s*(?:when|what date|which date|on what date)\b.*\b(assess(?:ed|ment)?|inspect(?:ed|ion)?|published|"
    r"report(?:ed)?|visit(?:ed)?|rated|rating)\b",
    re.I,
)
_DATE = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}"
_LINES = (
    ("published", re.compile(rf"(?:assessment\s+)?published(?:\s+on)?\s*:?\s*{_DATE}", re.I)),
    ("assessed", re.compile(rf"assessment\s+(?:start\s+|end\s+)?dates?\s*:?\s*{_DATE}"
                            rf"(?:\s*(?:to|-|–|—|and)\s*{_DATE})?", re.I)),
)


def asks_when_assessed(analysis: QuestionAnalysis) -> bool:
    """Whether a question asks when a named council's CQC assessment took place or was published."""
    return bool(analysis.councils) and not analysis.statements and _WHEN.search(analysis.question) is not None


def assessment_dates(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """The dates each named council's assessment states, each cited to its line in the report."""

    found, missing = facts.assessed(analysis)
    out: list[str] = []
    for council, doc_id, a in found:
        text = facts.docs.text(doc_id)
        published_at, assessed_at = (pattern.search(text) for _, pattern in _LINES)
        kind = "indicative (pilot) " if a.indicative else ""
        if not (a.published and published_at) and not assessed_at:
            return Result([], handled=False)  # nothing citable: let retrieval look for it
        start, end = a.assessment_start, a.assessment_end
        if a.published and published_at:
            none = "" if start or end else "; the report gives no dates for the assessment itself"
            out.append(f"CQC published its {kind}assessment of {council} on {_day(a.published)}{none}"
                       f"{marks([citer.cite(doc_id, *published_at.span())])}.")
        if (start or end) and assessed_at:
            period = (f"ran from {_day(start)} to {_day(end)}" if start and end and start != end
                      else f"began on {_day(start)}" if start and not end else f"took place on {_day(end or start)}")
            out.append(f"The assessment of {council} {period}{marks([citer.cite(doc_id, *assessed_at.span())])}.")
    for council in missing:
        out.extend(facts.no_assessment(council, analysis, citer, "score").sentences)
    return Result(out) if out else Result([], handled=False)


def _day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else ""
