"""Improvement answers on colleagues' layout fixtures (tests/fixtures/layouts, layouts4, layouts5): the problem
sentences a reader would quote count as shortfalls (harder to find, gave up, waited longer than expected, fewer than
a third), a gap said to be shrinking does not, a plain line naming a statement attributes the narrative under it, and
the answers cite them (real ingest, Chroma and embedder)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import is_shortfall
from assistant.compose.narrative import line_statement
from assistant.compose.shortfalls import improvement_factor
from assistant.models.questions import Turn
from assistant.models.records import DocumentKind
from assistant.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REPORT = DocumentKind.CQC_ASSESSMENT


def _text(path: str) -> str:
    return re.sub(r"\s+", " ", (FIXTURES / path).read_text(encoding="utf-8"))


def test_problem_sentences_with_their_evidence_are_shortfalls() -> None:
    found = {
        "layouts4/swindon-report-tabs.html": "Nursing care for people living with dementia was harder to find, and "
        "23 people had been placed outside Swindon in the last year.",
        "layouts5/haringey-report-tabs.html": "Some communities in the east of the borough found services harder "
        "to reach.",
        "layouts4/medway-healthwatch-report.md": "People found it hard to reach the adult social care front door by "
        "phone: 44% said they gave up on at least one call.",
        "layouts5/croydon-healthwatch-report.md": "61% of people who had asked for an assessment said they waited "
        "longer than they expected.",
    }
    for path, sentence in found.items():
        assert sentence in _text(path), path
        assert is_shortfall(sentence), sentence
        assert improvement_factor(sentence, REPORT, True) >= 1.2, sentence


def test_a_shrinking_gap_is_no_shortfall() -> None:
    sentence = "Waiting lists for occupational therapy assessments had reduced over the previous year."
    assert sentence in _text("layouts/lambeth-report.md")
    assert not is_shortfall(sentence)
    assert improvement_factor(sentence, REPORT, True) < 0.5


def test_a_plain_line_naming_a_statement_heads_its_narrative() -> None:
    text = (FIXTURES / "layouts5/enfield-report-pages.txt").read_text(encoding="utf-8")
    assert "Care provision, integration and continuity\nScore 2 of 4" in text
    assert line_statement("Care provision, integration and continuity\nScore 2 of 4 – Evidence shows some "
                          "shortfalls") == "Care provision, integration and continuity"
    assert line_statement("Safeguarding\nScore 2 of 4 – Evidence shows some shortfalls") == "Safeguarding"
    assert line_statement("There was not enough nursing care in the borough and people were often placed outside "
                          "it.") is None
    assert line_statement("Safeguarding enquiries were not always completed in a timely way.") is None


@pytest.fixture(scope="module")
def service(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    files = [FIXTURES / "layouts4/swindon-report-tabs.html", FIXTURES / "layouts/lambeth-report.md",
             FIXTURES / "layouts5/enfield-report-pages.txt", FIXTURES / "layouts4/medway-healthwatch-report.md"]
    assistant = Assistant.open(make_loaded(files))
    try:
        yield assistant
    finally:
        assistant.close()


def test_a_follow_up_on_a_good_score_cites_the_problem_it_states(service: Any) -> None:
    first = "how did swindon do on care provision"
    before = service.ask(first)
    answer = service.ask("anything to improve?", [Turn(question=first, answer=before.answer,
                                                        analysis=before.analysis)])
    quotes = [c.quote for c in answer.citations]
    assert any("harder to find" in q and "23 people" in q for q in quotes), quotes
    assert not any(q.startswith("There was enough home care") for q in quotes[:1]), quotes


def test_where_a_council_falls_short_cites_its_summary_of_problems(service: Any) -> None:
    answer = service.ask("where is lambeth falling short")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Oversight of performance and risk was still developing" in quotes
    assert "too many people waited a long time" in quotes or "around 700 people were waiting" in quotes
    assert "Waiting lists for occupational therapy assessments had reduced" not in quotes


def test_a_statements_findings_under_its_plain_line_answer_what_needs_to_change(service: Any) -> None:
    answer = service.ask("what does enfield need to do better on care provision")
    quotes = [c.quote for c in answer.citations]
    assert any("not enough nursing care in the borough" in q for q in quotes), quotes
    assert "beyond its score" not in answer.answer
    # another statement's finding on the same page is not this statement's shortfall
    other = service.ask("enfield - what are the main problems with assesments")
    assert not any("Safeguarding enquiries were not always completed" in c.quote for c in other.citations)


def test_a_write_up_named_in_the_question_is_the_source_not_the_topic(service: Any) -> None:
    answer = service.ask("what needs improving in medway according to healthwatch")
    quotes = [c.quote for c in answer.citations]
    assert not any(q.startswith("Healthwatch Medway is the independent champion") for q in quotes), quotes
    assert any("Fewer than a third of carers" in q or "gave up on at least one call" in q for q in quotes), quotes
