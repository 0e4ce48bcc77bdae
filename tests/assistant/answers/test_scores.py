"""Catalog answers on the real sample corpus: scores, ratings, comparisons, rankings, rating arithmetic."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.answers.arithmetic import RULE_TEXT, points_to_next
from assistant.domain.taxonomy import percentage_for_scores, rating_for_percentage
from assistant.models.answers import Answer


def verbatim(assistant: Any, answer: Answer) -> None:
    """Every citation quotes the stored text exactly, and every sentence carries a citation."""
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
    if not answer.refused:
        for sentence in re.split(r"(?<=[.!?\]])\s+(?=[A-Z])", answer.answer):
            assert re.search(r"\[\d+\]", sentence), sentence


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("safeguarding score for Derby", "2 - Evidence shows some shortfalls"),
        ("Derby partnerships and communities score?", "3 - Evidence shows a good standard"),
        ("How did North Lincs do on equity?", "2 - Evidence shows some shortfalls"),
        (
            "What was NLC's indicative score for learning, improvement and innovation?",
            "3 - Evidence shows a good standard",
        ),
    ],
)
def test_scores_are_exact_and_cited(assistant: Any, question: str, expected: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and answer.composer == "catalog"
    assert expected in answer.answer
    assert expected.split(" - ")[0] in answer.citations[0].quote
    verbatim(assistant, answer)


def test_pilot_scores_are_called_indicative(assistant: Any) -> None:
    assert "indicative" in assistant.ask("North Lincolnshire safeguarding score").answer
    assert "indicative" not in assistant.ask("Derby safeguarding score").answer


def test_report_label_differing_from_canonical_name_is_shown(assistant: Any) -> None:
    answer = assistant.ask("What score did North Lincolnshire get for safe pathways?")
    assert "Safe systems, pathways and transitions" in answer.answer


def test_all_scores_of_a_council(assistant: Any) -> None:
    answer = assistant.ask("North Lincolnshire scores")
    assert answer.answer.count("Evidence shows") >= 9 and len(answer.citations) >= 9
    assert "overall CQC rating is Good" in answer.answer.split(". ")[0]
    verbatim(assistant, answer)


def test_ratings(assistant: Any) -> None:
    derby = assistant.ask("What overall rating did the CQC give Derby City Council for adult social care?")
    assert "Requires improvement" in derby.answer and "16 August 2024" in derby.answer
    assert "Requires improvement" in derby.citations[0].quote
    nl = assistant.ask("What is North Lincolnshire Council's overall CQC rating?")
    assert "Good" in nl.answer and "indicative" in nl.answer
    which = assistant.ask(
        "Which of the CQC-assessed councils in the documents was rated Requires improvement?"
    )
    assert which.answer.startswith("Derby City Council was rated Requires improvement")
    verbatim(assistant, which)


def test_council_with_documents_but_no_rating(assistant: Any) -> None:
    answer = assistant.ask("What CQC rating has Leicestershire County Council received?")
    assert not answer.refused
    assert answer.answer.startswith("There is no CQC rating for Leicestershire County Council")
    assert any("not yet known" in c.quote for c in answer.citations)
    verbatim(assistant, answer)
    score = assistant.ask("What score did the CQC give Leicester City Council for safeguarding?")
    assert score.refused and "no CQC score" in score.answer


def test_council_not_loaded_is_refused_naming_loaded_ones(assistant: Any) -> None:
    answer = assistant.ask("What CQC rating did Nottinghamshire County Council get?")
    assert answer.refused and not answer.citations
    assert "Nottinghamshire County Council" in answer.answer and "Derby City Council" in answer.answer


def test_comparison_winner_tie_and_nowhere(assistant: Any) -> None:
    better = assistant.ask("Which council did better on safeguarding, Derby or North Lincolnshire?")
    assert better.answer.startswith("North Lincolnshire Council scored higher on Safeguarding")
    assert len(better.citations) == 2
    tie = assistant.ask("Which council scored higher on partnerships and communities?")
    assert tie.answer.startswith("Neither") and "both scored 3" in tie.answer
    nowhere = assistant.ask("Where did North Lincolnshire score lower than Derby?")
    assert nowhere.answer.startswith("Nowhere")
    assert "Equity in experience and outcomes" in nowhere.answer  # the tie is named
    higher = assistant.ask("Where did North Lincolnshire score higher than Derby?")
    assert "scored higher than Derby City Council on 7" in higher.answer
    for a in (better, tie, nowhere, higher):
        verbatim(assistant, a)


def test_comparison_of_facts_goes_to_retrieval_per_council(assistant: Any) -> None:
    answer = assistant.ask("How does direct payments take-up compare between North Lincolnshire and Derby?")
    assert answer.composer == "extractive"
    assert "42%" in answer.answer and "39.16%" in answer.answer
    assert {c.council for c in answer.citations} == {"North Lincolnshire Council", "Derby City Council"}
    verbatim(assistant, answer)


def test_comparison_of_a_measure_carries_each_councils_figures(assistant: Any) -> None:
    """'Did A or B have a waiting list?': the figures of the one that had it, including the sentence
    further on that carries the figure on ('this had reduced to 252'), each cited."""
    answer = assistant.ask(
        "Did North Lincolnshire or Derby have a waiting list for Deprivation of Liberty Safeguards assessments?"
    )
    assert answer.answer.startswith("Derby City Council:")
    assert "over 600" in answer.answer and "reduced to 252" in answer.answer
    assert any("over 600" in c.quote for c in answer.citations)
    assert any("reduced to 252" in c.quote for c in answer.citations)
    assert "no waiting list" in answer.answer  # North Lincolnshire's side
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
    quoted = " ".join(" ".join(c.quote.split()) for c in answer.citations)
    for line in re.split(r"(?<=\])\s+", answer.answer):  # each cited line: verbatim quote(s) then a mark
        body = re.sub(r"^[A-Z][\w ]+ Council: |\s*\[\d+\]$", "", line)
        assert re.search(r"\[\d+\]$", line) and " ".join(body.split()).rstrip(".") in quoted, line


def test_ranking_with_threshold(assistant: Any) -> None:
    none = assistant.ask("Which councils scored 3 or more on equity?")
    assert none.answer.startswith("None of the 2 councils")
    some = assistant.ask("Which councils scored 3 or more on safeguarding?")
    assert some.answer.startswith("1 of the 2 councils") and "North Lincolnshire Council (3" in some.answer
    verbatim(assistant, some)


def test_rating_arithmetic_and_what_if(assistant: Any) -> None:
    answer = assistant.ask("Would Derby's rating change if Assessing needs rose to 3?")
    assert "19/36 = 53%" in answer.answer and "20/36 = 56%" in answer.answer
    assert "would stay Requires improvement" in answer.answer
    assert "39-62% Requires improvement" in answer.answer  # the rule is stated
    assert any("26/36=67%" in c.quote for c in answer.citations)  # the LGA worked example is cited
    verbatim(assistant, answer)
    everything = assistant.ask("What if Derby scored 3 on everything?")
    assert "27/36 = 75%" in everything.answer and "would change to Good" in everything.answer


def test_rating_rule_arithmetic() -> None:
    assert rating_for_percentage(percentage_for_scores([2] * 8 + [3])) == "Requires improvement"
    assert rating_for_percentage(percentage_for_scores([3] * 8 + [2])) == "Good"
    assert rating_for_percentage(percentage_for_scores([4] * 8 + [3])) == "Outstanding"
    assert rating_for_percentage(percentage_for_scores([1] * 9)) == "Inadequate"
    assert points_to_next(19, 9) == (4, "23/36 = 64% is Good")
    assert "88% and above Outstanding" in RULE_TEXT


def test_how_many_councils_have_a_rating(assistant: Any) -> None:
    answer = assistant.ask("How many councils were rated good?")
    assert answer.answer.startswith("1 of the 2 councils with a CQC assessment loaded was rated Good")
    assert "North Lincolnshire Council was rated Good" in answer.answer
    none = assistant.ask("How many councils were rated outstanding?")
    assert none.answer.startswith("None of the councils with a CQC assessment loaded was rated Outstanding")


def test_overall_percentage_is_worked_out_from_the_scores(assistant: Any) -> None:
    answer = assistant.ask("What percentage did North Lincolnshire get overall?")
    assert answer.analysis.kind == "arithmetic"
    assert answer.answer.startswith("North Lincolnshire Council's 9 quality statement scores total 26/36 = 72%")


def test_when_a_council_was_assessed(assistant: Any) -> None:
    answer = assistant.ask("When was Derby assessed?")
    assert answer.answer.startswith("CQC published its assessment of Derby City Council on 16 August 2024; "
                                    "the report gives no dates for the assessment itself [1].")
    assert answer.citations[0].quote == "Assessment published: 16 August 2024"
    pilot = assistant.ask("When was North Lincolnshire assessed?")
    assert "The assessment of North Lincolnshire Council began on 2 June 2023 [2]." in pilot.answer
    assert pilot.citations[1].quote == "Assessment start date: 2 June 2023"
