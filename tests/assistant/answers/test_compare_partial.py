"""Comparisons where one side is thin: a council whose documents give a percentage but no rating, and a council
with no documents at all (real reports: West Berkshire's CQC pages, Wokingham's local news, Derby's report)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def thin(make_loaded: Callable[..., Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([ROOT / "corpus" / "derby-city-cqc-assessment-2024.md",
                                             ROOT / "corpus-web" / "reports" / "west-berkshire.md",
                                             ROOT / "corpus-web" / "related" / "wokingham-today-news.md"]))
    try:
        yield service
    finally:
        service.close()


def test_one_rated_council_is_still_given_beside_one_with_only_a_percentage(thin: Any) -> None:
    answer = thin.ask("compare west berks with wokingham")
    assert answer.answer.startswith("West Berkshire Council was rated Good [1].")
    assert "Wokingham Borough Council documents state no overall rating, but an overall score of 81" in answer.answer
    assert {c.council for c in answer.citations} == {"West Berkshire Council", "Wokingham Borough Council"}


def test_a_council_with_no_documents_is_named_before_the_one_that_has_them(thin: Any) -> None:
    answer = thin.ask("derby vs notts rating")
    assert answer.answer.startswith("I have no documents about Nottinghamshire County Council loaded")
    assert "Derby City Council's overall CQC rating is Requires improvement" in answer.answer


def test_three_councils_on_a_statement_give_every_score_or_its_absence(thin: Any) -> None:
    answer = thin.ask("compare derby, west berks and wokingham on safeguarding")
    assert answer.answer.startswith("On Safeguarding: Derby City Council [1] scored 2; no score is given for "
                                    "West Berkshire Council or Wokingham Borough Council.")
