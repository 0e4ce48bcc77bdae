"""Councils a question names that CQC never assesses (Wales, Scotland, Northern Ireland), and split names."""

from __future__ import annotations

import pytest

from assistant.understand.places import find_places

LOADED = ["Derby City Council", "North Lincolnshire Council", "Birmingham City Council", "Nottingham City Council",
          "London Borough of Camden"]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [("cardiff council social care rating", ["Cardiff"]), ("how did swansea do on safeguarding", ["Swansea"]),
     ("glasgow city council adult social care score", ["Glasgow"]), ("derry rating?", ["Derry"]),
     ("what did the vale of glamorgan score", ["Vale Of Glamorgan"])],
)
def test_a_council_outside_england_is_not_loaded_and_takes_no_english_look_alike(question: str,
                                                                                  unknown: list[str]) -> None:
    places = find_places(question, LOADED)
    assert places.loaded == [] and places.unknown == unknown


def test_an_english_council_beside_a_welsh_one_is_still_found() -> None:
    places = find_places("compare derby and cardiff", LOADED)
    assert places.loaded == ["Derby City Council"] and places.unknown == ["Cardiff"]


@pytest.mark.parametrize(
    ("question", "loaded", "unknown"),
    [("derby shire rating", [], ["Derbyshire County Council"]),
     ("brum vs nottm on safeguarding", ["Birmingham City Council", "Nottingham City Council"], []),
     ("what rating did the council in derby get", ["Derby City Council"], [])],
)
def test_short_and_split_names(question: str, loaded: list[str], unknown: list[str]) -> None:
    places = find_places(question, LOADED)
    assert places.loaded == loaded and places.unknown == unknown


@pytest.mark.parametrize(
    ("question", "unknown"),
    [("lincolnshire wolds council rating", ["Lincolnshire Wolds Council"]),
     ("what did camden hills council score", ["Camden Hills Council"])],
)
def test_a_loaded_name_inside_a_longer_council_name_is_that_other_council(question: str,
                                                                         unknown: list[str]) -> None:
    places = find_places(question, [*LOADED, "Lincolnshire County Council"])
    assert places.loaded == [] and places.unknown == unknown


@pytest.mark.parametrize("question", ["derby city council and camden council", "how did derby and camden council do",
                                      "derby vs camden council", "camden borough council and derby"])
def test_council_styles_and_lists_of_councils_keep_the_loaded_names(question: str) -> None:
    assert set(find_places(question, LOADED).loaded) == {"Derby City Council", "London Borough of Camden"}


@pytest.mark.parametrize(
    ("question", "unknown"),
    [("east herts cqc rating", ["East Hertfordshire Council"]),
     ("south derbyshire rating", ["South Derbyshire Council"]),
     ("north east derbyshire safeguarding score", ["North East Derbyshire Council"])],
)
def test_a_compass_word_before_a_county_that_makes_a_district_is_that_district(question: str,
                                                                              unknown: list[str]) -> None:
    places = find_places(question, [*LOADED, "Hertfordshire County Council", "Derbyshire County Council"])
    assert places.loaded == [] and places.unknown == unknown


def test_a_compass_word_that_is_part_of_a_council_name_keeps_it() -> None:
    places = find_places("north lincs vs east herts", [*LOADED, "Hertfordshire County Council"])
    assert places.loaded == ["North Lincolnshire Council"] and places.unknown == ["East Hertfordshire Council"]


@pytest.mark.parametrize("question", ["overall rating for Derby Ctiy Council", "what did Camden Burough Council score"])
def test_a_misspelt_council_style_is_still_a_style(question: str) -> None:
    assert find_places(question, LOADED).unknown == []
