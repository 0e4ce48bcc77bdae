"""Sentences as the index saves their vectors (`compose/meaning`)."""

from __future__ import annotations

from assistant.compose.meaning import as_embedded, embedded_sentences
from assistant.compose.rank import Sentence
from assistant.evidence.text import sentence_spans
from assistant.models.questions import Passage
from assistant.models.records import DocumentKind

TEXT = ("Waiting lists for occupational therapy assessments grew through 2024 across the county. "
        "This meant that 300 people waited more than a month for a first visit from the team. "
        "Reviews of care plans were often late, and carers said they were not told why.")


def test_a_sentence_is_given_as_the_saved_vectors_hold_it() -> None:
    start = 500  # a chunk's offsets are the document's
    p = Passage(chunk_id="c:v:00001", doc_id="c", title="C", council=None, kind=DocumentKind.CQC_ASSESSMENT,
                heading_path=[], theme=None, quality_statement=None, statement_score=None, text=TEXT, start=start,
                end=start + len(TEXT), source_path="x", score=1.0)
    sentences = [Sentence(p, 0, start + a, start + b, TEXT[a:b]) for a, b in sentence_spans(TEXT)]
    saved = embedded_sentences(TEXT)
    assert [as_embedded(s) for s in sentences] == saved
    assert saved[1].startswith("Waiting lists") and saved[1].endswith("from the team.")  # 'This' takes its antecedent
    assert saved[2] == sentences[2].text
