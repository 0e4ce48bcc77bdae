"""The one tolerant council scan shared by the register and the loaded-council matcher."""

from __future__ import annotations

import pytest

from assistant.domain.councils import CouncilMatcher
from assistant.domain.fuzzy import closest
from assistant.domain.register import CouncilRegister

LOADED = ["Derby City Council", "North Lincolnshire Council", "London Borough of Hounslow",
          "Hertfordshire County Council", "Gloucestershire County Council", "Nottingham City Council"]


def test_a_transposition_goes_to_the_council_it_is_one_edit_from() -> None:
    keys = {"hertfordshire": "herts", "herefordshire": "hereford"}
    # the ratio ties the two (a transposition costs it two), OSA counts one edit against two
    assert closest("herftordshire", list(keys), keys) == ("herts", "hertfordshire", pytest.approx(92.3, abs=0.1))


def test_two_owners_equally_close_give_no_answer() -> None:
    keys = {"barnet": "a", "barney": "b"}
    assert closest("barnek", list(keys), keys) is None


def test_the_first_letter_must_match_and_the_edits_stay_few() -> None:
    keys = {"derby": "d"}
    assert closest("terby", list(keys), keys) is None
    assert closest("darby", list(keys), keys) == ("d", "derby", 80.0)
    assert closest("dorbi", list(keys), keys) is None


@pytest.mark.parametrize(
    ("written", "council"),
    [("darby", "Derby City Council"), ("north lincolnshre", "North Lincolnshire Council"),
     ("herftordshire", "Hertfordshire County Council"), ("housnlow", "London Borough of Hounslow"),
     ("glocestershire", "Gloucestershire County Council"), ("nottingam", "Nottingham City Council")],
)
def test_register_and_matcher_read_a_misspelling_alike(written: str, council: str) -> None:
    assert CouncilMatcher(LOADED).find(f"how did {written} do") == [council]
    hit = CouncilRegister.load().resolve(written)
    assert hit is not None and hit.council.name in (council, "London Borough of Hounslow")
