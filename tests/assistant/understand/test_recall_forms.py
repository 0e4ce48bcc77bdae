"""Everyday wordings that were refused, misread or answered out of scope: places that are no council in lower
case, one care home by its place, sector acronyms typed in lower case, chat shorthand, an overall score asked of
two councils, 'and the percentage?', 'worth copying' and a rating still to come."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse
from assistant.understand.lexicon import expand_acronyms, lower_case_acronyms
from assistant.understand.places import find_places
from assistant.understand.scope import out_of_scope
from tests.assistant.understand.chat import LOADED, chat


@pytest.mark.parametrize("question", ["what rating did torridge get", "how was mid devon rated",
                                      "wat did test valley score for safeguarding"])
def test_a_place_that_is_no_council_is_unknown_in_any_case(question: str) -> None:
    places = find_places(question, LOADED)
    assert places.unknown and not places.loaded
    assert analyse(question, [], LOADED).kind == QuestionKind.OUT_OF_SCOPE


def test_a_word_that_is_also_a_place_name_is_no_place() -> None:
    # "hart" is a district and an English word: a question using the word names no place
    assert find_places("what did inspectors say about the heart of the service", LOADED).unknown == []
    assert analyse("what rating did derby get", [], LOADED).kind == QuestionKind.RATING


@pytest.mark.parametrize("question", ["is the care home in gillingham any good",
                                      "how good is the nursing home on station road"])
def test_the_care_home_somewhere_is_one_provider(question: str) -> None:
    assert out_of_scope(question)


def test_care_homes_in_general_stay_in_scope() -> None:
    assert not out_of_scope("what did cqc say about the care home market in derby")
    assert not out_of_scope("how good are care homes in derby according to the cqc")


def test_a_lower_case_acronym_reads_as_its_expansion() -> None:
    assert "Deprivation of Liberty Safeguards" in expand_acronyms("what about dols in derby")
    assert lower_case_acronyms("what about dols in derby") == ["dols"]
    assert lower_case_acronyms("what about DoLS in derby") == []
    assert expand_acronyms("is there a waiting list for ot") == "is there a waiting list for ot"  # too short


def test_chat_shorthand_reads_as_the_reports_word() -> None:
    assert "(people)" in analyse("how many ppl waiting for a review in derby", [], LOADED).standalone


@pytest.mark.parametrize("question", ["derby vs hounslow overall score", "which has the higher overall score, "
                                      "derby or hounslow", "derby v hounslow percentage"])
def test_an_overall_score_of_two_councils_is_compared(question: str) -> None:
    assert analyse(question, [], LOADED).kind == QuestionKind.COMPARISON


def test_the_overall_score_of_one_council_stays_arithmetic() -> None:
    assert analyse("derby overall score", [], LOADED).kind == QuestionKind.ARITHMETIC


def test_and_the_percentage_after_a_rating_is_the_overall_score() -> None:
    a = chat("hounslow overall rating", "and the percentage?")
    assert a.kind == QuestionKind.ARITHMETIC and a.councils == ["Hounslow Council"]


@pytest.mark.parametrize("question", ["any examples from derby worth copying on carers?",
                                      "anything N Lincs does on hospital discharge that others could copy?"])
def test_worth_copying_asks_for_good_practice(question: str) -> None:
    assert analyse(question, [], LOADED).kind == QuestionKind.GOOD_PRACTICE


def test_a_rating_still_to_come_is_out_of_scope() -> None:
    assert out_of_scope("when will derby get its next CQC rating?")
    assert out_of_scope("when will leicestershire get its cqc rating?")
    assert not out_of_scope("when did derby get its rating")
