"""Shortfall cues are generic English and read plurals and workload words as gaps; the sentences that carry
them lead an improvement answer about a statement (real sample and web reports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import POSITIVE, STRONG_SHORTFALL, is_shortfall
from assistant.compose.rank import score_sentences
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import DocumentKind

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "text",
    [
        "The team had waiting lists for assessments and for reviews.",
        "There was a high number of unallocated enquiries that had met the threshold.",
        "This meant there had been a build-up of work without more staff.",
        "Some teams were struggling with high caseloads and low morale.",
        "We are unable to reduce the number of people awaiting an assessment.",
        "The respite offer is not enabling carers to take planned breaks.",
    ],
)
def test_workload_and_plural_gap_words_are_shortfalls(text: str) -> None:
    assert STRONG_SHORTFALL.search(text), text
    assert is_shortfall(text), text


def test_plain_findings_and_praise_are_not_shortfalls() -> None:
    for text in (
        "The team had a clear plan for the year and shared it with partners.",
        "Staff were proud of their work and described it as effective.",
    ):
        assert not is_shortfall(text), text
    assert POSITIVE.search("Staff were proud of their work and described it as effective.")


def _section(path: str, heading: str, statement: str, doc_id: str) -> Passage:
    text = (ROOT / path).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.index("<!-- excerpt ends here -->", start)
    return Passage(chunk_id=f"{doc_id}:v:00001", doc_id=doc_id, title=doc_id, council="Birmingham City Council",
                   kind=DocumentKind.CQC_ASSESSMENT, heading_path=[statement], theme=None,
                   quality_statement=statement, statement_score=None, text=text[start:end], start=start, end=end,
                   source_path=path, score=1.0)


def test_statement_words_cover_its_whole_section(assistant: Any) -> None:
    """'What has X got to fix on safeguarding?': every sentence of the section is about safeguarding, so the
    unallocated-enquiries sentence (which never says the word) is judged on its shortfall, not its wording."""
    p = _section("corpus-web/reports/birmingham.md", "### Safeguarding", "Safeguarding", "birmingham")
    q = "what's birmingham got to fix on safeguarding"
    analysis = QuestionAnalysis(question=q, standalone=q, kind=QuestionKind.IMPROVEMENT,
                                councils=["Birmingham City Council"], statements=["Safeguarding"])
    scored = sorted(score_sentences(analysis, [p], assistant.docs), key=lambda s: -s.score)
    top = [s.text for s in scored[:4]]
    assert any(t.startswith("There was a high number of unallocated Section 42") for t in top), top
    unallocated = next(s for s in scored if s.text.startswith("There was a high number of unallocated"))
    assert unallocated.coverage == 1.0


def _camden(first: str, last: str, doc_id: str = "camden") -> Passage:
    path = "corpus-web/reports/camden.md"
    text = (ROOT / path).read_text(encoding="utf-8")
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return Passage(chunk_id=f"{doc_id}:v:{start}", doc_id=doc_id, title=doc_id, council="London Borough of Camden",
                   kind=DocumentKind.CQC_ASSESSMENT, heading_path=["Camden"], theme=None, quality_statement=None,
                   statement_score=None, text=text[start:end], start=start, end=end, source_path=path, score=1.0)


def test_a_finding_is_not_answered_by_the_rating_announcement(assistant: Any) -> None:
    """'How do people ask for care and support?': the contact centre sentence ('requests for support') answers,
    not the press release's 'rated ... as outstanding ... access to adult social care and support', even when the
    announcement is retrieved first; asked about the rating, the announcement keeps its weight."""
    announcement = _camden("The Care Quality Commission (CQC), has rated", "under the Care Act (2014).")
    contact = _camden("‘Contact Camden’ was the telephone contact centre", "request care and support.")
    q = "How do people in Camden ask for care and support?"
    analysis = QuestionAnalysis(question=q, standalone=q, kind=QuestionKind.FINDING,
                                councils=["London Borough of Camden"])
    best = max(score_sentences(analysis, [announcement, contact], assistant.docs), key=lambda s: s.score)
    assert best.text.startswith("‘Contact Camden’"), best.text
    rated = analysis.model_copy(update={"question": "how was Camden rated for care and support?",
                                        "standalone": "how was Camden rated for care and support?"})
    as_finding = score_sentences(analysis, [announcement], assistant.docs)[0]
    as_rating = score_sentences(rated, [announcement], assistant.docs)[0]
    assert as_rating.score / as_rating.coverage > 2 * as_finding.score / as_finding.coverage


def test_a_barrier_is_a_shortfall() -> None:
    text = "Information on the website was only accessible to people with a computer, a digital barrier."
    assert is_shortfall(text)


def test_a_topic_of_its_own_is_found_where_it_is_stated_not_anywhere_in_the_section(assistant: Any) -> None:
    """'Any problems with hospital discharge?': a shortfall about hospital discharge leads, not another shortfall
    of the same statement's section (waiting lists of the preparing-for-adulthood team)."""
    answer = assistant.ask("any problems with hospital discharge in derby?")
    assert not answer.refused
    assert "hospital discharge" in answer.citations[0].quote, answer.citations[0].quote


def test_room_to_improve_is_a_shortfall_and_no_waiting_list_is_none() -> None:
    assert is_shortfall("They also said there was “room to improve” the experiences of unpaid carers.")
    assert not is_shortfall("Inspectors also found the local authority had no waiting lists, which it puts down to "
                            "a focus on preventative care.")
