"""A town stands for its council when the question names no council by its own name."""

from __future__ import annotations

from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse

LOADED = ["Derby City Council", "North Lincolnshire Council", "Hounslow Council", "Cqc Rates Kent County Council"]


def test_a_loaded_councils_town_is_that_council_and_said() -> None:
    a = analyse("what did the council that covers Scunthorpe score for safeguarding?", [], LOADED)
    assert a.councils == ["North Lincolnshire Council"] and a.kind == QuestionKind.SCORE
    assert a.interpretations == ["Taking 'Scunthorpe' as North Lincolnshire Council"]
    assert analyse("cqc rating for the council in maidstone", [], LOADED).councils == ["Cqc Rates Kent County Council"]


def test_a_town_of_a_council_not_loaded_is_not_loaded() -> None:
    a = analyse("how is adult social care in chesterfield rated", [], LOADED)
    assert a.unknown_councils == ["Derbyshire County Council"] and a.kind == QuestionKind.OUT_OF_SCOPE


def test_a_town_never_overrides_a_council_name() -> None:
    assert analyse("gloucester city council cqc rating", [], LOADED).councils == ["Gloucester City Council"]
    a = analyse("derby safeguarding score", [], LOADED)
    assert a.councils == ["Derby City Council"] and not a.interpretations
    b = analyse("feltham and derby: safeguarding scores", [], LOADED)
    assert set(b.councils) == {"Hounslow Council", "Derby City Council"}


def test_an_off_topic_question_naming_a_town_says_no_reading() -> None:
    a = analyse("What's the weather like in Scunthorpe today?", [], LOADED)
    assert a.kind == QuestionKind.OUT_OF_SCOPE and a.interpretations == []
    b = analyse("how is reablement in the council covering grimsby", [], LOADED)
    assert b.unknown_councils == ["North East Lincolnshire Council"]
    assert b.interpretations == ["Taking 'grimsby' as North East Lincolnshire Council"]
