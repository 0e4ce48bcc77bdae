"""Tolerant reading: misspelt statements and councils, short forms, not-loaded councils, compound parts."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind, Turn
from assistant.understand.analyse import analyse
from assistant.understand.compound import split_parts
from assistant.understand.spelling import correct

LOADED = ["Derby City Council", "North Lincolnshire Council", "Hounslow Council", "Cqc Rates Kent County Council"]


def ask(question: str, history: list[Turn] | None = None):  # type: ignore[no-untyped-def]
    return analyse(question, history or [], LOADED)


@pytest.mark.parametrize(
    ("written", "read"),
    [("safegaurding", "safeguarding"), ("asessing", "assessing"), ("goverance", "governance"),
     ("partnreships", "partnerships")],
)
def test_misspelt_framework_words_are_corrected(written: str, read: str) -> None:
    text, fixes = correct(f"how is derby doing on {written}")
    assert read in text and fixes[0].written == written


@pytest.mark.parametrize(
    ("question", "kind"),
    [("wat needs imporving in derby", QuestionKind.IMPROVEMENT),
     ("what did inspecters critisise derby for", QuestionKind.IMPROVEMENT),
     ("derby weaknessess", QuestionKind.IMPROVEMENT)],
)
def test_misspelt_improvement_cues_keep_the_kind(question: str, kind: QuestionKind) -> None:
    assert ask(question).kind == kind


def test_english_words_and_place_names_are_left_alone() -> None:
    assert correct("what were the assessed needs of carers")[1] == []
    assert correct("how did darby do", frozenset({"darby"}))[1] == []


@pytest.mark.parametrize(
    ("question", "kind", "statement"),
    [
        ("what did derbby score for safegarding", QuestionKind.SCORE, "Safeguarding"),
        ("north lincs governence score", QuestionKind.SCORE, "Governance, management and sustainability"),
        ("what did CQC find on safegaurding in derby", QuestionKind.FINDING, "Safeguarding"),
    ],
)
def test_a_misspelling_never_changes_the_kind(question: str, kind: QuestionKind, statement: str) -> None:
    a = ask(question)
    assert a.kind == kind and a.statements == [statement]
    assert any(statement in i for i in a.interpretations)


def test_a_misspelt_council_is_read_and_said() -> None:
    a = ask("darby overall rating")
    assert a.councils == ["Derby City Council"] and a.kind == QuestionKind.RATING
    assert a.interpretations == ["Taking 'darby' as Derby City Council"]


@pytest.mark.parametrize(
    ("question", "council"),
    [("N Lincs rating?", "North Lincolnshire Council"), ("LB Hounslow safeguarding", "Hounslow Council"),
     ("what did kent get overall", "Cqc Rates Kent County Council")],
)
def test_short_forms_find_the_loaded_council(question: str, council: str) -> None:
    assert ask(question).councils == [council]


def test_a_real_council_not_loaded_is_not_loaded_and_a_made_up_place_is_out_of_scope() -> None:
    a = ask("how did cornwall do on safeguarding")
    assert a.kind == QuestionKind.OUT_OF_SCOPE and a.unknown_councils == ["Cornwall Council"]
    assert ask("is the General Hospital in Derby rated good").kind == QuestionKind.OUT_OF_SCOPE


def test_what_did_a_council_score_asks_for_all_the_scores() -> None:
    a = ask("what did north lincs score")
    assert a.kind == QuestionKind.SCORE and a.statements == []


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("derby equity and what has to change", [QuestionKind.SCORE, QuestionKind.IMPROVEMENT]),
        ("north lincs rating and why", [QuestionKind.RATING, QuestionKind.FINDING]),
        ("how can hounslow raise its safeguarding score", [QuestionKind.SCORE, QuestionKind.IMPROVEMENT]),
    ],
)
def test_compound_questions_have_every_part(question: str, kinds: list[QuestionKind]) -> None:
    a = ask(question)
    assert [p.kind for p in a.parts] == kinds
    assert all(p.councils == a.parts[0].councils for p in a.parts)


def test_names_joined_by_and_do_not_split() -> None:
    assert split_parts("compare derby and hounslow on safeguarding") == [
        "compare derby and hounslow on safeguarding"
    ]
    assert ask("what did CQC find about reviews and waiting lists in derby").parts == []


def test_a_loaded_short_name_the_register_lacks_is_found_beside_one_it_has() -> None:
    loaded = ["Royal Borough of Kensington and Chelsea", "London Borough of Camden"]
    a = analyse("kensington vs camden", [], loaded)
    assert a.councils == loaded and a.kind == QuestionKind.COMPARISON


@pytest.mark.parametrize("question", ["hertfordshire percentage", "whats derby's % score"])
def test_a_council_and_a_percentage_alone_ask_the_overall_percentage(question: str) -> None:
    assert analyse(question, [], ["Hertfordshire County Council", *LOADED]).kind == QuestionKind.ARITHMETIC


def test_a_percentage_of_something_is_a_finding() -> None:
    assert ask("derby direct payments percentage").kind == QuestionKind.FINDING


@pytest.mark.parametrize("question", ["what did derby get", "what did derby city council get from the cqc",
                                      "what has hounslow got"])
def test_what_a_council_got_with_nothing_else_asked_is_its_rating(question: str) -> None:
    assert ask(question).kind == QuestionKind.RATING
    assert ask("what did derby get for carers").kind != QuestionKind.RATING
