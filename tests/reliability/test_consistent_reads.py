"""Defect 3: an answer works on one catalog snapshot; a concurrent delete never becomes a 404 or 500 for a reader."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.models.questions import Passage, QuestionAnalysis

DERBY = "derby-city-cqc-assessment-2024"
QUESTIONS = [
    "What did CQC find about Derby's hospital discharge?",
    "How does Derby support unpaid carers?",
    "What does good practice look like for safeguarding?",
    "What was North Lincolnshire's overall rating?",
    "What improvements does Derby need to make to waiting times?",
]


def test_a_document_deleted_mid_answer_is_no_error(
    own: Any, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delete lands between retrieval and composition (the window of the 2-in-3,810 404s)."""
    search = own.retriever.search
    deleted: list[str] = []

    def search_then_delete(query: str, analysis: QuestionAnalysis | None = None, k: int | None = None) -> list[Passage]:
        found: list[Passage] = search(query, analysis, k)
        if not deleted and any(p.doc_id == DERBY for p in found):
            own.remove(DERBY)
            deleted.append(DERBY)
        return found

    monkeypatch.setattr(own.retriever, "search", search_then_delete)
    try:
        answer = own.ask("What did CQC find about Derby's hospital discharge?")
        assert deleted == [DERBY]
        assert not answer.refused and answer.citations  # the snapshot it started with still had Derby
        assert all(c.quote for c in answer.citations)
    finally:
        monkeypatch.undo()
        if deleted:
            own.ingest([corpus_copy / f"{DERBY}.md"])
    assert any(d.doc_id == DERBY for d in own.documents())


def test_readers_see_no_errors_while_documents_are_deleted_and_reingested(own: Any, corpus_copy: Path) -> None:
    errors: list[str] = []
    answered = [0]
    stop = threading.Event()

    def reader(offset: int) -> None:
        i = offset
        while not stop.is_set():
            try:
                own.ask(QUESTIONS[i % len(QUESTIONS)])
                own.search(QUESTIONS[(i + 1) % len(QUESTIONS)])
                answered[0] += 1
            except Exception as exc:  # any error is a failure of this test
                errors.append(f"{type(exc).__name__}: {exc}")
            i += 1

    readers = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(3)]
    for t in readers:
        t.start()
    cycles = 0
    deadline = time.monotonic() + 12
    try:
        while time.monotonic() < deadline and cycles < 4:
            own.remove(DERBY)
            time.sleep(0.2)
            outcome = own.ingest([corpus_copy / f"{DERBY}.md"])[0]
            assert outcome.status == "added", outcome.error
            cycles += 1
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert cycles >= 2 and answered[0] > 10
    assert errors == [], errors[:5]
