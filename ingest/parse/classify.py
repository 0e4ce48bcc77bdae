"""Document kind from content (never the file name)."""

from __future__ import annotations

import re

from assistant.models.records import DocumentKind
from ingest.parse.cqc import find_scores
from ingest.parse.lines import Line


def count_scored_statements(lines: list[Line]) -> int:
    """How many distinct statements carry a score ('Safeguarding' then 'Score: 2', or on one line)."""
    return len({s.statement for s in find_scores(lines, [])})


def classify(text: str, lines: list[Line]) -> DocumentKind:
    """CQC assessment, LGA good-practice analysis, council self-assessment, or other council document."""
    head = "\n".join(ln.text for ln in lines if not ln.blank)[:1500].lower()
    scored = count_scored_statements(lines)
    cqc_markers = bool(re.search(
        r"how we assess local authorities|assessment published|care quality commission|"
        r"local authority (?:indicative )?rating", text, re.I))
    if scored >= 3 and cqc_markers:
        return DocumentKind.CQC_ASSESSMENT
    qs_headings = len(set(re.findall(r"^\s*quality statement\s*(\d)\s*[:.\-–]", text, re.I | re.M)))
    good_counts = re.search(r"local authorities (?:have )?(?:received|achieved) a score of", text, re.I)
    lga_markers = re.search(r"local government association|partners in care and health|"
                            r"what does .good. look like|what .good. looks like", text, re.I)
    if qs_headings >= 3 and (good_counts or lga_markers):
        return DocumentKind.LGA_ANALYSIS
    if re.search(r"\bself[\s-]*assessment\b", head[:400]):
        return DocumentKind.SELF_ASSESSMENT
    if scored >= 5:
        return DocumentKind.CQC_ASSESSMENT
    return DocumentKind.COUNCIL_DOCUMENT
