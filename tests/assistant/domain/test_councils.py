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


def test_fuzzy_prefilter_keeps_difflibs_answer() -> None:
    """The vectorised quick-ratio prefilter only drops aliases difflib would reject anyway."""
    import difflib

    from assistant.domain.councils import _COMMON_WORDS, FuzzyHit, closest_apart

    matcher = CouncilMatcher(_many_councils())
    aliases = [a for a in matcher._aliases if len(a) >= 5]

    def brute(words: list[str]) -> list[tuple[int, str]]:
        hits: list[FuzzyHit] = []
        for size in (3, 2, 1):
            same = [a for a in aliases if len(a.split()) == size]
            for i in range(len(words) - size + 1):
                chunk = words[i : i + size]
                window = " ".join(chunk)
                if len(window) < 5 or all(w in _COMMON_WORDS or w.isdigit() for w in chunk):
                    continue
                best = difflib.get_close_matches(window, same, n=1, cutoff=0.86)
                if best:
                    ratio = difflib.SequenceMatcher(None, best[0], window).ratio()
                    hits.append(FuzzyHit(ratio, i, size, matcher._aliases[best[0]]))
        return closest_apart(hits)

    for text in ["what did north lincolnshre score", "derbby and nottinghamshre", "wolverhamton rating",
                 "kingstn upon thames", "ashbury and elmfeild waiting lists", "scunthorpe reablement",
                 "what about gloucestershiree"]:
        assert matcher._fuzzy(text.split()) == brute(text.split()), text


def test_matcher_is_built_once_per_council_list() -> None:
    councils = _many_councils()
    assert CouncilMatcher(councils)._index is CouncilMatcher(list(councils))._index
