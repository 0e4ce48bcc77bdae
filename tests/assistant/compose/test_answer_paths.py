"""Finding, improvement and good-practice answers over the sample corpus: found when the evidence is there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.models.questions import QuestionKind, Turn


def test_good_practice_on_a_topic_draws_on_every_statements_bullets(assistant: Any) -> None:
    answer = assistant.ask("what does good co-production look like?")
    assert not answer.refused and answer.kind == QuestionKind.GOOD_PRACTICE
    statements = {c.section for c in answer.citations}
    assert len(answer.citations) >= 3 and len(statements) >= 2, statements
    assert all("coproduc" in c.quote.lower().replace("-", "") for c in answer.citations[:3])


def test_answerable_findings_in_casual_wording_are_answered(assistant: Any) -> None:
    for q in ("what's the Experts Together thing in north lincs", "how many safeguarding referrals did darby get",
              "derby overdue reviews figure?"):
        answer = assistant.ask(q)
        assert not answer.refused and answer.kind == QuestionKind.FINDING, q


def test_out_of_scope_questions_are_still_refused(assistant: Any) -> None:
    for q in ("What is the band D council tax in Derby?", "When will CQC assess Leicestershire?",
              "Which nursing homes in Derby are rated inadequate?"):
        assert assistant.ask(q).refused, q


def test_why_after_a_score_cites_the_statements_findings(assistant: Any) -> None:
    first = assistant.ask("how did north lincs do on the equity one?")
    answer = assistant.ask("why?", [Turn(question=first.analysis.question, answer=first.answer,
                                         analysis=first.analysis)])
    assert not answer.refused and answer.citations
    assert any(c.section and "Equity" in c.section for c in answer.citations)


def test_misspelt_topic_words_are_read_as_the_loaded_word(assistant: Any) -> None:
    answer = assistant.ask("what does derby say about its safegarding backlogs")
    assert not answer.refused and answer.citations


def test_what_a_council_did_well_is_answered_from_its_report(assistant: Any) -> None:
    answer = assistant.ask("anything north lincs did well?")
    assert not answer.refused and answer.citations
    assert all(c.council == "North Lincolnshire Council" for c in answer.citations)


def test_why_after_a_low_score_leads_with_its_shortfalls(assistant: Any) -> None:
    first = assistant.ask("derby safeguarding score?")
    answer = assistant.ask("why?", [Turn(question=first.analysis.question, answer=first.answer,
                                         analysis=first.analysis)])
    assert not answer.refused and answer.citations
    assert re.search(r"backlog|however|not|delay|wait", answer.citations[0].quote, re.I), answer.answer


def test_what_a_council_could_improve_finds_shortfalls_without_the_word_improve(assistant: Any) -> None:
    answer = assistant.ask("what could derby improve?")
    assert not answer.refused and len(answer.citations) >= 2
    assert any("improv" not in c.quote.lower() for c in answer.citations)


def test_good_practice_for_a_whole_statement_lists_its_bullets(assistant: Any) -> None:
    first = assistant.ask("what did derby get for safeguarding?")
    answer = assistant.ask("what does good look like for it?", [Turn(question=first.analysis.question,
                                                                     answer=first.answer, analysis=first.analysis)])
    assert answer.kind == QuestionKind.GOOD_PRACTICE and len(answer.citations) > 5


@pytest.mark.parametrize("question", ["how can councils improve safeguarding?",
                                      "how could councils get better at direct payments"])
def test_improving_with_no_council_named_is_what_good_looks_like_across_councils(assistant: Any,
                                                                                  question: str) -> None:
    """Naming no council, "how can councils improve Y" is answered from the LGA's analysis of what good looks
    like, not from one council's shortfalls."""
    answer = assistant.ask(question)
    assert not answer.refused and answer.citations
    assert all(c.council is None for c in answer.citations), [(c.document, c.council) for c in answer.citations]
    assert all(c.document.startswith("lga-") for c in answer.citations[:3])


def test_improving_a_named_council_still_answers_from_its_own_documents(assistant: Any) -> None:
    answer = assistant.ask("how can derby improve safeguarding?")
    assert not answer.refused
    assert answer.citations[0].council == "Derby City Council"


def test_how_many_leads_with_a_count_not_a_percentage(assistant: Any) -> None:
    """'How many' asks for a count: the sentence giving one leads, ahead of a better-retrieved percentage."""
    answer = assistant.ask("how many carers does derby have")
    assert not answer.refused
    assert "472 carers" in answer.answer.split("[1]")[0], answer.answer[:300]


def test_why_after_a_high_score_gives_what_went_well_on_the_statement(assistant: Any) -> None:
    from assistant.compose.cues import is_shortfall

    first = assistant.ask("how did north lincs do on safeguarding?")
    assert "scored 3" in first.answer or "scored 4" in first.answer, first.answer
    answer = assistant.ask("why so high?", [Turn(question=first.analysis.question, answer=first.answer,
                                                 analysis=first.analysis)])
    assert not answer.refused and answer.citations
    assert answer.analysis.question.startswith("what did it do well")
    assert any(c.section and "Safeguarding" in c.section for c in answer.citations)
    assert not is_shortfall(answer.citations[0].quote), answer.answer
