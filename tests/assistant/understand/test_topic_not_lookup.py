"""A question with a topic of its own ("how were new contacts handled in X?") is a finding even when the
embedding reads its shape as a lookup; a bare lookup ("how did X fare") stays one (real embedder, sample corpus)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.models.questions import QuestionKind
from assistant.understand.kinds import has_topic


@pytest.mark.parametrize("question", ["How were new contacts handled in Derby?",
                                      "how were carers' assessments dealt with in north lincolnshire"])
def test_a_topic_of_its_own_is_a_finding(assistant: Any, question: str) -> None:
    assert assistant.analyse(question).kind == QuestionKind.FINDING


@pytest.mark.parametrize("question", ["how did derby fare", "how is north lincolnshire getting on"])
def test_a_bare_lookup_stays_a_lookup(assistant: Any, question: str) -> None:
    assert assistant.analyse(question).kind in (QuestionKind.SCORE, QuestionKind.RATING)


def test_topic_words_exclude_the_council_and_lookup_words() -> None:
    assert not has_topic("how did derby fare overall", ["Derby City Council"], ())
    assert has_topic("how were new contacts handled in derby", ["Derby City Council"], ())
