"""Number words and loosely named quality statements (press releases, news items, tables)."""

from __future__ import annotations

import pytest

from assistant.domain.numbers import int_to_word, word_to_int
from assistant.domain.statements import statement_named


@pytest.mark.parametrize(("word", "value"), [("two", 2), ("Four", 4), ("3", 3), ("twenty", 20), ("twenty-one", 21),
                                             ("many", None)])
def test_word_to_int(word: str, value: int | None) -> None:
    assert word_to_int(word) == value


def test_int_to_word_round_trips() -> None:
    assert all(word_to_int(int_to_word(n)) == n for n in range(21))
    assert int_to_word(36) == "36"


@pytest.mark.parametrize(("phrase", "statement"), [
    ("Partnership and communities", "Partnerships and communities"),
    ("Care provision, integration and continuity of care", "Care provision, integration and continuity"),
    ("1. assessing people’s needs", "Assessing needs"),
    ("supporting people to lead healthier lives", "Supporting people to live healthier lives"),
    ("providing support (care provision, integration and continuity)", "Care provision, integration and continuity"),
    ("safe systems, pathways and transitions", "Safe pathways, systems and transitions"),
    ("leadership, improvement and innovation", "Learning, improvement and innovation"),
    ("equity in experiences and outcomes", "Equity in experience and outcomes"),
])
def test_statement_variants(phrase: str, statement: str) -> None:
    found = statement_named(phrase)
    assert found is not None and found.statement == statement


@pytest.mark.parametrize(("phrase", "theme"), [
    ("how the local authority works with people", "Working with people"),
    ("how the local authority ensures safety in the system", "Ensuring safety"),
    ("How Boroughton works with people", "Working with people"),
    ("leadership", "Leadership"),
])
def test_theme_phrases_name_only_a_theme(phrase: str, theme: str) -> None:
    found = statement_named(phrase)
    assert found is not None and found.statement is None and found.theme == theme


@pytest.mark.parametrize("phrase", ["Summary of people's experiences", "Key findings", "How we assess local "
                                    "authorities", "the other four statements", "safety"])
def test_other_phrases_name_nothing(phrase: str) -> None:
    assert statement_named(phrase) is None
