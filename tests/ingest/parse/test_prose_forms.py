"""Scores stated in words, fractions, brackets and reported speech, over hard-wrapped lines; a council document's
own result is recorded, its self-judgements and other councils' results never are."""

from __future__ import annotations

import pytest

from ingest.parse.cqc import find_scores
from ingest.parse.document import parse_text
from ingest.parse.lines import split_lines
from ingest.parse.overall import prose_percentage, prose_rating
from ingest.parse.scorelists import list_scores


def _scores(text: str) -> dict[str, int]:
    return {s.statement: s.score for s in list_scores(split_lines(text))}


@pytest.mark.parametrize(("text", "expected"), [
    ("Inspectors scored it three out of four for safeguarding and for how it works with partners and\n"
     "local communities, but just two out of a possible four for the way it assesses people's needs.\n",
     {"Safeguarding": 3, "Partnerships and communities": 3, "Assessing needs": 2}),
    ("It was awarded the highest mark, four, for learning, improvement and innovation.\n",
     {"Learning, improvement and innovation": 4}),
    ("The council had scored 1 out of 4 for assessing needs. Safeguarding\nhad scored two out of four.\n",
     {"Assessing needs": 1, "Safeguarding": 2}),
    ("Statements where CQC found a good standard (partnerships and communities, score 3) are not listed.\n",
     {"Partnerships and communities": 3}),
    ("Working with people: assessing needs (3), supporting people to live healthier lives (3), equity in experience\n"
     "and outcomes (2).\n",
     {"Assessing needs": 3, "Supporting people to live healthier lives": 3, "Equity in experience and outcomes": 2}),
    ("It scored 3/4 for safeguarding, and assessing needs was given a score of 2.\n",
     {"Safeguarding": 3, "Assessing needs": 2}),
    ("CQC gave it a 3 for assessing needs. Safeguarding was scored as 2 out of 4.\n",
     {"Assessing needs": 3, "Safeguarding": 2}),
    ("It got two out of four for equity in experience and outcomes.\n", {"Equity in experience and outcomes": 2}),
    ("- Safeguarding: 2 of 4 – Evidence shows some shortfalls\nAssessing needs: scored 3 (good standard)\n",
     {"Safeguarding": 2, "Assessing needs": 3}),
    ("Safeguarding (score 2 of 4)\n", {"Safeguarding": 2}),
    ("The council scored 3 out of 100 on the survey (2).\n", {}),
    ("We have 3 priorities for safeguarding and 2 officers for assessing needs.\n", {}),
])
def test_prose_score_forms(text: str, expected: dict[str, int]) -> None:
    assert _scores(text) == expected


@pytest.mark.parametrize("text", ["QS1 Assessing needs\nScore: 3\n",
                                  "Theme 1: Working with people\nAssessing needs\n3 out of 4\n"])
def test_report_statement_headings_with_prefixes_and_fractions(text: str) -> None:
    assert [(s.statement, s.score) for s in find_scores(split_lines(text), [])] == [("Assessing needs", 3)]


_MINUTES = """Trafford Council

Minutes of the Adults Scrutiny Committee

Tuesday, 4 March 2025

Present: Councillor Smith (Chair)

The Director presented the Care Quality Commission (CQC) assessment. The council had been rated as
requires improvement, with an overall score of 49%. CQC had given the council 3 out of 4 for partnerships
and communities. Members noted that Wirral Council had also scored 4 for
safeguarding. Councillor Smith asked about the report and members are asked to note it.
"""


def test_minutes_record_their_own_councils_result_not_another_councils() -> None:
    doc = parse_text(_MINUTES, doc_id="m", source_path="m.md", source_format="md", sha256="0" * 64)
    assert doc.kind.value == "scrutiny" and doc.title == "Minutes of the Adults Scrutiny Committee"
    a = doc.assessment
    assert a is not None and (a.overall_rating, a.overall_percentage) == ("Requires improvement", 49)
    assert {s.statement: s.score for s in a.scores} == {"Partnerships and communities": 3}
    assert {s.source for s in a.scores} == {"other"}


def test_self_assessment_judgements_are_never_cqc_values() -> None:
    text = ("Northbridge Borough Council adult social care self-assessment\n\nOverall, we judge ourselves good.\n\n"
            "| Quality statement | Our judgement |\n| Assessing needs | 3 |\n| Safeguarding | 2 |\n")
    doc = parse_text(text, doc_id="s", source_path="s.md", source_format="md", sha256="0" * 64)
    assert doc.kind.value == "self_assessment" and doc.assessment is None


@pytest.mark.parametrize(("sentence", "rating"), [
    ("The council received an overall judgement of good.", "Good"),
    ("It received a 'requires improvement' rating from the regulator.", "Requires improvement"),
    ("The council was judged to be good.", "Good"),
    ("We judge ourselves good.", None),
    ("Overall, we have judged ourselves as good.", None),
    ('Adult social care in the borough "requires improvement", the Care Quality Commission has said.',
     "Requires improvement"),
    ("Care in the county is 'good', the regulator found.", "Good"),
    ('Social care told it "inadequate" as families wait', "Inadequate"),
    ('Carers said the service "requires improvement", according to a survey.', None),  # not the regulator's word
    ("The council's overall score placed it in the requires improvement band.", None),
])
def test_prose_rating_forms(sentence: str, rating: str | None) -> None:
    found = prose_rating(sentence, lambda text, at: True)
    assert (found.value if found else None) == rating


@pytest.mark.parametrize(("sentence", "percent"), [
    ("Overall score 70%", "70"), ("Overall score: 52 out of 100", "52"),
    ("It has an overall percentage score of 61%.", "61"), ("61% of people said they waited.", None),
])
def test_prose_percentage_forms(sentence: str, percent: str | None) -> None:
    found = prose_percentage(sentence, lambda text, at: True)
    assert (found.value if found else None) == percent


_LETTER = """Local Government Association

Councillor A Example
Leader of the Council
Trafford Council

Dear Councillor Example,

Adult social care peer challenge

Thank you for hosting the peer challenge. Partners in Care and Health can support your next steps, and the team
suggests learning from councils such as Stockport, which scored 3 for partnerships and communities.

Yours sincerely,

Principal Adviser, Local Government Association
"""


def test_a_letter_to_one_council_is_about_that_council_not_an_analysis() -> None:
    doc = parse_text(_LETTER, doc_id="l", source_path="l.md", source_format="md", sha256="0" * 64)
    assert doc.kind.value == "other" and doc.council == "Trafford Council"
    assert doc.assessment is None or not doc.assessment.scores


@pytest.mark.parametrize(("head", "title", "published"), [
    ("BARSET BOROUGH COUNCIL\n\nMINUTES OF THE MEETING OF THE ADULT SOCIAL CARE SCRUTINY PANEL HELD ON WEDNESDAY "
     "5 MARCH 2025 AT 6.30 PM\n\nPresent: Councillor A Smith (Chair)\n",
     "Minutes of the Meeting of the Adult Social Care Scrutiny Panel", "2025-03-05"),
    ("# Barset Council adult social care self-assessment\n\nVersion 2 | Approved by the Leadership Team, "
     "12 June 2024\n\n## Introduction\n\nThis is our self-assessment.\n",
     "Barset Council adult social care self-assessment", "2024-06-12"),
])
def test_meeting_and_approval_dates_inside_title_block_lines(head: str, title: str, published: str) -> None:
    doc = parse_text(head, doc_id="m", source_path="m.md", source_format="md", sha256="0" * 64)
    assert doc.title == title and str(doc.published) == published
