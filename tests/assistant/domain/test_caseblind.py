"""Case-blind patterns over lower-cased text: they find what the case-insensitive pattern finds, on the stored
documents' sentences and on texts built from every kind of character that case folding treats apart."""

from __future__ import annotations

import random
import re
import sys

import pytest

from assistant.compose.cues import NO_GAP, POSITIVE, REDUCED_GAP, SHORTFALL_CUES, STRONG_SHORTFALL
from assistant.compose.shortfalls import BOILERPLATE
from assistant.domain.caseblind import ODD_CASES, CaseBlind, lowered

PATTERNS = [STRONG_SHORTFALL, SHORTFALL_CUES, NO_GAP, REDUCED_GAP, POSITIVE, BOILERPLATE]
# letters and marks the cue words are made of, every character case-insensitive matching treats apart, and
# characters whose lower case is longer (U+0130) or differs at the end of a word (final sigma)
ALPHABET = list("abcdeghiklnorstuwy ABCDEIKLNOSTW-',.’|\n0123") + list(ODD_CASES) + ["\u03a3", "\u00df", "\u1e9e"]
WORDS = ["backlog", "waiting list", "not always", "no waiting lists", "had reduced", "however", "positive",
         "rated as good", "nine areas", "Part 1 of the Care Act", "concerns", "safeguarding concerns", "didn’t meet"]


def _texts(n: int) -> list[str]:
    rng = random.Random(12)
    out = []
    for _ in range(n):
        parts = [rng.choice(WORDS) if rng.random() < 0.4 else "".join(rng.choices(ALPHABET, k=rng.randint(1, 9)))
                 for _ in range(rng.randint(1, 12))]
        text = " ".join(parts)
        out.append(text.upper() if rng.random() < 0.2 else text)
    return out


def _fold(pattern: re.Pattern[str]) -> CaseBlind:
    return CaseBlind.folded(pattern.pattern)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:20])
def test_a_caseblind_pattern_finds_what_the_case_insensitive_one_finds(pattern: re.Pattern[str]) -> None:
    blind = _fold(pattern)
    for text in _texts(3000):
        low = lowered(text)
        assert blind.search(text, low) == (pattern.search(text) is not None), text
        assert blind.count(text, low) == len(pattern.findall(text)), text
        blanked, blanked_low = blind.blank(text, low)
        expected = pattern.sub(" ", text)
        assert (blanked_low or blanked) == (expected.lower() if low is not None else expected), text


def test_texts_holding_a_character_folded_apart_are_read_as_before() -> None:
    for odd in ODD_CASES:
        assert lowered(f"a bac{odd}log") is None
    assert lowered("A BACKLOG’S") == "a backlog’s"
    text = "A BAC\u212aLOG of reviews"  # a Kelvin sign: case-insensitively a 'k'
    assert CaseBlind(r"\bbacklog\b").search(text, lowered(text))


def test_odd_cases_are_every_character_outside_ascii_that_ignorecase_folds_to_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.I)
    assert "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))) == ODD_CASES
    assert [chr(c) for c in range(sys.maxunicode + 1) if len(chr(c).lower()) != 1] == ["\u0130"]


def test_a_pattern_that_lower_casing_would_change_is_refused() -> None:
    with pytest.raises(ValueError):
        CaseBlind(r"\bThe plan\b")
    with pytest.raises(ValueError):
        CaseBlind.folded(r"[A-z]+")
    assert CaseBlind(r"\bthe\S+\W").plain.pattern == r"\bthe\S+\W"  # escapes in capitals are not letters
    assert CaseBlind.folded(r"\bThe (?:Plan|\Srt)").plain.pattern == r"\bthe (?:plan|\Srt)"
