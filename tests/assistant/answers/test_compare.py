"""Comparisons and rankings of catalogued scores on the real sample reports."""

from __future__ import annotations

from typing import Any


def test_ranking_on_a_statement_leads_with_the_answer(assistant: Any) -> None:
    low = assistant.ask("Which council scored lowest on assessing needs?")
    assert low.answer.startswith("Derby City Council had the lowest score on Assessing needs of the 2 councils "
                                 "with a CQC assessment loaded: 2 - Evidence shows some shortfalls [1].")
    assert "North Lincolnshire Council: 3" in low.answer
    tie = assistant.ask("Which council scored highest on equity?")
    assert tie.answer.startswith("Derby City Council and North Lincolnshire Council tied for the highest score")


def test_ranking_by_total_leads_with_the_answer(assistant: Any) -> None:
    answer = assistant.ask("Which council has the best scores?")
    assert answer.answer.startswith("North Lincolnshire Council has the highest quality statement total")
    assert "26/36 (72%)" in answer.answer and "19/36 (53%)" in answer.answer


def test_comparing_two_councils_by_name_alone_compares_ratings_and_scores(assistant: Any) -> None:
    for question in ("How do Derby and North Lincolnshire compare?",
                     "Compare Derby and North Lincolnshire on all quality statements"):
        answer = assistant.ask(question)
        assert not answer.refused and answer.composer == "catalog"
        assert answer.answer.startswith("North Lincolnshire Council was rated higher overall: indicative Good [1], "
                                        "against Derby City Council's Requires improvement [2].")
        assert answer.answer.count("scored higher on") + answer.answer.count("Neither:") == 9
    facts = assistant.ask("How does direct payments take-up compare between North Lincolnshire and Derby?")
    assert "42%" in facts.answer  # a named measure is still compared from the reports' text


def test_everyday_ways_of_asking_who_did_better_compare_the_catalog(assistant: Any) -> None:
    """"is A better than B", "did A beat B on X", "who came out on top": ratings and scores, never a refusal."""
    better = assistant.ask("is north lincs better than derby")
    assert not better.refused and better.composer == "catalog"
    assert better.answer.startswith("North Lincolnshire Council was rated higher overall: indicative Good")
    assert "scored higher than Derby City Council on" in better.answer
    for question in ("did north lincs beat derby on safe pathways",
                     "who came out on top on transitions, derby or nlc?"):
        beat = assistant.ask(question)
        assert beat.answer.startswith("North Lincolnshire Council scored higher on Safe pathways"), question
    short = assistant.ask("is derby better than n lincs on equity")  # a short form is still only a council
    assert short.answer.startswith("Neither: on Equity in experience and outcomes both scored 2")


def test_a_statement_named_by_theme_words_is_compared_by_score(assistant: Any) -> None:
    answer = assistant.ask("derby or north lincs - safe transitions?")
    assert answer.composer == "catalog"
    assert answer.answer.startswith("North Lincolnshire Council scored higher on Safe pathways, systems and")


def test_a_comparison_follow_up_keeps_the_topic_before(assistant: Any) -> None:
    from assistant.models.questions import Turn

    first = assistant.ask("derby overall rating")
    second = assistant.ask("how about compared with north lincs?",
                           [Turn(question=first.analysis.question, answer=first.answer, analysis=first.analysis)])
    assert second.answer.startswith("North Lincolnshire Council was rated higher overall")


def test_better_at_a_statement_compares_the_scores(assistant: Any) -> None:
    """"is A better than B at X" and "compare A and B on <X's own words>" name only councils and a statement."""
    for question in ("is derby better than north lincs at safeguarding?",
                     "compare North Lincolnshire and Derby on assessing people's needs",
                     "rank derby and north lincs on safeguarding",
                     "is derby better than north lincs at safeguarding adults",
                     "is Derby better than North Lincs at helping people lead healthier lives?"):
        answer = assistant.ask(question)
        assert answer.composer == "catalog", question
        assert "North Lincolnshire Council scored higher on" in answer.answer.split(". ")[0], question


def test_ratings_of_two_councils_or_a_rating_named_compare_the_catalog(assistant: Any) -> None:
    ratings = assistant.ask("derby and north lincs ratings")
    assert ratings.composer == "catalog"
    assert ratings.answer.startswith("North Lincolnshire Council was rated higher overall")
    named = assistant.ask("did derby or north lincs get requires improvement")
    assert named.answer.startswith("Derby City Council was rated Requires improvement [1]; North Lincolnshire "
                                   "Council was rated Good [2].")


def test_a_misspelt_council_in_a_comparison_is_still_only_a_council(assistant: Any) -> None:
    for question in ("compare Derbby and North Lincs on safeguarding",
                     "is Derby better than North Lincolnshre at equity"):
        answer = assistant.ask(question)
        assert answer.composer == "catalog", question
        assert "scored" in answer.answer.split(". ")[0], question
