"""Council name normalisation, aliases and tolerant matching."""

import pytest

from assistant.domain.councils import CouncilMatcher, aliases_for, canonical_council, core_name, council_mentions

LOADED = ["Derby City Council", "North Lincolnshire Council", "Leicester City Council",
          "Leicestershire County Council"]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("DERBY CITY COUNCIL", "Derby City Council"), ("North Lincolnshire Council's", "North Lincolnshire Council"),
     ("Derby", "Derby Council"), ("Stockton-on-Tees Borough Council", "Stockton-on-Tees Borough Council")],
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


def _many_councils() -> list[str]:
    """About 300 councils: every English council as '<place> Council' plus the sample councils."""
    from assistant.understand.lexicon import ENGLISH_COUNCILS

    synthetic = [f"{a}{b} District Council" for a in ("Ash", "Birch", "Elm", "Oak", "Wil") for b in
                 ("bury", "combe", "field", "ford", "ham", "hurst", "leigh", "mere", "stead", "wick",
                  "worth", "ton", "by", "dale", "wood", "moor", "brook", "thorpe", "well", "ley",
                  "stow", "gate", "holme", "minster", "bridge", "cliffe", "haven", "marsh")]
    return list(dict.fromkeys([*LOADED, *(f"{p} Council" for p in ENGLISH_COUNCILS
                                 if p not in {"Derby", "Leicester", "Leicestershire", "North Lincolnshire"}),
                               *synthetic]))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did north lincolnshre score on safeguarding?", ["North Lincolnshire Council"]),
        ("safeguarding score for Derbby", ["Derby City Council"]),
        ("What was NLC's indicative score for learning?", ["North Lincolnshire Council"]),
        ("How did North Lincs do on equity?", ["North Lincolnshire Council"]),
        ("Compare Derby and Leics", ["Derby City Council", "Leicestershire County Council"]),
        ("How did Stockton on Tees do?", ["Stockton-on-Tees Council"]),  # hyphens written as spaces
        ("Which councils scored 3 or more on safeguarding?", []),
    ],
)
def test_matcher_with_many_councils(question: str, expected: list[str]) -> None:
    assert CouncilMatcher(_many_councils()).find(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how did darby do on safeguarding", ["Derby City Council"]),  # a vowel swapped: difflib's 0.8 missed it
        ("leicestershre rating", ["Leicestershire County Council"]),
        ("wolverhamton rating", ["Wolverhampton Council"]),
        ("kingstn upon thames", ["Kingston upon Thames Council"]),
        ("elmfeild waiting lists", ["Elmfield District Council"]),  # a transposition is one edit
    ],
)
def test_matcher_tolerates_typos_and_transpositions(question: str, expected: list[str]) -> None:
    assert CouncilMatcher(_many_councils()).find(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "derbyshire safeguarding score",  # a real council, not Derby
        "derbys rating",  # Derbyshire's short form, one letter from Derby
        "what did nottinghamshire county council get",  # not Nottingham
        "how did borsetshire do",  # made up
        "wessex county council rating",  # made up, one letter from Essex
        "leicestershire's rating",  # not Leicester
    ],
)
def test_matcher_never_takes_another_or_a_made_up_council_for_a_loaded_one(question: str) -> None:
    loaded = ["Derby City Council", "Nottingham City Council", "Leicester City Council", "Essex County Council"]
    assert CouncilMatcher(loaded).find(question) == []


def test_matcher_is_built_once_per_council_list() -> None:
    councils = _many_councils()
    assert CouncilMatcher(councils)._index is CouncilMatcher(list(councils))._index


def test_the_first_part_of_a_joined_name_is_an_alias_unless_another_council_has_it() -> None:
    assert "kensington" in aliases_for("Royal Borough of Kensington and Chelsea")
    assert "brighton" in aliases_for("Brighton and Hove City Council")
    loaded = ["Royal Borough of Kensington and Chelsea", "London Borough of Camden"]
    assert CouncilMatcher(loaded).find("kensington vs camden") == loaded


def test_tolerant_matches_are_remembered_per_council_list(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.domain.councils as councils_module

    scans: list[str] = []
    real = councils_module.closest

    def counted(window: str, *args: object) -> object:
        scans.append(window)
        return real(window, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(councils_module, "closest", counted)
    listed = [*_many_councils(), "Remembering Borough Council"]  # a list no other test builds a matcher for
    first = CouncilMatcher(listed).find("how did darby do on safeguarding")
    scanned = len(scans)
    assert first == ["Derby City Council"] and scanned
    assert CouncilMatcher(listed).find("how did darby do on safeguarding") == first  # same list: no scan
    assert CouncilMatcher(listed).find("darby safeguarding score") == first
    assert len(scans) < 2 * scanned and scans.count("darby") == 1
    other = [c for c in listed if c != "Derby City Council"]  # another list (a new generation): scanned again
    assert CouncilMatcher(other).find("how did darby do on safeguarding") == []
    assert scans.count("darby") == 2
