"""The mechanisms layouts2 needed, each on a minimal text: furniture, list forms, label dates, attribution."""

from __future__ import annotations

from datetime import date

from assistant.models.records import ParsedDocument
from ingest.parse.council import smart_title
from ingest.parse.dates import published
from ingest.parse.document import parse_text
from ingest.parse.furniture import is_furniture, print_header_title, site_names
from ingest.parse.lines import split_lines
from ingest.parse.scorelists import list_scores


def _doc(text: str) -> ParsedDocument:
    return parse_text(text, doc_id="t", source_path="t.md", source_format="md", sha256="0" * 64)


def test_furniture_lines() -> None:
    assert is_furniture("Search Menu", set()) and is_furniture("Agenda Item 7", set())
    assert is_furniture("Home / News / Press releases", set())
    assert not is_furniture("CQC rates Dorset Council's adult social care as good", set())
    header = "04/11/2024, 10:17    Sheffield care rated good | Yorkshire Care Bulletin"
    assert print_header_title(header) == "Sheffield care rated good"
    assert site_names(header + "\n© Other Times. All rights reserved.", split_lines(header)) == {
        "yorkshire care bulletin", "other times"}


def test_capitalised_title_keeps_acronyms() -> None:
    title = smart_title("ADULT SOCIAL CARE: CQC ASSESSMENT OUTCOME", {"CQC"})
    assert title == "Adult Social Care: CQC Assessment Outcome"


def test_list_forms() -> None:
    text = "• 2 – Assessing needs\n1) Equity in experience and\n   outcomes: 3\n2) Safeguarding: 2, and\n"
    scores = {s.statement: s.score for s in list_scores(split_lines(text))}
    assert scores == {"Assessing needs": 2, "Equity in experience and outcomes": 3, "Safeguarding": 2}


def test_published_label_opens_a_line() -> None:
    text = "Committee\n\n10 September 2024\n\nThe CQC report was published on 2 August 2024.\n"
    lines = split_lines(text)
    found = published(text, [ln for ln in lines if not ln.blank])
    assert found is not None and found[0] == date(2024, 9, 10)


def test_news_values_of_another_council_in_the_same_sentence() -> None:
    doc = _doc("Manchester's care rated 'requires improvement' by watchdog\n\nBy our reporter\n\n"
               "The regulator gave the council an overall score of 59%.\n\n"
               "Elsewhere in Greater Manchester, Salford City Council was rated 'good' with a score of 71%.\n")
    assert doc.assessment is not None
    assert doc.assessment.overall_rating == "Requires improvement" and doc.assessment.overall_percentage == 59
