"""No refusal when the evidence is there: results another council's document states in passing, a rate that is
stated, an outcome asked in other words; and still a refusal when it is not (a rate no document gives).

The documents of tests/fixtures/passing are ingested as they are (real Chroma, real embedder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings

PASSING = Path(__file__).resolve().parents[1] / "fixtures" / "passing"


@pytest.fixture(scope="module")
def passing(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    """The assistant over the two 'stated in passing' documents."""
    from assistant.service import Assistant

    files = [PASSING / "lewisham-news-roundup.md", PASSING / "bexley-healthwatch-summary.md"]
    service = Assistant.open(make_loaded(files))
    try:
        yield service
    finally:
        service.close()


def _quotes(answer: Any) -> str:
    return " ".join(c.quote for c in answer.citations)


def test_a_council_with_no_documents_gets_the_rating_another_document_states(passing: Any) -> None:
    answer = passing.ask("how was kingston upon thames rated")
    assert not answer.refused and "Good" in answer.answer
    assert "71 per cent" in _quotes(answer) and "Lewisham" in answer.answer  # whose document says so


def test_a_council_with_no_documents_is_refused_what_no_document_states(passing: Any) -> None:
    assert passing.ask("what did kingston upon thames score for safeguarding").refused  # no score stated
    assert passing.ask("how was croydon rated").refused  # named nowhere


def test_a_score_its_own_documents_lack_comes_from_another_councils_document(passing: Any) -> None:
    answer = passing.ask("what did bexley score for safeguarding")
    assert "scored 2 for Safeguarding" in answer.answer
    assert "marked two out of four for safeguarding" in _quotes(answer)


def test_a_comparison_uses_the_score_stated_in_passing(passing: Any) -> None:
    answer = passing.ask("who scored better on safeguarding, lewisham or bexley?")
    assert answer.answer.startswith("London Borough of Lewisham scored higher on Safeguarding: 3")
    assert "2" in answer.answer and "marked two out of four" in _quotes(answer)


def test_a_stated_rate_is_answered(passing: Any) -> None:
    answer = passing.ask("what hourly rate does lewisham pay home care providers")
    assert not answer.refused and "£22.10 an hour" in _quotes(answer)


def test_ppl_and_a_lower_case_acronym_find_their_sentences(passing: Any) -> None:
    figure = passing.ask("how many ppl waiting for a review in lewisham")
    assert "1,020 people were waiting for a review" in _quotes(figure)
    answer = passing.ask("what did inspectors say about dols in bexley")
    assert not answer.refused and "Deprivation of Liberty Safeguards" in _quotes(answer)


def test_a_rate_no_document_states_is_refused(assistant: Any) -> None:
    assert assistant.ask("What hourly rate does North Lincolnshire pay homecare providers?").refused
    assert assistant.ask("what hourly rate does derby pay for home care").refused


def test_an_outcome_asked_in_other_words_is_the_rating(assistant: Any) -> None:
    answer = assistant.ask("how did derby come out of its cqc inspection")
    assert answer.kind == "rating" and "Requires improvement" in answer.answer


def test_documents_naming_a_council_are_found_once_and_a_name_no_chunk_holds_reads_no_text(
    passing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.answers.mentioned import naming_documents

    docs = passing.docs
    named = naming_documents(docs, "Royal Borough of Kingston upon Thames")
    assert named and all(docs.records[d].council != "Royal Borough of Kingston upon Thames" for d in named)

    def no_text(doc_id: str) -> str:
        raise AssertionError(f"read {doc_id}")

    monkeypatch.setattr(docs, "text", no_text)
    assert naming_documents(docs, "Dudley Metropolitan Borough Council") == []  # the term counts rule it out
    assert naming_documents(docs, "Royal Borough of Kingston upon Thames") == named  # kept with the generation
