"""Follow-ups read against the previous answer's shape: a bare ranking word after scores, 'the other one' of a
two-statement theme, and a question naming no council after a turn about one (but not one about councils at large)."""

from __future__ import annotations

from assistant.models.questions import QuestionKind
from tests.assistant.understand.chat import chat


def test_a_bare_ranking_word_after_scores_ranks_those_scores() -> None:
    low = chat("what were derby's scores?", "which were the weakest?")
    assert low.kind == QuestionKind.RANKING and low.councils == ["Derby City Council"] and "lowest" in low.standalone
    assert "highest" in chat("derby's scores", "and the best one?").standalone
    assert chat("what did CQC find about derby's safeguarding?", "which were the weakest?").kind != QuestionKind.RANKING


def test_the_other_one_is_the_sibling_only_in_a_two_statement_theme() -> None:
    pair = chat("derby safeguarding score", "the other one in that theme?")
    assert pair.kind == QuestionKind.SCORE and pair.statements == ["Safe pathways, systems and transitions"]
    three = chat("derby assessing needs score", "the other one?")  # a theme of three: no one sibling
    assert three.statements == ["Assessing needs"]


def test_a_question_naming_no_council_is_about_the_last_one() -> None:
    a = chat("derby overall rating", "how many carers' assessments were done?")
    assert a.councils == ["Derby City Council"] and a.is_follow_up
    assert chat("derby overall rating", "what do local authorities usually get wrong on carers?").councils == []


def test_a_topic_in_the_users_own_words_keeps_them_in_the_standalone() -> None:
    a = chat("what did people in derby tell healthwatch about home care", "and what about reablement?")
    assert "reablement" in a.standalone and a.statements == ["Supporting people to live healthier lives"]
    named = chat("derby assessing needs score", "and for safeguarding?")  # a statement's own name: as before
    assert named.kind == QuestionKind.SCORE and named.statements == ["Safeguarding"]


def test_a_statement_after_a_finding_with_a_topic_asks_the_same_of_it() -> None:
    a = chat("how long are people waiting for an assessment in derby", "what about safeguarding there?")
    assert a.kind == QuestionKind.FINDING and a.statements == ["Safeguarding"] and "waiting" in a.standalone
    assert chat("Tell me about Hounslow's CQC assessment", "what about there on equity?").kind == QuestionKind.SCORE


def test_an_and_question_with_no_topic_of_its_own_carries_the_topic_before() -> None:
    a = chat("what did people tell healthwatch about waiting for an assessment in derby?",
             "and what did the council promise?")
    assert a.kind == QuestionKind.IMPROVEMENT and a.councils == ["Derby City Council"] and "waiting" in a.standalone


def test_any_good_examples_asks_for_the_councils_practice_on_the_statement_before() -> None:
    a = chat("how did derby do on partnerships", "any good examples?")
    assert a.kind == QuestionKind.GOOD_PRACTICE and a.councils == ["Derby City Council"]
    assert a.statements == ["Partnerships and communities"]


def test_a_statement_after_an_overall_comparison_compares_on_it_alone() -> None:
    a = chat("compare derby and north lincolnshire overall", "what about on safeguarding?")
    assert a.kind == QuestionKind.COMPARISON and a.statements == ["Safeguarding"] and "overall" not in a.standalone
