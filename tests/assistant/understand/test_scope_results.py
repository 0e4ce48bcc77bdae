"""Out of scope: results no assessment holds (years before CQC assessed councils, assessments still to come),
providers' scores, children's services; in scope: the same words about a council's adult social care."""

from __future__ import annotations

import pytest

from assistant.understand.scope import out_of_scope


@pytest.mark.parametrize("question", [
    "what was kent's cqc rating in 2019?", "Derby's 2019 CQC assessment score",
    "what will birmingham's next cqc assessment score be", "when is derby's next assessment rating due",
    "what did royal derby hospital score", "birmingham children's trust rating",
    "ofsted rating for hertfordshire childrens services",
])
def test_results_no_council_assessment_holds_are_out_of_scope(question: str) -> None:
    assert out_of_scope(question)


@pytest.mark.parametrize("question", [
    "derby rating in 2024", "what were the waiting lists in derby in 2022 before the assessment",
    "how did derby score on hospital discharge", "what did the 2021 self-assessment say about waiting lists",
    "how will the council score its own performance", "what did derby score",
    "how were young people moving from children's to adult services supported in derby",
])
def test_the_same_words_about_a_council_stay_in_scope(question: str) -> None:
    assert not out_of_scope(question)
