"""Answers keep to the council asked about: another council's passages are never its evidence, and a statement its
documents score but do not discuss is answered by the score rather than refused (real reports: the sample
corpus, and Derby's report with Kent's and Nottingham's CQC press releases from corpus-web)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.models.questions import Turn
from assistant.retrieve.filters import own_councils
from assistant.settings import Settings
from assistant.understand.analyse import analyse

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def mixed(make_loaded: Callable[..., Settings]) -> Iterator[Any]:
    """An assistant over Derby's report and two press releases that give scores with little text."""
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([ROOT / "corpus" / "derby-city-cqc-assessment-2024.md",
                                             ROOT / "corpus-web" / "reports" / "kent-press-release.md",
                                             ROOT / "corpus-web" / "reports" / "nottingham.md"]))
    try:
        yield service
    finally:
        service.close()


def test_passages_of_other_councils_are_dropped(assistant: Any) -> None:
    loaded = assistant.catalog.councils()
    everyone = analyse("what did CQC find about carers", [], loaded)
    passages = assistant.retriever.search(everyone.standalone, everyone, k=20)
    assert {"Derby City Council", "North Lincolnshire Council"} <= {p.council for p in passages}
    derby = analyse("what did CQC find about carers in derby", [], loaded)
    kept = own_councils(passages, derby)
    assert kept and all(not p.council or p.council == "Derby City Council" for p in kept)
    assert own_councils(passages, everyone) == passages


def test_findings_on_a_statement_never_come_from_another_council(mixed: Any) -> None:
    answer = mixed.ask("nottingham safeguarding findings")
    assert all(c.council == "Nottingham City Council" for c in answer.citations)
    assert not answer.refused and answer.answer.startswith("Nottingham City Council scored 3")
    assert "give no findings on Safeguarding beyond its score" in answer.answer


def test_why_after_a_score_with_no_reasons_in_the_documents_gives_the_score(mixed: Any) -> None:
    first = mixed.ask("how did kent do on safeguarding")
    why = mixed.ask("why?", [Turn(question=first.analysis.question, answer=first.answer, analysis=first.analysis)])
    assert not why.refused and why.answer.startswith("Kent County Council scored 2")
    assert all(c.council == "Kent County Council" for c in why.citations)


def test_a_topic_the_report_does_not_hold_is_still_refused(mixed: Any) -> None:
    """Derby's report discusses safeguarding, so a missing topic within it is no reason to fall back on the score."""
    assert mixed.ask("what did CQC find about quantum computing in derby's safeguarding").refused


def test_a_fact_missing_under_a_statement_is_not_answered_by_its_score(assistant: Any) -> None:
    """A topic of its own ("price per hour" under care provision): a missing fact, not an undiscussed statement."""
    answer = assistant.ask("what price per hour does north lincolnshire pay for home care")
    assert answer.refused or "scored" not in answer.answer
