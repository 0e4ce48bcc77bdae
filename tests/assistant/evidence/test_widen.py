"""A passage cut mid-sentence by chunking is widened to whole sentences of the stored text (real sample report)."""

from __future__ import annotations

from typing import Any

from assistant.evidence.widen import whole_sentences
from assistant.models.questions import Passage
from assistant.models.records import DocumentKind

DOC = "derby-city-cqc-assessment-2024"


def _passage(text: str, start: int, end: int) -> Passage:
    return Passage(chunk_id=f"{DOC}:v:00001", doc_id=DOC, title="Derby", council=None,
                   kind=DocumentKind.CQC_ASSESSMENT, heading_path=[], theme=None, quality_statement=None,
                   statement_score=None, text=text[start:end], start=start, end=end, source_path="x", score=1.0)


def test_cut_sentence_is_completed_at_both_ends(assistant: Any) -> None:
    assistant.ask("what did derby score for safeguarding")  # the document cache holds the loaded records
    text = assistant.docs.text(DOC)
    sentence = "Data shows that there were 1454 overdue reviews equating to 42.11% of total cases."
    at = text.index(sentence)
    p = whole_sentences(_passage(text, at + 5, at + 40), assistant.docs)
    assert p.text == sentence and (p.start, p.end) == (at, at + len(sentence))
    assert text[p.start : p.end] == p.text


def test_whole_sentences_are_left_alone(assistant: Any) -> None:
    text = assistant.docs.text(DOC)
    sentence = "Data shows that there were 1454 overdue reviews equating to 42.11% of total cases."
    at = text.index(sentence)
    p = _passage(text, at, at + len(sentence))
    assert whole_sentences(p, assistant.docs) is p
