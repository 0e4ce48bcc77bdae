"""A question about a theme answers every statement of the theme, each score cited (real sample corpus)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.understand.themes import detect_themes, theme_statements

SAFETY = ["Safe pathways, systems and transitions", "Safeguarding"]
SUPPORT = ["Care provision, integration and continuity", "Partnerships and communities"]
LEADERSHIP = ["Governance, management and sustainability", "Learning, improvement and innovation"]


@pytest.mark.parametrize(
    ("question", "theme"),
    [("how is derby at keeping people safe", "Ensuring safety"), ("derby safety scores", "Ensuring safety"),
     ("derby's leadership scores", "Leadership"), ("derby scores for providing support", "Providing support")],
)
def test_theme_words_name_the_theme(question: str, theme: str) -> None:
    assert detect_themes(question) == [theme]


def test_a_theme_stands_for_its_statements_unless_a_statement_is_named_outright() -> None:
    assert theme_statements(["Leadership"], ["Governance, management and sustainability"], False) == LEADERSHIP
    assert theme_statements(["Ensuring safety"], ["Safeguarding"], True) == ["Safeguarding"]
    assert theme_statements(["Leadership"], ["Safeguarding"], False) == ["Safeguarding"]
    assert theme_statements([], ["Safeguarding"], False) == ["Safeguarding"]


@pytest.mark.parametrize(
    ("question", "statements", "scores"),
    [("how is derby at keeping people safe", SAFETY, ["2", "2"]),
     ("derby scores for providing support", SUPPORT, ["2", "3"]),
     ("north lincs leadership scores?", LEADERSHIP, ["3", "3"])],
)
def test_a_theme_question_gives_each_statement_score_cited(assistant: Any, question: str, statements: list[str],
                                                            scores: list[str]) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and answer.analysis.statements == statements
    for statement, score in zip(statements, scores, strict=True):
        said = re.search(rf"scored ({score}) - Evidence shows [a-z ]+ for {re.escape(statement)}", answer.answer)
        assert said, (statement, answer.answer)
    others = {"Assessing needs", "Equity in experience and outcomes", "Safeguarding", "Partnerships and communities"}
    assert not any(f"for {o}" in answer.answer for o in others - set(statements))
    assert len(answer.citations) >= len(statements)
    for c in answer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
