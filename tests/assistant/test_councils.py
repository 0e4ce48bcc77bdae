"""Council name normalisation, aliases and tolerant matching."""

import pytest

from assistant.councils import CouncilMatcher, aliases_for, canonical_council, core_name, council_mentions

LOADED = ["Derby City Council", "North Lincolnshire Council", "Leicester City Council",
          "Leicestershire County Council"]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("DERBY CITY COUNCIL", "Derby City Council"), ("North Lincolnshire Council's", "North Lincolnshire Council"),
     ("Derby", "Derby Council"), ("Stockton-on-Tees Borough Council", "Stockton-on-tees Borough Council")],
)
def test_canonical_council(raw: str, canonical: str) -> None:
    assert canonical_council(raw) == canonical


def test_core_name_and_aliases() -> None:
    assert core_name("Derby City Council") == "Derby"
    assert {"north lincs", "nlc", "north lincolnshire"} <= aliases_for("North Lincolnshire Council")
    assert "leics" in aliases_for("Leicestershire County Council")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How did North Lincs do on equity?", ["North Lincolnshire Council"]),
        ("What was NLC's indicative score for learning?", ["North Lincolnshire Council"]),
        ("safeguarding score for Derby", ["Derby City Council"]),
        ("north lincolnshre safeguarding", ["North Lincolnshire Council"]),
        ("Leicestershire's rating", ["Leicestershire County Council"]),
        ("Leicester city's budget", ["Leicester City Council"]),
        ("Compare Derby and North Lincolnshire", ["Derby City Council", "North Lincolnshire Council"]),
        ("What's the weather in Scunthorpe?", []),
    ],
)
def test_matcher_finds_loaded_councils(question: str, expected: list[str]) -> None:
    assert CouncilMatcher(LOADED).find(question) == expected


def test_mentions_of_councils_not_loaded() -> None:
    assert council_mentions("What CQC rating did Nottinghamshire County Council get?") == [
        "Nottinghamshire County Council"]
