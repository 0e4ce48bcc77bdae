"""Overall ratings compared, thresholds per council, and every place stating a value cited (sample corpus)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answers.citing import sentence_around, with_heading


def _quotes_are_verbatim(assistant: Any, answer: Any) -> None:
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote


@pytest.mark.parametrize("question", [
    "Derby or North Lincs: whose overall rating was better?",
    "north lincolnshire versus derby overall",
    "who was rated higher, derby city or north lincolnshire council",
])
def test_overall_rating_comparisons_compare_ratings_not_scores(assistant: Any, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.composer == "catalog" and not answer.refused
    assert answer.answer.startswith("North Lincolnshire Council was rated higher overall: indicative Good")
    assert "Requires improvement" in answer.answer and "scored higher on" not in answer.answer
    _quotes_are_verbatim(assistant, answer)


def test_a_rating_named_groups_the_councils_by_rating(assistant: Any) -> None:
    answer = assistant.ask("Out of Derby and North Lincolnshire, which got Good overall?")
    assert answer.answer.startswith("North Lincolnshire Council was rated Good")
    assert "Derby City Council was rated Requires improvement" in answer.answer


def test_compound_overall_and_statement_comparison_answers_both(assistant: Any) -> None:
    answer = assistant.ask("compare north lincs and derby overall and on safeguarding")
    first = answer.answer.split(". ")[0]
    assert "rated higher overall" in first
    assert "scored higher on Safeguarding" in answer.answer
    assert "Assessing needs" not in answer.answer  # only the statement asked about


def test_casual_vs_with_a_statement_is_a_score_comparison(assistant: Any) -> None:
    answer = assistant.ask("north lincs v derby on safeguarding")
    assert answer.composer == "catalog"
    assert answer.answer.startswith("North Lincolnshire Council scored higher on Safeguarding: 3")


def test_providers_rated_good_is_not_a_council_rating_comparison(assistant: Any) -> None:
    from assistant.answers.compare import is_score_comparison

    analysis = assistant.analyse("How do Derby and North Lincolnshire compare on the share of care homes rated good?")
    assert not is_score_comparison(analysis)


@pytest.mark.parametrize(("question", "start"), [
    ("did derby get a 3 anywhere", "Yes, once: Derby City Council scored 3 on Partnerships and communities"),
    ("did derby score better than a 2 on anything?", "Yes, once: Derby City Council scored more than 2"),
    ("has north lincs got any 4s", "No: North Lincolnshire Council scored 4 on none"),
    ("did north lincolnshire get a 2 anywhere", "Yes, once: North Lincolnshire Council scored 2 on Equity"),
])
def test_thresholds_for_a_named_council_answer_yes_or_no(assistant: Any, question: str, start: str) -> None:
    answer = assistant.ask(question)
    assert answer.answer.startswith(start), answer.answer
    _quotes_are_verbatim(assistant, answer)


def test_has_anyone_scored_a_threshold_on_a_statement(assistant: Any) -> None:
    answer = assistant.ask("did any council get a 4 for safeguarding?")
    assert answer.answer.startswith("None of the 2 councils")


def test_agreeing_places_are_all_cited(assistant: Any) -> None:
    answer = assistant.ask("Derby's score for safeguarding please")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) >= 2 and all("2" in q for q in quotes[:2])
    assert len({(c.start, c.end) for c in answer.citations}) == len(quotes)
    _quotes_are_verbatim(assistant, answer)


def test_a_rating_is_cited_with_its_heading_never_as_a_bare_word(assistant: Any) -> None:
    answer = assistant.ask("what overall grade did derby get")
    assert "Requires improvement" in answer.answer
    quote = answer.citations[0].quote
    assert "Requires improvement" in quote and len(quote.split()) > 3


def test_what_did_a_council_score_gives_the_rating_and_all_nine(assistant: Any) -> None:
    answer = assistant.ask("what scores did derby city council receive?")
    assert answer.answer.startswith("Derby City Council's overall CQC rating is Requires improvement")
    assert "Requires improvement" in answer.answer
    assert answer.answer.count("Evidence shows") >= 9


def test_a_statement_written_as_two_words_answers_that_statement_only(assistant: Any) -> None:
    answer = assistant.ask("derby safe guarding score")
    assert "Safeguarding" in answer.answer and "Assessing needs" not in answer.answer


def test_worked_out_percentage_says_so(assistant: Any) -> None:
    answer = assistant.ask("What was Derby's overall score out of 100?")
    assert "worked out" in answer.answer and "no overall percentage" in answer.answer


def test_sentence_around_and_heading() -> None:
    text = "Intro line.\n\nCQC has rated Exampleshire Council as good, in how well it meets duties. Next one.\n"
    start = text.index("good")
    s, e = sentence_around(text, start, start + 4)
    assert text[s:e] == "CQC has rated Exampleshire Council as good, in how well it meets duties."
    lines = "## Overall rating\n\nExampleshire Council\n\nGood\n"
    at = lines.index("Good")
    assert lines[with_heading(lines, at, at + 4, [0]) : at + 4].startswith("## Overall rating")
    assert lines[with_heading(lines, at, at + 4, []) : at + 4] == "Exampleshire Council\n\nGood"


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("was derby rated good?", "No: Derby City Council's overall CQC rating is Requires improvement"),
        ("is north lincs good", "Yes: North Lincolnshire Council's indicative overall CQC rating is Good"),
        ("Derby's rating", "Derby City Council's overall CQC rating is Requires improvement"),
    ],
)
def test_is_a_council_rated_so_answers_yes_or_no_first(assistant: Any, question: str, start: str) -> None:
    assert assistant.ask(question).answer.startswith(start)
