"""A sentence's lean by meaning (the real embedding model against the generic banks): a report's shortfalls lean
towards the shortfall bank and its practices towards the practice bank, cue words or not, and the lean re-weighs
an improvement or good-practice answer's candidates (real sample report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.compose.leaning import HIGHEST, LOWEST, lean_factor, leanings
from assistant.compose.meaning import weigh_by_lean
from assistant.compose.rank import Sentence
from assistant.models.questions import Passage
from assistant.models.records import DocumentKind

ROOT = Path(__file__).resolve().parents[3]
DERBY = "corpus/derby-city-cqc-assessment-2024.md"
GAP = ("There was a gap in how strategic oversight of performance management was used throughout the authority to "
       "both mitigate risk for people using the service and ensure waiting lists did not escalate again.")
PRACTICE = "The 'Home First' project was a positive example of joint working with health which utilised a " \
           "strength-based approach."


def test_shortfalls_and_practices_lean_apart(assistant: Any) -> None:
    gap, practice = leanings(assistant.docs.meaning, [GAP, PRACTICE])
    assert gap > 0 > practice, (gap, practice)


def test_lean_factor_is_bounded_and_signed() -> None:
    assert lean_factor(0.1, towards_shortfall=True) > 1.0 > lean_factor(0.1, towards_shortfall=False)
    assert lean_factor(5.0, towards_shortfall=True) == HIGHEST
    assert lean_factor(5.0, towards_shortfall=False) == LOWEST


def _sentence(text: str, doc: str, score: float) -> Sentence:
    start = doc.index(text)
    p = Passage(chunk_id=f"derby:v:{start}", doc_id="derby-city-cqc-assessment-2024", title="Derby",
                council="Derby City Council", kind=DocumentKind.CQC_ASSESSMENT, heading_path=["Summary"], theme=None,
                quality_statement=None, statement_score=None, text=text, start=start, end=start + len(text),
                source_path=DERBY, score=1.0)
    return Sentence(p, 0, start, start + len(text), text, score, 1.0)


def test_the_lean_decides_between_close_candidates(assistant: Any) -> None:
    """Two candidates scored alike by terms: an improvement answer puts the shortfall first, a good-practice answer
    the practice."""
    doc = (ROOT / DERBY).read_text(encoding="utf-8")
    for towards_shortfall, first in ((True, GAP), (False, PRACTICE)):
        scored = [_sentence(GAP, doc, 1.0), _sentence(PRACTICE, doc, 1.0)]
        best = max(weigh_by_lean(scored, assistant.docs, towards_shortfall), key=lambda s: s.score)
        assert best.text == first
