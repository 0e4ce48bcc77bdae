"""Document kind from weighed evidence in the content (never the file name, never one keyword alone).

Each kind collects points from cues of its layout — title shape, CQC page furniture, score lines, press-release
and news-site markers, LGA authorship, self-assessment and scrutiny phrasing — and the best-supported kind wins;
a document with too little evidence for any kind is `other`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.models.records import DocumentKind
from ingest.parse.cqc import find_scores
from ingest.parse.lines import Line

Cue = tuple[re.Pattern[str], float, Callable[[str, str], str]]  # pattern, weight, which text it reads


def _head(head: str, text: str) -> str:
    return head


def _all(head: str, text: str) -> str:
    return text


def _title(head: str, text: str) -> str:
    return "\n".join(head.split("\n")[:3])


def _cue(pattern: str, weight: float, where: Callable[[str, str], str] = _all) -> Cue:
    return re.compile(pattern, re.I | re.M), weight, where


# a title block line that is only a council's name: the page is the council's own
_MASTHEAD = (r"^\W*(?:(?:london |royal )?borough of [A-Z][\w’'-]+"
             r"|(?:[A-Z][\w’'-]+\s+(?:(?:&|and|upon|on)\s+)?){1,4}(?:city |county |borough |metropolitan borough )?"
             r"council)\s*$")

_CUES: dict[DocumentKind, list[Cue]] = {
    DocumentKind.CQC_ASSESSMENT: [
        _cue(r"^\W*.{3,90}?:\s*local authority assessment\s*$", 4, _head),
        _cue(r"^\W*(?:[A-Z][\w’'&-]*\s+){1,6}(?:council|borough of \w+)\s+assessment\s*$", 3, _head),
        _cue(r"how we assess local authorities", 2),
        _cue(r"\bassessment published\b", 2),
        _cue(r"assessment (?:start )?date|date of assessment", 1),
        _cue(r"^\W*(?:local authority|overall)\s+(?:indicative\s+)?rating\b", 2),
        _cue(r"^\W*(?:indicative )?score\s*:?\s*[1-4]?\s*$", 1),
        _cue(r"key findings for this quality statement|^\W*what people expect\b|the local authority commitment", 2),
        _cue(r"^\W*overall summary\s*$|^\W*quality statement scores\s*$", 1),
    ],
    DocumentKind.CQC_PRESS_RELEASE: [
        _cue(r"^\W*CQC (?:rates|publishes|has rated|has published)\b", 4, _head),
        _cue(r"\b(?:the )?care quality commission \(cqc\),? has (?:rated|published|given)", 2),
        _cue(r"\bpress releases?\b|^\W*media\s*$|for media enquiries|press office", 2),
        _cue(r"chief inspector[^.\n]{0,80}\bsaid\b|director[^.\n]{0,60}\bsaid:", 1),
        _cue(r"^\W*ends\s*$|^\W*about the care quality commission\s*$", 1),
        _cue(r"(?:given|has given) (?:each of )?these nine areas", 2),
        _cue(_MASTHEAD, -3, _title),  # published under a council's masthead: the council's release, not CQC's
    ],
    DocumentKind.NEWS: [
        _cue(r"^\W*by (?:our |[A-Z][a-z]+ )[^\n]{0,60}$", 1, _head),
        _cue(r"related stories|most read|sign up to our|newsletter|all rights reserved", 1),
        _cue(r"\b(?:watchdog|the regulator|health regulator)\b", 1),
        _cue(r"\b(?:has|have|had) been rated\b|\brated [‘'\"“]", 1),
        _cue(r"^\W*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b[^\n]{0,40}\d{4}", 1, _head),
        _cue(r"\b(?:inspectors|the report) (?:found|said|praised|raised|highlighted)", 1),
        _cue(r"\brated [‘'\"“]?(?:good|outstanding|requires improvement|inadequate)\b|\bwatchdog\b|\bregulator\b", 2,
             _title),
        _cue(r"\b(?:cllr|councillor|cabinet member|spokesperson)\b[^\n]{0,120}\bsaid\b", 1),
        # a council's own news release: its masthead is the council, its section 'news releases'
        _cue(_MASTHEAD, 1, _title),
        _cue(r"\bnews releases?\b", 2, _head),
    ],
    DocumentKind.LGA_ANALYSIS: [
        _cue(r"local government association|partners in care and health|\badass\b", 2),
        _cue(r"what does .good. look like|what .good. looks like|analysis of|case stud(?:y|ies)|what the first", 2),
        _cue(r"(?:local authorities|councils) (?:have |had )?(?:received|achieved|scored) (?:a score of )?[1-4]", 2),
        _cue(r"\bcouncils such as\b|across the reports|reports? (?:we )?analysed", 2),
        # a letter to one council (a peer challenge's findings) is about that council, not an analysis of many
        _cue(r"^\W*dear \w[^\n]*\n[\s\S]*?^\W*yours (?:sincerely|faithfully)\b", -4),
    ],
    DocumentKind.SELF_ASSESSMENT: [
        _cue(r"\bself[\s-]*assessment\b", 3, _title),
        _cue(r"\bwe expect (?:a|to)\b|\bour (?:strengths|areas for (?:development|improvement))\b", 1),
        _cue(r"^\W*(?:version|owner)\b", 1, _head),
    ],
    DocumentKind.SCRUTINY: [
        _cue(r"\bscrutiny\b", 3, _title),
        _cue(r"\b(?:committee|scrutiny board|cabinet)\b", 1),
        _cue(r"^\W*(?:report of|report to|subject|recommendations?)\s*:?", 1),
        _cue(r"members are asked to|\bcall-in\b|\bcouncillors?\b|\bcllr\b", 1),
        # the record of a meeting
        _cue(r"^\W*(?:minutes of (?:the|a)\b|present\s*:|apologies for absence|declarations? of interests?\b)", 2),
        _cue(r"^\W*resolved\b|\bresolved that\b", 1),
        # a committee or cabinet paper's cover sheet
        _cue(r"^\W*(?:key decision|officer contact|wards? affected|enclosures|report author|lead member|"
             r"portfolio holder|exempt(?: information)?)\s*:", 2, _head),
    ],
}
_MIN_EVIDENCE = 3.0


def _head_text(lines: list[Line]) -> str:
    """The first dozen visible lines: what a reader sees as the title block."""
    visible = [ln.text for ln in lines if not ln.blank and not ln.text.startswith("<!--")]
    return "\n".join(visible[:12])


def evidence(text: str, lines: list[Line]) -> dict[DocumentKind, float]:
    """Points of evidence for each kind."""
    head = _head_text(lines)
    points: dict[DocumentKind, float] = {}
    for kind, cues in _CUES.items():
        points[kind] = sum(weight for pattern, weight, where in cues if pattern.search(where(head, text)))
    scored = len({s.statement for s in find_scores(lines, [])})
    if scored >= 3:
        points[DocumentKind.CQC_ASSESSMENT] += 3
    qs_headings = len(set(re.findall(r"^\s*quality statement\s*(\w+)\s*[:.\-–]", text, re.I | re.M)))
    if qs_headings >= 3:
        points[DocumentKind.LGA_ANALYSIS] += 2
    return points


def classify(text: str, lines: list[Line]) -> DocumentKind:
    """The kind with the most evidence (cqc_assessment is the CQC report), or OTHER below the threshold."""
    points = evidence(text, lines)
    kind, best = max(points.items(), key=lambda kv: kv[1])
    return kind if best >= _MIN_EVIDENCE else DocumentKind.OTHER
