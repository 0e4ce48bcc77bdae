"""Scores in lists, table rows and prose; dates in every form; prose ratings only about the document's council."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.parse.dates import assessment_dates, parse_date
from ingest.parse.document import parse_text
from ingest.parse.lines import split_lines
from ingest.parse.scorelists import list_scores

_PRESS = """CQC rates Boroughton City Council's adult social care provision as good

Published: 3 March 2025 Page last updated: 5 March 2025

The Care Quality Commission (CQC) has rated Boroughton City Council as good.

  1. how the local authority works with people – indicative score of two
  2. supporting people to lead healthier lives – 3
  3. equity in experience and outcomes - 3
  4. providing support (care provision, integration and continuity) – 3
  5. partnership and communities – 4
  6. how the local authority ensures safety in the system – 2
  7. safeguarding –
  8. leadership – 3
  9. learning, improvement and innovation – 3

The council received a score of two for safeguarding, and a score of three for how it learns, improves and innovates.
"""


def _scores(text: str) -> dict[str, int]:
    return {s.statement: s.score for s in list_scores(split_lines(text))}


def test_press_release_list_with_theme_names_and_words() -> None:
    scores = _scores(_PRESS)
    assert scores["Assessing needs"] == 2  # the theme stands for its one unnamed statement
    assert scores["Safe pathways, systems and transitions"] == 2
    assert scores["Governance, management and sustainability"] == 3
    assert scores["Partnerships and communities"] == 4
    assert scores["Safeguarding"] == 2  # blank in the list, stated in the prose


def test_table_rows_and_spans() -> None:
    text = "| Theme | Area | Score |\n|---|---|---|\n| Providing support | 5. partnership and communities | 4 |\n"
    [s] = list_scores(split_lines(text))
    assert (s.statement, s.score) == ("Partnerships and communities", 4)
    assert text[s.start:s.end] == "5. partnership and communities | 4"


def test_prose_scores_chain() -> None:
    text = "It was rated 'requires improvement', scoring 2 for safeguarding and 2 for assessing needs, but was given " \
           "a 3 for partnerships and communities.\n"
    assert _scores(text) == {"Safeguarding": 2, "Assessing needs": 2, "Partnerships and communities": 3}


def test_press_release_document() -> None:
    doc = parse_text(_PRESS, doc_id="p", source_path="p.md", source_format="md", sha256="0" * 64)
    assert doc.kind.value == "cqc_press_release" and doc.council == "Boroughton City Council"
    assert doc.council_code is None and doc.published == date(2025, 3, 3)
    assert doc.assessment is not None and doc.assessment.overall_rating == "Good"
    assert {s.source for s in doc.assessment.scores} == {"press_release"}


@pytest.mark.parametrize(("text", "value"), [("5/2/2025", date(2025, 2, 5)), ("Friday 25 July 2025", date(2025, 7, 25)),
                                             ("2nd June 2023", date(2023, 6, 2)), ("31/2/2025", None)])
def test_dates(text: str, value: date | None) -> None:
    assert parse_date(text) == value


def test_assessment_date_range() -> None:
    assert assessment_dates("Date of assessment: 14 to 16 May 2024") == (date(2024, 5, 14), date(2024, 5, 16))


def test_news_rating_needs_the_council_named() -> None:
    text = ("Rutland praised by regulator\n\nBy our correspondent\n\nRutland County Council has been rated "
            "'good' by the watchdog.\n\nOf the others, 14 have been rated outstanding.\n")
    doc = parse_text(text, doc_id="n", source_path="n.md", source_format="md", sha256="0" * 64)
    assert doc.council_code == "E06000017" and doc.assessment is not None
    assert doc.assessment.overall_rating == "Good" and doc.assessment.rating_source == "news"
    other = parse_text(text.replace("Rutland County Council has been rated 'good'", "The council was praised"),
                       doc_id="m", source_path="m.md", source_format="md", sha256="0" * 64)
    assert other.assessment is None  # 'the others ... rated outstanding' is not this council's rating
