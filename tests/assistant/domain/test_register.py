"""The council register: its data (153 councils, GSS codes, types, regions) and name matching."""

from __future__ import annotations

import re
import time
from collections import Counter
from importlib import resources

import pytest

from assistant.domain.register import REGIONS, Council, CouncilRegister
from tests.conftest import CORPUS_DIR


@pytest.fixture(scope="module")
def reg() -> CouncilRegister:
    return CouncilRegister.load()


def short(council: Council | None) -> str | None:
    return council.short_name if council else None


# --- the data ---------------------------------------------------------------------------------------------


def test_register_has_every_council_with_adult_social_care_duties_once(reg: CouncilRegister) -> None:
    councils = reg.all()
    assert len(councils) == 153  # CQC: 153 local authorities with adult social care duties
    assert len({c.gss_code for c in councils}) == 153
    assert len({c.name for c in councils}) == 153
    assert len({c.short_name for c in councils}) == 153
    assert all(re.fullmatch(r"^E0(6|7|8|9)\d{6}$|^E10\d{6}$", c.gss_code) for c in councils)


def test_type_and_region_counts_are_the_real_ones(reg: CouncilRegister) -> None:
    assert Counter(c.type for c in reg.all()) == {
        "county": 21, "metropolitan": 36, "london_borough": 32, "city_of_london": 1, "unitary": 62,
        "isles_of_scilly": 1,
    }
    assert {c.region for c in reg.all()} == REGIONS and len(REGIONS) == 9
    assert Counter(c.region for c in reg.all()) == {
        "North East": 12, "North West": 24, "Yorkshire and The Humber": 15, "East Midlands": 10,
        "West Midlands": 14, "East of England": 11, "London": 33, "South East": 19, "South West": 15,
    }
    # the type follows the GSS code's entity: E10 county, E08 metropolitan district, E09 London, E06 unitary
    prefix = {"county": "E10", "metropolitan": "E08", "london_borough": "E09", "city_of_london": "E09",
              "unitary": "E06", "isles_of_scilly": "E06"}
    assert all(c.gss_code.startswith(prefix[c.type]) for c in reg.all())


def test_reorganised_councils_are_current(reg: CouncilRegister) -> None:
    expected = {"E06000063": "Cumberland", "E06000064": "Westmorland and Furness", "E06000065": "North Yorkshire",
                "E06000066": "Somerset", "E06000060": "Buckinghamshire", "E06000061": "North Northamptonshire",
                "E06000062": "West Northamptonshire", "E06000058": "Bournemouth, Christchurch and Poole",
                "E06000059": "Dorset", "E06000057": "Northumberland", "E08000037": "Gateshead",
                "E08000038": "Barnsley", "E08000039": "Sheffield", "E06000053": "Isles of Scilly",
                "E09000001": "City of London"}
    assert {code: short(reg.by_code(code)) for code in expected} == expected
    # abolished counties and superseded codes are gone
    for code in ("E10000002", "E10000006", "E10000009", "E10000021", "E10000023", "E10000027", "E06000028",
                 "E06000029", "E06000048", "E08000020", "E08000016", "E08000019"):
        assert reg.by_code(code) is None
    assert reg.by_code(" e06000015 ") is reg.by_code("E06000015")


def test_names_are_as_cqc_writes_them(reg: CouncilRegister) -> None:
    names = {c.name for c in reg.all()}
    assert {"London Borough of Camden", "Derby City Council", "Kent County Council",
            "Royal Borough of Kensington and Chelsea", "City of York Council", "Bath and North East Somerset Council",
            "North Lincolnshire Council", "Council of the Isles of Scilly", "City of London Corporation",
            "London Borough of Hounslow", "Hertfordshire County Council", "West Berkshire Council",
            "Halton Borough Council"} <= names


def test_no_name_or_alias_is_ambiguous_and_each_resolves_to_its_own_council(reg: CouncilRegister) -> None:
    assert not reg.ambiguous
    for council in reg.all():
        for form in (council.name, council.short_name, *council.aliases):
            match = reg.resolve(form)
            assert match is not None and match.exact and match.council == council, form


def test_northamptonshire_is_no_council_any_more(reg: CouncilRegister) -> None:
    forms = {f.lower() for c in reg.all() for f in (c.name, c.short_name, *c.aliases)}
    assert not forms & {"northants", "northamptonshire", "northamptonshire county council", "cumbria", "lincoln"}
    assert reg.resolve("Northamptonshire") is None
    assert reg.resolve("Northants") is None


def test_load_is_cached() -> None:
    assert CouncilRegister.load() is CouncilRegister.load()


# --- resolve -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Camden", "Camden"), ("camden council", "Camden"), ("LB Camden", "Camden"),
        ("london borough of camden", "Camden"), ("Camden Council", "Camden"),
        ("Royal Borough of Greenwich", "Greenwich"), ("London Borough of Greenwich", "Greenwich"),
        ("the City of York", "York"), ("City of York Council", "York"),
        ("N Lincs", "North Lincolnshire"), ("NE Lincs", "North East Lincolnshire"), ("Herts", "Hertfordshire"),
        ("Hertfordshire County Council", "Hertfordshire"), ("Notts", "Nottinghamshire"), ("Glos", "Gloucestershire"),
        ("Lincs", "Lincolnshire"), ("Leics", "Leicestershire"), ("RBKC", "Kensington and Chelsea"),
        ("B&NES", "Bath and North East Somerset"), ("BaNES", "Bath and North East Somerset"),
        ("Birmingham City Council", "Birmingham"), ("Nottingham City Council", "Nottingham"),
        ("Nottingham", "Nottingham"), ("Nottinghamshire", "Nottinghamshire"), ("Leicester City Council", "Leicester"),
        ("Bristol City Council", "Bristol"), ("Bristol", "Bristol"),
        ("Brighton and Hove City Council", "Brighton and Hove"),
        ("Brighton & Hove", "Brighton and Hove"), ("Durham", "County Durham"), ("Hull", "Kingston upon Hull"),
        ("Stoke", "Stoke-on-Trent"), ("Southend", "Southend-on-Sea"), ("derbyshire", "Derbyshire"), ("DERBY", "Derby"),
        ("Derby City", "Derby"), ("Kent County Council's", "Kent"), ("St. Helens", "St Helens"),
        ("Westminster City Council", "Westminster"), ("City of London", "City of London"),
        ("Council of the Isles of Scilly", "Isles of Scilly"), ("Stockton-on-Tees", "Stockton-on-Tees"),
        ("stockton on tees borough council", "Stockton-on-Tees"),
        ("BCP Council", "Bournemouth, Christchurch and Poole"),
    ],
)
def test_resolve_exact(reg: CouncilRegister, text: str, expected: str) -> None:
    match = reg.resolve(text)
    assert match is not None and match.exact and match.score == 100.0
    assert match.council.short_name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("north lincolnshre", "North Lincolnshire"), ("darby", "Derby"), ("camdn", "Camden"),
        ("derbyshre", "Derbyshire"), ("nottinghamshre", "Nottinghamshire"), ("gloucestershiree", "Gloucestershire"),
        ("birmingam", "Birmingham"), ("sheffeild", "Sheffield"), ("middlesborough", "Middlesbrough"),
        ("leicestshire", "Leicestershire"), ("hampshre", "Hampshire"), ("West Sussx", "West Sussex"),
        ("bournmouth", "Bournemouth, Christchurch and Poole"), ("london borough of lambth", "Lambeth"),
        ("bath and north east somerest", "Bath and North East Somerset"), ("readng", "Reading"),
    ],
)
def test_resolve_misspelt(reg: CouncilRegister, text: str, expected: str) -> None:
    match = reg.resolve(text)
    assert match is not None and not match.exact and 80.0 <= match.score < 100.0
    assert match.council.short_name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("herftordshire", "Hertfordshire"), ("herefordshre", "Herefordshire"), ("Lincolsnhire", "Lincolnshire")],
)
def test_two_close_councils_go_to_the_one_fewer_edits_away(reg: CouncilRegister, text: str, expected: str) -> None:
    """A transposition is one edit (the ratio counts it as two, tying Hertfordshire with Herefordshire)."""
    match = reg.resolve(text)
    assert match is not None and match.council.short_name == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "safeguarding", "north", "care", "london", "the city", "city", "council", "the council", "south east",
        "survey", "country", "leads", "eating", "button", "hovering", "midway", "brunt", "adult social care",
        "Stafford", "Staford", "Woking", "Boston", "Lincoln", "Cumbria", "Berkshire", "Yorkshire", "Washington",
        "Sutherland", "Wordsworth", "Buckingham", "Sicily", "kent county council adult social care rating",
    ],
)
def test_resolve_refuses_words_and_other_places(reg: CouncilRegister, text: str) -> None:
    assert reg.resolve(text) is None


def test_ordinary_words_resolve_only_when_they_are_a_council_name(reg: CouncilRegister) -> None:
    text = resources.files("assistant.domain").joinpath("data", "english_words.txt").read_text(encoding="utf-8")
    words = [w for w in text.split("\n") if w and not w.startswith("#")]
    assert len(words) > 39_000
    resolved = {w: m for w in [*words[::7], "reading", "bury", "harrow", "hull", "stoke", "slough"]
                if (m := reg.resolve(w))}
    assert all(m.exact for m in resolved.values())
    assert {short(m.council) for m in resolved.values()} <= {"Reading", "Bury", "Harrow", "Kingston upon Hull",
                                                             "Stoke-on-Trent", "Slough", "Buckinghamshire",
                                                             "Staffordshire"}


# --- find_in_text ---------------------------------------------------------------------------------------------


def spans(reg: CouncilRegister, text: str, **kw: bool) -> list[tuple[str, str]]:
    return [(m.text, m.council.short_name) for m in reg.find_in_text(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CQC rates Kent County Council adult social care", [("Kent County Council", "Kent")]),
        ("Cqc Rates Kent County Council", [("Kent County Council", "Kent")]),
        ("Kent County Council's adult social care", [("Kent County Council", "Kent")]),
        ("And Liverpool", [("Liverpool", "Liverpool")]),
        ("Release For Sheffield", [("Sheffield", "Sheffield")]),
        ("North East Lincolnshire and Lincolnshire", [("North East Lincolnshire", "North East Lincolnshire"),
                                                      ("Lincolnshire", "Lincolnshire")]),
        ("Derbyshire, not Derby", [("Derbyshire", "Derbyshire"), ("Derby", "Derby")]),
        ("Nottinghamshire and Nottingham City Council's plans", [("Nottinghamshire", "Nottinghamshire"),
                                                                 ("Nottingham City Council", "Nottingham")]),
        ("West Berkshire Council was rated good", [("West Berkshire Council", "West Berkshire")]),
        ("the London Borough of Camden's report", [("London Borough of Camden", "Camden")]),
        ("Royal Borough of Greenwich and LB Hackney", [("Royal Borough of Greenwich", "Greenwich"),
                                                       ("LB Hackney", "Hackney")]),
        ("Brighton & Hove City Council", [("Brighton & Hove City Council", "Brighton and Hove")]),
        ("Camden Council, Derby City Council and Kent", [("Camden Council", "Camden"),
                                                         ("Derby City Council", "Derby"), ("Kent", "Kent")]),
        ("Stoke-on-Trent City Council; Bath and North East Somerset", [
            ("Stoke-on-Trent City Council", "Stoke-on-Trent"),
            ("Bath and North East Somerset", "Bath and North East Somerset")]),
        ("Bournemouth, Christchurch and Poole Council", [("Bournemouth, Christchurch and Poole Council",
                                                          "Bournemouth, Christchurch and Poole")]),
        ("The report covers Derby. Council officers said", [("Derby", "Derby")]),
        ("Services in North. Lincolnshire data", [("Lincolnshire", "Lincolnshire")]),
        ("Kentish towns and Derbyshire's dales", [("Derbyshire", "Derbyshire")]),
        ("The council said the city and the county would improve care in London.", []),
    ],
)
def test_find_in_text(reg: CouncilRegister, text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(reg, text) == expected
    for m in reg.find_in_text(text):
        assert text[m.start : m.end] == m.text and m.exact and m.score == 100.0


def test_find_in_text_finds_every_councils_own_name(reg: CouncilRegister) -> None:
    for council in reg.all():
        text = f"CQC published {council.name}'s assessment."
        assert spans(reg, text) == [(council.name, council.short_name)]


def test_proper_nouns_only_skips_lower_case_single_words(reg: CouncilRegister) -> None:
    text = "After reading the report, Reading Borough Council and north somerset replied."
    assert [m for _, m in spans(reg, text)] == ["Reading", "Reading", "North Somerset"]
    assert spans(reg, text, proper_nouns_only=True) == [("Reading Borough Council", "Reading"),
                                                        ("north somerset", "North Somerset")]


def test_find_in_text_is_fast(reg: CouncilRegister) -> None:
    words = (CORPUS_DIR / "derby-city-cqc-assessment-2024.md").read_text(encoding="utf-8").split()
    paragraph = " ".join(words[400:600])
    reg.find_in_text(paragraph)
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        reg.find_in_text(paragraph)
    per_call_ms = (time.perf_counter() - started) / runs * 1000
    assert per_call_ms < 5.0  # about 0.5 ms on an idle core; generous for a shared CI machine


# --- fuzzy_in_text --------------------------------------------------------------------------------------------


def fuzzy(reg: CouncilRegister, text: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.council.short_name, m.exact) for m in reg.fuzzy_in_text(text)]


def test_fuzzy_in_text_finds_misspelt_names_with_their_spans(reg: CouncilRegister) -> None:
    question = "How does darby compare with north lincolnshre?"
    mentions = reg.fuzzy_in_text(question)
    assert [(m.text, m.council.short_name, m.exact) for m in mentions] == [
        ("darby", "Derby", False), ("north lincolnshre", "North Lincolnshire", False)]
    assert all(question[m.start : m.end] == m.text and 80.0 <= m.score < 100.0 for m in mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("compare derby and nottinghamshre", [("derby", "Derby", True), ("nottinghamshre", "Nottinghamshire", False)]),
        ("ratings in west sussx and kent", [("west sussx", "West Sussex", False), ("kent", "Kent", True)]),
        ("is derbyshre good", [("derbyshre", "Derbyshire", False)]),
        ("north yorkshre waiting lists", [("north yorkshre", "North Yorkshire", False)]),
        ("what did bath and north east somerest score?", [
            ("bath and north east somerest", "Bath and North East Somerset", False)]),
        ("How is Bristol doing on care provision?", [("Bristol", "Bristol", True)]),
        ("leeds leads the survey", [("leeds", "Leeds", True)]),
    ],
)
def test_fuzzy_in_text(reg: CouncilRegister, text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert fuzzy(reg, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "what about the north", "what does cqc say about safeguarding in london", "what about the city",
        "Tell me about Stafford", "which councils scored best on learning, improvement and innovation?",
        "how long are waiting lists for assessments and reviews?", "country-wide survey results for carers",
        "Release For The Care Quality Commission", "And The Rest", "the hovering midway leads",
    ],
)
def test_fuzzy_in_text_leaves_ordinary_questions_alone(reg: CouncilRegister, text: str) -> None:
    assert reg.fuzzy_in_text(text) == []


@pytest.mark.parametrize(
    ("written", "place"),
    [("brum", "Birmingham"), ("B'ham", "Birmingham"), ("Bham", "Birmingham"), ("nottm", "Nottingham"),
     ("Nott'm", "Nottingham"), ("gloucs", "Gloucestershire"), ("soton", "Southampton"), ("salop", "Shropshire"),
     ("wilts", "Wiltshire")],
)
def test_colloquial_short_forms_in_the_alias_table_name_their_council(reg: CouncilRegister, written: str,
                                                                      place: str) -> None:
    found = reg.fuzzy_in_text(f"what did {written} score for safeguarding")
    assert [short(m.council) for m in found] == [place] and found[0].exact


@pytest.mark.parametrize(
    ("written", "place"),
    [("derby shire", "Derbyshire"), ("derby-shire", "Derbyshire"), ("nottingham shire", "Nottinghamshire"),
     ("west minster", "Westminster"), ("north-lincolnshire", "North Lincolnshire")],
)
def test_a_one_word_council_written_as_two_words_is_that_council(reg: CouncilRegister, written: str,
                                                                 place: str) -> None:
    found = reg.fuzzy_in_text(f"{written} adult social care rating")
    assert [short(m.council) for m in found] == [place]
    assert found[0].text == written


def test_two_words_that_are_each_a_council_stay_two_councils(reg: CouncilRegister) -> None:
    found = reg.fuzzy_in_text("derby and derbyshire ratings")
    assert [short(m.council) for m in found] == ["Derby", "Derbyshire"]


@pytest.mark.parametrize("written", ["derry", "cardiff", "swansea", "glasgow"])
def test_a_council_outside_england_is_never_read_as_an_english_one(reg: CouncilRegister, written: str) -> None:
    assert reg.fuzzy_in_text(f"{written} rating") == []


def test_initials_in_everyday_use_resolve(reg: CouncilRegister) -> None:
    found = reg.find_in_text("what % of safeguarding enquiries does MK finish within its target")
    assert [m.council.name for m in found] == ["Milton Keynes City Council"]
