"""Score and rating questions read by the rules: split statement words, thresholds for named councils."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind
from assistant.understand.analyse import analyse
from assistant.understand.figures import threshold
from assistant.understand.spelling import correct

COUNCILS = ["Derby City Council", "North Lincolnshire Council"]


@pytest.mark.parametrize("question", ["derby safe guarding score", "North Lincs safe-guarding?"])
def test_a_statement_written_as_two_words_is_that_statement(question: str) -> None:
    a = analyse(question, [], COUNCILS)
    assert a.statements == ["Safeguarding"] and a.kind == QuestionKind.SCORE


def test_joining_two_words_is_reported_and_leaves_ordinary_pairs_alone() -> None:
    text, fixes = correct("how is safe guarding over all")
    assert text == "how is safeguarding over all"
    assert [(f.written, f.read) for f in fixes] == [("safe guarding", "safeguarding")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("did derby get a 3 anywhere", (3, "==")),
        ("did north lincs manage better than a 2 on anything", (2, ">")),
        ("any 4s for derby?", (4, "==")),
        ("was anything worse than a 3 for north lincs", (3, "<")),
        ("did derby get a 2% rise in reviews", (None, None)),
        ("did derby get 3 weeks to respond", (None, None)),
    ],
)
def test_thresholds_in_casual_wording(question: str, expected: tuple[int | None, str | None]) -> None:
    assert threshold(question) == expected


@pytest.mark.parametrize("question", ["did derby get a 3 anywhere", "did derby do better than a 2 anywhere?"])
def test_a_threshold_for_a_named_council_is_a_ranking_question(question: str) -> None:
    a = analyse(question, [], COUNCILS)
    assert a.kind == QuestionKind.RANKING and a.threshold is not None
    assert a.councils == ["Derby City Council"]
