"""Follow-ups with pronouns and ellipsis take the last council, statement and topic."""

from __future__ import annotations

from assistant.models.questions import QuestionKind
from tests.assistant.understand.chat import chat


def test_that_in_another_council_keeps_the_statement() -> None:
    a = chat("hounslow score for partnerships", "what did the inspectors say about that in derby?")
    assert a.councils == ["Derby City Council"] and a.statements == ["Partnerships and communities"]
    assert a.kind == QuestionKind.FINDING


def test_compare_that_with_another_council() -> None:
    a = chat("north lincs equity score", "how does that compare to derby?")
    assert a.kind == QuestionKind.COMPARISON
    assert a.councils == ["North Lincolnshire Council", "Derby City Council"]
    assert a.statements == ["Equity in experience and outcomes"]


def test_it_takes_the_last_statement() -> None:
    a = chat("derby transitions score", "what does good look like for it?")
    assert a.kind == QuestionKind.GOOD_PRACTICE and a.statements == ["Safe pathways, systems and transitions"]


def test_why_asks_for_the_findings_behind_the_last_answer() -> None:
    a = chat("what rating did hounslow get", "why?")
    assert a.kind == QuestionKind.FINDING and a.councils == ["Hounslow Council"]


def test_ellipsis_swaps_the_statement_or_the_council() -> None:
    assert chat("derby governance score", "and for learning?").statements == ["Learning, improvement and innovation"]
    a = chat("derby governance score", "what about hounslow?")
    assert a.councils == ["Hounslow Council"] and a.kind == QuestionKind.SCORE


def test_that_after_a_score_stands_for_the_statement_not_the_score_wording() -> None:
    a = chat("what did north lincs get for safeguarding", "what did the report say about that for hounslow?")
    assert a.kind == QuestionKind.FINDING and a.statements == ["Safeguarding"]
    assert a.councils == ["Hounslow Council"]
    assert "Safeguarding" in a.standalone and "get for" not in a.standalone.split("Context:")[-1]


def test_score_for_it_after_a_finding_is_the_statements_score() -> None:
    a = chat("what did inspectors find about derby's safeguarding", "and what score did they get for it?")
    assert a.kind == QuestionKind.SCORE and a.statements == ["Safeguarding"]
    assert a.councils == ["Derby City Council"]


def test_bare_why_asks_for_the_findings_on_the_statement() -> None:
    a = chat("how did hounslow do on the equity one", "why?")
    assert a.kind == QuestionKind.FINDING and a.statements == ["Equity in experience and outcomes"]
    assert "Equity in experience and outcomes" in a.standalone and "Hounslow" in a.standalone
