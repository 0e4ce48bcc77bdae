"""A question asking what a group said ("what did carers say...") ranks that group's own reported words first;
the cue lists are generic English, tested on sentences of the real sample reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import speakers_asked, speech_bonus

ROOT = Path(__file__).resolve().parents[3]
DERBY = (ROOT / "corpus" / "derby-city-cqc-assessment-2024.md").read_text(encoding="utf-8")
NLINCS = (ROOT / "corpus" / "north-lincolnshire-cqc-assessment-2023.txt").read_text(encoding="utf-8")


def _sentence(text: str, opening: str) -> str:
    start = text.index(opening)
    return text[start : text.index(".", start) + 1]


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("what did carers say about derby?", {"carers"}),
        ("what did people tell CQC about their assessments", {"people"}),
        ("staff views on the new model?", {"staff"}),
        ("any feedback from partners and providers", {"partners"}),
        ("what did CQC say about safeguarding in derby", set()),  # a report's every sentence is what CQC said
        ("how many carers were overdue a review", set()),  # carers named, but their words not asked
    ],
)
def test_the_groups_a_question_asks_to_hear(question: str, groups: set[str]) -> None:
    assert speakers_asked(question) == groups


def test_a_groups_own_reported_words_outweigh_anothers() -> None:
    carers = frozenset({"carers"})
    own = _sentence(DERBY, "Carers told us they were only being assessed")
    partners = _sentence(DERBY, "Feedback from partners raised concerns around a lack of commissioned services")
    council = _sentence(NLINCS, "At the time of our assessment the local authority told us")
    plain = _sentence(DERBY, "There was a total of 472 carers")
    assert speech_bonus(own, carers) > speech_bonus(partners, carers) > 0
    assert speech_bonus(plain, carers) == 0.0
    # "the local authority told us ... of people": the council's words, not people's
    assert speech_bonus(council, frozenset({"people"})) < speech_bonus(own, carers)
    # "which they felt" about carers is the partners' view, not the carers'
    assert speech_bonus(partners, carers) < 0.5


def test_they_told_us_after_a_sentence_about_the_group_is_the_groups_words() -> None:
    before = _sentence(DERBY, "While the feedback the local authority received from carers was mixed")
    said = _sentence(DERBY, "They told us there was a lack of preventative measures")
    assert speech_bonus(said, frozenset({"carers"}), before) == 0.5
    assert speech_bonus(said, frozenset({"staff"}), before) < 0.5


def test_what_carers_said_leads_with_their_words(assistant: Any) -> None:
    answer = assistant.ask("what did carers say about derby?")
    assert not answer.refused and answer.citations
    first = answer.citations[0].quote
    assert speech_bonus(first, frozenset({"carers"})) == 0.5, first
