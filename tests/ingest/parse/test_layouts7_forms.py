"""Scores, ratings and percentages in any wording (issue 12, tests/fixtures/layouts7): each form in isolation,
then every fixture's facts exactly as expected.json states them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.domain.statements import statement_named
from assistant.settings import Settings
from ingest.parse.cqc import find_scores
from ingest.parse.document import parse_file, parse_text
from ingest.parse.lines import split_lines
from ingest.parse.overall import prose_percentage, prose_rating
from ingest.parse.scorelists import list_scores

LAYOUTS7 = Path(__file__).resolve().parents[2] / "fixtures/layouts7"
CASES = [pytest.param(e, id=e["file"]) for e in json.loads((LAYOUTS7 / "expected.json").read_text("utf-8"))]


def _scores(text: str) -> dict[str, int]:
    return {s.statement: s.score for s in list_scores(split_lines(text))}


@pytest.mark.parametrize(("text", "expected"), [
    ("Inspectors gave a score of two for needs assessments, where 410 people were waiting in June 2024.\n",
     {"Assessing needs": 2}),
    ("Keeping people safe scored three out of four, its best result.\n", {"Safeguarding": 3}),
    ("Helping people stay well was given a score of two, as was fair access and equality.\n",
     {"Supporting people to live healthier lives": 2, "Equity in experience and outcomes": 2}),
    ("Its leadership and governance, learning and improving, and the local care market were each scored two.\n",
     {"Governance, management and sustainability": 2, "Learning, improvement and innovation": 2,
      "Care provision, integration and continuity": 2}),
    ("Inspectors rated safeguarding 3/4, partnerships and communities 3/4 and assessing needs 2/4.\n",
     {"Safeguarding": 3, "Partnerships and communities": 3, "Assessing needs": 2}),
    ("Equity in experience and outcomes two out of four, although 71% of people were satisfied in 2023/24.\n",
     {"Equity in experience and outcomes": 2}),
    ("Safe pathways, systems and transitions was rated 1/4 after 3 of 12 young people had no plan.\n",
     {"Safe pathways, systems and transitions": 1}),
    ("Safeguarding was given a 3 (evidence shows a good standard).\n", {"Safeguarding": 3}),
    ("CQC scored the council three out of four for working with partners, two out of four for hospital discharge "
     "and transitions and three out of four for learning and improving.\n",
     {"Partnerships and communities": 3, "Safe pathways, systems and transitions": 2,
      "Learning, improvement and innovation": 3}),
    ("Of 4 teams, two out of four carers said they were happy.\n", {}),
])
def test_word_and_fraction_scores_in_prose(text: str, expected: dict[str, int]) -> None:
    assert _scores(text) == expected


def test_nine_bullets_with_every_dash() -> None:
    names = ["Assessing needs", "Supporting people to live healthier lives", "Equity in experience and outcomes",
             "Care provision, integration and continuity", "Partnerships and communities",
             "Safe pathways, systems and transitions", "Safeguarding", "Governance, management and sustainability",
             "Learning, improvement and innovation"]
    text = "".join(f"‣ {n} {dash} {1 + k % 4}\n" for k, (n, dash) in enumerate(zip(names, "–—‒―-−‐‑⁃", strict=True)))
    assert _scores(text) == {n: 1 + k % 4 for k, n in enumerate(names)}


@pytest.mark.parametrize(("phrase", "statement"), [
    ("Helping people stay well", "Supporting people to live healthier lives"),
    ("Hospital discharge and transitions", "Safe pathways, systems and transitions"),
    ("Keeping people safe", "Safeguarding"),
    ("Working with partners", "Partnerships and communities"),
    ("Leadership and governance", "Governance, management and sustainability"),
    ("Learning and improving", "Learning, improvement and innovation"),
    ("Fair access and equality", "Equity in experience and outcomes"),
    ("QS4 Care provision", "Care provision, integration and continuity"),
    ("QS 9", "Learning, improvement and innovation"),
    ("QS4 Safeguarding", None),  # the number and the words disagree: neither is trusted
    ("learning", None),
    ("assessments", None),
])
def test_documents_own_statement_names(phrase: str, statement: str | None) -> None:
    found = statement_named(phrase)
    assert (found.statement if found else None) == statement


@pytest.mark.parametrize("text", [
    "QS2 Healthier lives: Score Two\n",
    "| Healthier lives | Score: 2 – some shortfalls |\n",
])
def test_abbreviated_names_and_spelled_scores_in_lists(text: str) -> None:
    assert _scores(text) == {"Supporting people to live healthier lives": 2}


@pytest.mark.parametrize("line", ["This quality statement was given a 2 (evidence shows some shortfalls).",
                                  "It was given a score of two.", "Score: Two – evidence shows some shortfalls"])
def test_score_sentence_under_a_statement_heading(line: str) -> None:
    found = find_scores(split_lines(f"##### Safeguarding\n\n{line}\n"), [])
    assert [(s.statement, s.score) for s in found] == [("Safeguarding", 2)]


@pytest.mark.parametrize(("sentence", "rating"), [
    ("Thurrock Council was judged to require improvement overall.", "Requires improvement"),
    ("The CQC has rated Stockport Metropolitan Borough Council Good in how it meets its duties.", "Good"),
    ("The council received an overall rating of 'requires improvement'.", "Requires improvement"),
    ("When CQC last inspected its reablement service, in 2019, the service was rated outstanding.", None),
    ("Its children's services were judged inadequate by Ofsted in 2018.", None),
    ("A 2008 inspection had rated adult services as good.", None),
    ("The CQC has rated the council good under the Care Act 2014.", "Good"),
])
def test_rating_forms_and_other_inspections(sentence: str, rating: str | None) -> None:
    found = prose_rating(sentence, lambda text, at: True)
    assert (found.value if found else None) == rating


@pytest.mark.parametrize(("sentence", "percent"), [
    ("It was judged to require improvement, with a score of 56 per cent.", "56"),
    ("The council scored 75 per cent.", "75"),
    ("It received an overall score of 58 out of 100.", "58"),
])
def test_percentage_forms(sentence: str, percent: str) -> None:
    found = prose_percentage(sentence, lambda text, at: True)
    assert found is not None and found.value == percent


def test_another_council_named_last_before_the_rating_is_not_the_subject() -> None:
    text = ("# Luton news\n\nThe CQC has told Luton Borough Council its care needs work, while Bedford Borough "
            "Council, assessed in the same round, was rated good with a score of 70%.\n")
    doc = parse_text(text, doc_id="n", source_path="n.md", source_format="md", sha256="0" * 64)
    assert doc.council == "Luton Borough Council"
    assert doc.assessment is None or (doc.assessment.overall_rating, doc.assessment.overall_percentage) == (None, None)


@pytest.mark.parametrize("expected", CASES)
def test_fixture_facts_are_exact(expected: dict[str, Any], parse_settings: Settings) -> None:
    a = parse_file(LAYOUTS7 / expected["file"], parse_settings).assessment
    assert a is not None
    assert (a.overall_rating, a.overall_percentage) == (expected["rating"], expected["overall_percent"])
    assert {s.statement: s.score for s in a.scores} == expected["scores"]


def test_a_wrapped_item_is_one_item_even_when_its_second_line_is_a_document_name() -> None:
    text = "5) Partnerships and communities: 3\n6) Safe pathways, systems and\n   transitions: 3\n7) Safeguarding: 2\n"
    found = [(s.statement, s.score) for s in list_scores(split_lines(text))]
    assert found == [("Partnerships and communities", 3), ("Safe pathways, systems and transitions", 3),
                     ("Safeguarding", 2)]
