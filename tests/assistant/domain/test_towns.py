"""The towns table: every town names a real council, none is a council's own name or an ordinary word, and a
town written as a council's name ("Gloucester City Council") is that council, not the town's county."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from assistant.domain.register import CouncilRegister
from assistant.domain.towns import towns, towns_in_text


def _english_words() -> set[str]:
    text = resources.files("assistant.domain").joinpath("data", "english_words.txt").read_text(encoding="utf-8")
    return {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}


def test_every_town_names_a_registered_council_and_is_no_council_name_nor_english_word() -> None:
    register, words = CouncilRegister.load(), _english_words()
    table = towns()
    assert len(table) > 500
    for town, code in table.items():
        assert register.by_code(code) is not None, town
        match = register.resolve(town)
        assert match is None or not match.exact, f"{town} is {match.council.name}'s own name"
        assert town.lower() not in words, town
        council = register.by_code(code)
        own = set(re.findall(r"[a-z]+", f"{council.name} {council.short_name} {' '.join(council.aliases)}".lower()))  # type: ignore[union-attr]
        assert not set(re.findall(r"[a-z]+", town.lower())) <= own, f"{town} is a word of its council's name"
    assert len({re.sub(r"\W", "", t.lower()) for t in table}) == len(table)  # one council a town


@pytest.mark.parametrize(("text", "town", "council"), [
    ("the council that covers Scunthorpe", "Scunthorpe", "North Lincolnshire Council"),
    ("adult care in sutton coldfield", "sutton coldfield", "Birmingham City Council"),
    ("feltham's council", "feltham", "London Borough of Hounslow"),
    ("barton upon humber", "barton upon humber", "North Lincolnshire Council"),
])
def test_a_town_is_found_in_any_case_and_spacing(text: str, town: str, council: str) -> None:
    found = towns_in_text(text)
    assert [(f.town, CouncilRegister.load().by_code(f.gss_code).name) for f in found] == [  # type: ignore[union-attr]
        (town, council)]
    assert text[found[0].start : found[0].end] == town


@pytest.mark.parametrize("text", ["gloucester city council rating", "maidstone borough council", "city of lincoln"])
def test_a_town_written_as_a_council_name_is_no_town(text: str) -> None:
    assert towns_in_text(text) == []
