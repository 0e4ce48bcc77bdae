"""The quality-statement taxonomy and the rating arithmetic."""

import pytest

from assistant.domain import taxonomy


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Safe systems, pathways and transitions", "Safe pathways, systems and transitions"),
        ("## Safe pathways, systems and transitions", "Safe pathways, systems and transitions"),
        ("Supporting people to lead healthier lives", "Supporting people to live healthier lives"),
        ("Quality Statement 2: Supporting People to Live Healthier Lives",
         "Supporting people to live healthier lives"),
        ("Quality statement 5: Partnerships and communities", "Partnerships and communities"),
        ("Care provision, intergration and continuity", "Care provision, integration and continuity"),
        ("• Safeguarding", "Safeguarding"),
        ("# Equity in experience and outcomes", "Equity in experience and outcomes"),
    ],
)
def test_statement_headings_match_whatever_the_word_order(heading: str, expected: str) -> None:
    assert taxonomy.match_statement_heading(heading) == expected


@pytest.mark.parametrize(
    "line",
    ["Score: 2", "Safeguarding systems, processes and practice", "Timeliness of assessments, care planning and reviews",
     "Learning disabilities and autism", ""],
)
def test_other_lines_are_not_statements(line: str) -> None:
    assert taxonomy.match_statement_heading(line) is None


def test_every_statement_has_a_theme_and_nine_in_all() -> None:
    assert len(taxonomy.STATEMENTS) == 9
    assert {s.theme for s in taxonomy.STATEMENTS} == set(taxonomy.THEMES)
    assert taxonomy.statements_in_theme("Ensuring safety") == [
        "Safe pathways, systems and transitions", "Safeguarding"]


@pytest.mark.parametrize(
    ("scores", "percentage", "rating"),
    [
        ([2, 2, 2, 2, 3, 2, 2, 2, 2], 52.8, "Requires improvement"),
        ([3, 3, 2, 3, 3, 3, 3, 3, 3], 72.2, "Good"),
        ([2, 3, 3, 3, 2, 2, 3, 3], 65.6, "Good"),
        ([4] * 9, 100.0, "Outstanding"),
        ([1] * 9, 25.0, "Inadequate"),
    ],
)
def test_rating_arithmetic(scores: list[int], percentage: float, rating: str) -> None:
    pct = taxonomy.percentage_for_scores(scores)
    assert round(pct, 1) == percentage
    assert taxonomy.rating_for_percentage(pct) == rating


def test_theme_headings() -> None:
    assert taxonomy.match_theme_heading("Theme 3: How the local authority ensures safety within the system") == (
        "Ensuring safety")
    assert taxonomy.match_theme_heading("# Theme 1: How Derby City Council works with people") == (
        "Working with people")
