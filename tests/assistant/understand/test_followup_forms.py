"""Follow-ups of every form: a pronoun as the topic, a new ask in an elliptical turn, a statement after an
overview, 'what did they get for X', a provider asked after a council, and made-up councils in lower case."""

from __future__ import annotations

from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse
from tests.assistant.understand.chat import LOADED, chat


def test_that_as_the_object_becomes_the_statement_asked_before() -> None:
    a = chat("how did hounslow do on assessing needs", "what did CQC say about that in derby?")
    assert a.kind == QuestionKind.FINDING and a.councils == ["Derby City Council"]
    assert a.statements == ["Assessing needs"] and "about Assessing needs" in a.standalone


def test_that_one_is_replaced_too_and_a_subject_that_is_not() -> None:
    a = chat("derby safeguarding score", "what does good look like for that one?")
    assert a.kind == QuestionKind.GOOD_PRACTICE and "for Safeguarding" in a.standalone
    b = chat("derby safeguarding score", "how does that compare with hounslow?")
    assert b.kind == QuestionKind.COMPARISON and "about" not in b.standalone


def test_what_they_got_for_a_statement_is_its_score() -> None:
    a = chat("derby's overall rating?", "what did they get for governance?")
    assert a.kind == QuestionKind.SCORE and a.councils == ["Derby City Council"]
    assert a.statements == ["Governance, management and sustainability"]
    assert analyse("how much funding did derby get for carers", [], LOADED).kind != QuestionKind.SCORE


def test_an_elliptical_turn_with_an_ask_of_its_own_keeps_it() -> None:
    assert chat("derby overall rating", "and their score out of 100?").kind == QuestionKind.ARITHMETIC
    assert chat("derby rating", "what percentage did they get?").kind == QuestionKind.ARITHMETIC
    plain = chat("derby assessing needs score", "and for safeguarding?")
    assert plain.kind == QuestionKind.SCORE and plain.statements == ["Safeguarding"]


def test_a_statement_after_an_overview_asks_how_the_council_did_on_it() -> None:
    a = chat("Tell me about Hounslow", "what about there on equity?")
    assert a.kind == QuestionKind.SCORE and a.councils == ["Hounslow Council"]
    assert a.statements == ["Equity in experience and outcomes"]


def test_a_hospital_or_nhs_trust_after_a_council_is_out_of_scope() -> None:
    assert chat("derby overall rating", "and the royal derby hospital?").kind == QuestionKind.OUT_OF_SCOPE
    assert chat("derby safeguarding score", "what about the nhs trust?").kind == QuestionKind.OUT_OF_SCOPE
    assert chat("derby rating", "what about hospital discharge there?").kind != QuestionKind.OUT_OF_SCOPE


def test_a_made_up_council_in_lower_case_is_not_loaded() -> None:
    a = analyse("how did wessex county council do on assessing needs", [], LOADED)
    assert a.kind == QuestionKind.OUT_OF_SCOPE and a.unknown_councils == ["Wessex County Council"]
    b = analyse("what did the county council say about carers in derby", [], LOADED)
    assert b.kind != QuestionKind.OUT_OF_SCOPE and b.unknown_councils == []


def test_how_come_and_tell_me_more_ask_for_the_findings_behind_the_answer() -> None:
    for q in ("how come?", "what was the reason for that?", "ok, what are the reasons?"):
        a = chat("derby safeguarding score", q)
        assert a.kind == QuestionKind.FINDING and a.statements == ["Safeguarding"], q
        assert a.standalone == "What did CQC find about Safeguarding in Derby City Council, and why?", q
    more = chat("derby safeguarding score", "tell me more")
    assert more.kind == QuestionKind.FINDING and more.standalone.endswith("Safeguarding in Derby City Council?")


def test_an_elliptical_statement_after_a_comparison_compares_on_it() -> None:
    a = chat("compare derby and north lincs on safeguarding", "what about assessing needs?")
    assert a.kind == QuestionKind.COMPARISON and a.statements == ["Assessing needs"]
    assert len(a.councils) == 2


def test_advice_asked_after_a_statement_is_about_that_statement() -> None:
    good = chat("what did derby score for equity", "what does good look like?")
    assert good.kind == QuestionKind.GOOD_PRACTICE and good.statements == ["Equity in experience and outcomes"]
    change = chat("derby safeguarding score", "what needs to change?")
    assert change.kind == QuestionKind.IMPROVEMENT and change.statements == ["Safeguarding"]
    own = chat("derby safeguarding score", "what does derby need to improve on carers?")
    assert own.statements != ["Safeguarding"]  # a topic of its own


def test_a_general_question_with_its_own_scope_is_not_a_follow_up() -> None:
    a = chat("derby safeguarding score", "what does good practice look like in councils?")
    assert not a.is_follow_up and a.councils == []


def test_they_as_the_council_speaking_leaves_the_question_its_own_topic() -> None:
    a = chat("what did derby's council say about its CQC result", "what did they say about carers?")
    assert a.councils == ["Derby City Council"] and "Context:" not in a.standalone and "carers" in a.standalone
    b = chat("derby safeguarding score", "what did they say about it?")
    assert "about Safeguarding" in b.standalone
