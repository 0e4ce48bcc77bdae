"""Follow-ups with a place pronoun keep the previous council; 'who runs it' asks about political control;
'which statements did they get N on?' lists the previous council's statements at that score."""

from __future__ import annotations

from assistant.models.questions import QuestionAnalysis, QuestionKind, Turn
from assistant.understand.analyse import analyse
from assistant.understand.lexicon import expand_roles, with_role_words

COUNCILS = ["Derby City Council", "West Berkshire Council", "London Borough of Camden"]


def chat(*questions: str) -> QuestionAnalysis:
    history: list[Turn] = []
    analysis = analyse(questions[0], [], COUNCILS)
    for q in questions[1:]:
        history.append(Turn(question=q, answer="", analysis=analysis))
        analysis = analyse(q, history, COUNCILS)
    return analysis


def test_who_is_in_charge_there_is_about_the_previous_council() -> None:
    a = chat("How was Derby rated?", "who is in charge of the council over there?")
    assert a.councils == ["Derby City Council"]
    assert a.kind == QuestionKind.FINDING
    assert "political majority" in a.standalone


def test_political_control_words_are_added_to_who_runs_questions() -> None:
    for q in ("who runs west berks council?", "which party controls the authority?", "is it politically stable"):
        assert "(political majority, administration)" in expand_roles(q), q
    assert expand_roles("who leads adult social care in Derby?").endswith("(director)")
    assert "political" not in expand_roles("who runs adult social care in Derby?")


def test_role_words_join_the_question_terms_once() -> None:
    q = "who runs the council there?"
    standalone = expand_roles("who runs the council in Derby?")
    assert with_role_words(q, standalone).endswith("(political majority, administration)")
    assert with_role_words(standalone, standalone) == standalone


def test_which_statements_at_a_score_after_a_rating_is_a_threshold_for_that_council() -> None:
    a = chat("what was camden's overall rating", "what statements did they score 3 in?")
    assert a.councils == ["London Borough of Camden"]
    assert a.kind == QuestionKind.RANKING
    assert (a.threshold, a.comparator) == (3, "==")
    b = chat("Derby rating?", "which areas did they get a 2 on")
    assert b.kind == QuestionKind.RANKING and b.councils == ["Derby City Council"] and b.threshold == 2
