"""Improvement answers on documents without the corpus's structure (tests/fixtures/layouts3): shortfalls in a
statement's narrative, action-plan table rows attributed to the statement in their cell, a cabinet paper's numbered
paragraphs without its description of itself, and a follow-up on a statement that states no shortfall answered
honestly instead of with a neighbour's shortfalls (real ingest, Chroma and embedder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import is_shortfall
from assistant.compose.shortfalls import (
    BOILERPLATE,
    describes_itself,
    improvement_factor,
    on_statement,
    row_statement,
    row_states_finding,
)
from assistant.models.questions import QuestionKind, Turn
from assistant.models.records import DocumentKind
from assistant.settings import Settings

LAYOUTS3 = Path(__file__).resolve().parents[2] / "fixtures" / "layouts3"
FILES = ["bradford-report.md", "kirklees-cqc-action-plan.md", "calderdale-improvement-plan.docx",
         "wakefield-cabinet-paper.md", "doncaster-press-release.md", "gateshead-news.md"]
KIRKLEES_ROW = ("AP6 | Safeguarding | Section 42 enquiries were not always completed in a timely way, and outcomes "
                "were not always recorded | Introduce a 28-day standard for enquiries and weekly oversight by team "
                "managers | Head of Safeguarding | November 2025")
OTHER = DocumentKind.OTHER


@pytest.fixture(scope="module")
def plans(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([LAYOUTS3 / f for f in FILES]))
    try:
        yield service
    finally:
        service.close()


def _then(service: Any, first: str, second: str) -> Any:
    before = service.ask(first)
    return service.ask(second, [Turn(question=first, answer=before.answer, analysis=before.analysis)])


def test_an_action_plan_row_is_a_finding_about_the_statement_in_its_cell() -> None:
    assert row_statement(KIRKLEES_ROW) == "Safeguarding"
    assert row_statement("Care provision, integration and continuity | Home care in the upper Calder Valley was "
                         "hard to find | Commission a rural lot | Head of Commissioning | November 2025") == (
        "Care provision, integration and continuity")
    assert row_states_finding(KIRKLEES_ROW)
    assert not row_states_finding("Ensuring safety | 7. Safeguarding | 2")  # a score-table row
    assert row_statement("Safeguarding concerns were screened the same day by a multi-agency team.") is None
    assert improvement_factor(KIRKLEES_ROW, OTHER, True) >= 1.2


def test_a_document_describing_itself_is_no_shortfall() -> None:
    for text in (
        "This improvement plan responds to the Care Quality Commission's assessment of how Calderdale Council "
        "meets its duties under the Care Act 2014.",
        "It lists each area the CQC told us needs to improve, what we will do about it, who is responsible.",
        "5.1 The improvement plan at Appendix A responds to each of these findings.",
        "2.1 Cabinet is asked to note the findings of the CQC assessment and approve the improvement plan.",
        "1.1 To inform Cabinet of the outcome of the Care Quality Commission (CQC) assessment.",
    ):
        assert describes_itself(text), text
        assert improvement_factor(text, OTHER, True) <= 0.2, text
    finding = ("4.3 The report said that the Council's safeguarding adults team did not always give feedback to "
               "referrers about the outcome of their concerns.")
    assert not describes_itself(finding)
    assert improvement_factor(finding, OTHER, True) >= 1.2


def test_a_planned_action_is_no_shortfall_and_new_gap_cues_are() -> None:
    plan = "We will measure waiting times for assessments and the number of people leaving reablement."
    gap = "Occupational therapy assessments had a waiting list of over 300 people, with a median wait of 14 weeks."
    assert improvement_factor(plan, OTHER, True) < 0.5 * improvement_factor(gap, OTHER, True)
    assert improvement_factor(plan, OTHER, True, wants_action=True) > improvement_factor(plan, OTHER, True)
    for text in ("Too few nursing care beds for people with dementia in North Kirklees.",
                 "Home care in the upper valley was hard to find and some packages started late.",
                 "There were shortages of nursing care placements for people with complex needs."):
        assert is_shortfall(text), text


def test_a_table_row_answers_for_its_statement(plans: Any) -> None:
    a = plans.ask("calderdale - what needs to get better with home care?")
    assert not a.refused
    assert "Home care in the upper Calder Valley" in a.citations[0].quote, a.answer
    a = plans.ask("how could calderdale improve assessing needs")
    assert "Occupational therapy assessments had a waiting list" in a.citations[0].quote, a.answer
    assert "This improvement plan responds" not in a.answer


def test_a_mistyped_question_word_is_no_topic(plans: Any) -> None:
    a = plans.ask("wat does bradfrod need to work on for safegaurding")
    assert any("backlog of 410 Deprivation of Liberty" in c.quote for c in a.citations), a.answer


def test_a_cabinet_paper_gives_its_findings_not_its_own_purpose(plans: Any) -> None:
    a = plans.ask("where is wakefield falling short")
    quotes = " ".join(c.quote for c in a.citations)
    assert sum(f"4.{n}" in quotes for n in range(1, 5)) >= 3, a.answer
    assert "5.1" not in quotes and "Cabinet is asked" not in quotes, a.answer


def test_a_follow_up_on_a_statement_without_shortfalls_says_so(plans: Any) -> None:
    a = _then(plans, "what did bradford score for partnerships and communities", "what needs to change?")
    assert "states no shortfall for Partnerships and communities" in a.answer, a.answer
    assert all(c.section is None or "Partnerships and communities" in c.section for c in a.citations), a.answer
    assert "waited several months" not in a.answer  # the neighbouring statement's shortfall


def test_a_follow_up_on_a_low_statement_gives_its_own_shortfalls(plans: Any) -> None:
    a = _then(plans, "what did bradford score for assessing needs", "what needs to change?")
    assert "states no shortfall" not in a.answer
    assert any("waited several months" in c.quote or "not always completed" in c.quote for c in a.citations[:2])
    assert "South Asian" not in a.answer, a.answer  # equity's shortfall, not this statement's
    b = _then(plans, "bradford's score for learning, improvement and innovation", "anything they need to fix there?")
    assert b.analysis.kind == QuestionKind.IMPROVEMENT
    assert "states no shortfall for Learning, improvement and innovation" in b.answer, b.answer


def test_a_compound_score_and_change_keeps_to_its_statement(plans: Any) -> None:
    a = plans.ask("bradford's equity score and what needs to change")
    assert "South Asian communities" in a.answer, a.answer
    assert "waited several months" not in a.answer and "2,130" not in a.answer, a.answer


def test_a_plan_without_report_sections_takes_the_statements_own_shortfalls(plans: Any) -> None:
    plan = plans.suggest("Kirklees Council", "Safeguarding")
    assert plan.items, plan.markdown
    first = plan.items[0]
    # the action plan's finding cell, cited exactly, not the row's action, owner and date
    assert first.shortfall == ("Section 42 enquiries were not always completed in a timely way, and outcomes were "
                               "not always recorded"), plan.markdown
    assert not any("learning disability" in item.shortfall for item in plan.items)  # another statement's row
    plan = plans.suggest("Wakefield Council", "Safeguarding")
    shortfalls = [item.shortfall for item in plan.items]
    assert shortfalls and shortfalls[0].startswith("4.3"), plan.markdown
    assert not any(s.startswith(("4.1", "5.1")) for s in shortfalls), plan.markdown
    body = plan.markdown.split("## Sources")[0]
    assert all(f"[{c.n}]" in body for c in plan.citations), plan.markdown  # every listed source is cited


def test_a_candidate_is_kept_for_its_own_statement_only() -> None:
    cell = on_statement(KIRKLEES_ROW, "Safeguarding")
    assert cell is not None and cell[2]
    assert KIRKLEES_ROW[cell[0] : cell[1]].startswith("Section 42 enquiries were not always completed")
    assert on_statement(KIRKLEES_ROW, "Assessing needs") is None  # the row names another statement
    assert on_statement("We will measure waiting times for assessments and reviews.", "Assessing needs") is None
    said = "Safeguarding enquiries took longer than the council's own standard to close."
    assert on_statement(said, "Safeguarding") == (0, len(said), True)
    assert on_statement(said, "Assessing needs") is None
    assert BOILERPLATE.search("CQC has a new duty under the Act to assess how local authorities work.")
    assert is_shortfall("There were a number of people who were awaiting an annual review of their care.")


def test_the_domain_abbreviation_and_a_paraphrase_are_no_missing_topic(plans: Any) -> None:
    a = plans.ask("what are the main problems with gateshead adult social care")  # "(ASC)" is no topic
    assert not a.refused, a.answer
    assert any("home adaptations" in c.quote or "direct payments" in c.quote for c in a.citations), a.answer
    a = plans.ask("what does doncaster need to do for people who fund their own care")
    assert "people who pay for their own care" in a.citations[0].quote, a.answer  # the self-funders synonyms


def test_a_plan_reads_names_as_questions_do_and_sizes_its_backlog(plans: Any) -> None:
    plan = plans.suggest("Bradford", "safegaurding")  # a short name and a misspelling, as a question would use
    assert (plan.council, plan.statement) == ("City of Bradford Metropolitan District Council", "Safeguarding")
    first = plan.items[0]
    assert "backlog of 410" in first.shortfall, plan.markdown
    assert first.draft_action.startswith("Reduce the backlog") and "410" in first.draft_action, first.draft_action
    assert plans.loaded_council("Bradford") == "City of Bradford Metropolitan District Council"
