"""A follow-up comparison asks what its context asked (a score or the overall rating); a rating asked of one
care service is out of scope; everyday ways of asking what went well."""

from __future__ import annotations

from assistant.compose.terms import asks_what_went_well
from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse
from tests.assistant.understand.chat import LOADED, chat


def test_comparing_that_after_a_score_compares_scores() -> None:
    a = chat("derby safeguarding score", "how does that compare with hounslow?")
    assert a.kind == QuestionKind.COMPARISON and "score" in a.standalone


def test_comparing_that_after_a_rating_compares_ratings() -> None:
    a = chat("what was derby rated overall", "how does that compare with north lincs?")
    assert a.kind == QuestionKind.COMPARISON and "overall rating" in a.standalone


def test_comparing_that_after_a_finding_stays_a_finding_comparison() -> None:
    a = chat("what did CQC say about carers in derby", "how does that compare with north lincs?")
    assert "score" not in a.standalone and "rating" not in a.standalone


def test_one_care_home_rating_is_out_of_scope() -> None:
    assert analyse("whats the cqc rating of a care home in derby", [], LOADED).kind == QuestionKind.OUT_OF_SCOPE
    assert analyse("what share of care homes in derby are rated good", [], LOADED).kind != QuestionKind.OUT_OF_SCOPE


def test_everyday_ways_of_asking_what_went_well() -> None:
    for q in ("what's derby good at", "what's gone well in hounslow", "what did CQC praise in derby"):
        assert asks_what_went_well(analyse(q, [], LOADED)), q
    assert not asks_what_went_well(analyse("what did derby score for safeguarding", [], LOADED))


def test_what_cqc_liked_is_what_went_well() -> None:
    assert asks_what_went_well(analyse("what did CQC like about derby", [], LOADED))
