"""Off-topic questions about the regulator, the law, office holders and the world are out of scope; the same
words asking what the assessments found stay in scope."""

from __future__ import annotations

import pytest

from assistant.understand.scope import out_of_scope


@pytest.mark.parametrize("question", [
    "who is the chief executive of the care quality commission?", "when was the CQC founded",
    "what year was the CQC set up", "how many staff work at the cqc", "where is the cqc based",
    "what is the Care Act", "explain what the mental health act 1983 is", "who leads Derby council",
    "who is the leader of birmingham city council", "who is the mayor of hounslow", "what's the capital of france",
    "what is the population of the uk", "how much is the national minimum wage", "what time does the library open",
    "bus times from derby to leicester", "how do i apply for a blue badge in kent",
    "is it going to rain in nottingham this weekend", "who runs the cqc", "how do I request a care needs assessment",
])
def test_off_topic_questions_are_out_of_scope(question: str) -> None:
    assert out_of_scope(question)


@pytest.mark.parametrize("question", [
    "when did CQC start assessing councils", "who runs the council there?",
    "who is the director of adult social services in derby", "what does the care act 2014 say about carers",
    "how many staff did cqc speak to in derby", "what did cqc say about care workers' pay in kent",
    "how did derby train its staff", "what did inspectors say about travel training in leicester",
    "who is the chief inspector of adult social care", "how did derby arrange care for people leaving hospital",
    "what did the head of the cqc say about derby", "what time does the crisis team take to respond",
])
def test_the_same_words_about_the_assessments_stay_in_scope(question: str) -> None:
    assert not out_of_scope(question)
