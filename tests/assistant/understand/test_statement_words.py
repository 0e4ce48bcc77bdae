"""Statements named by their own words in another order or in part, and the score cue "out of 4"."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse
from assistant.understand.lexicon import statement_mentions
from assistant.understand.statement_words import stem, word_mentions

COUNCILS = ["Derby City Council", "North Lincolnshire Council"]


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("needs assessment", "Assessing needs"),
        ("assessing people's needs", "Assessing needs"),
        ("learning and improvement", "Learning, improvement and innovation"),
        ("learning and innovation", "Learning, improvement and innovation"),
        ("governance and management", "Governance, management and sustainability"),
        ("equity of outcomes", "Equity in experience and outcomes"),
        ("partnerships with communities", "Partnerships and communities"),
        ("continuity of care", "Care provision, integration and continuity"),
    ],
)
def test_a_statements_own_words_name_it_whole(text: str, statement: str) -> None:
    mentions = statement_mentions(f"derby {text} score")
    assert [(m.statement, m.strong) for m in mentions] == [(statement, True)]
    assert (mentions[0].start, mentions[0].end) == (6, 6 + len(text))  # one mention over all the words


@pytest.mark.parametrize("text", ["learning disabilities", "care providers", "safe care", "needs",
                                  "improvement plan", "health and care"])
def test_words_shared_by_statements_or_single_words_name_none(text: str) -> None:
    assert word_mentions(text) == []


def test_a_longer_topic_phrase_keeps_its_reading() -> None:
    assert [(m.statement, m.strong) for m in statement_mentions("the integrated care board")] == [
        ("Partnerships and communities", False)]


def test_stems_join_inflections() -> None:
    assert stem("needs") == stem("need") and stem("assessment") == stem("assessing")
    assert stem("people's") == "people" and stem("safe") != stem("safeguarding")


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("whats derby got for needs assessment", "Assessing needs"),
        ("what did North Lincolnshire get out of 4 for learning and improvement",
         "Learning, improvement and innovation"),
        ("derby out of four on safeguarding?", "Safeguarding"),
        ("what did the CQC give derby for equity", "Equity in experience and outcomes"),
        ("what did cqc award north lincs for safeguarding", "Safeguarding"),
        ("how many points did derby get for safeguarding", "Safeguarding"),
    ],
)
def test_score_questions_worded_freely_are_score_lookups(question: str, statement: str) -> None:
    a = analyse(question, [], COUNCILS)
    assert a.kind == QuestionKind.SCORE and a.statements == [statement]



def test_giving_help_for_something_is_no_score_question() -> None:
    assert analyse("what help did derby give carers for respite", [], COUNCILS).kind != QuestionKind.SCORE


def test_a_follow_up_naming_a_statement_with_improvement_in_its_name_keeps_the_kind_before() -> None:
    from assistant.models.questions import Turn

    first = analyse("derby overall rating", [], COUNCILS)
    turn = Turn(question=first.question, answer="Derby City Council's overall CQC rating is Requires improvement.",
                analysis=first)
    follow = analyse("what about learning and improvement?", [turn], COUNCILS)
    assert follow.kind == QuestionKind.SCORE and follow.statements == ["Learning, improvement and innovation"]
    own = analyse("and what needs to improve on safeguarding?", [turn], COUNCILS)
    assert own.kind == QuestionKind.IMPROVEMENT
