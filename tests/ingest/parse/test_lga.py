"""LGA analysis: nine statement analyses, their sub-sections, counts of councils scoring 3, every bullet."""

from __future__ import annotations

from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.models.records import DocumentKind, ParsedDocument
from ingest.parse.lga import number_value
from tests.ingest.conftest import LGA


def test_classified_with_nine_statement_analyses(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LGA.name]
    assert doc.kind == DocumentKind.LGA_ANALYSIS
    assert doc.publisher == "Local Government Association" and doc.council is None
    assert doc.title.startswith("An analysis of local authority CQC assessment reports")
    assert [a.statement for a in doc.statement_analyses] == list(STATEMENT_NAMES)


def test_counts_of_councils_scoring_three(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LGA.name]
    counts = {a.statement: a.councils_scoring_3 for a in doc.statement_analyses}
    assert counts["Assessing needs"] == 7
    assert counts["Supporting people to live healthier lives"] == 11
    # "Fourteen local authorities received a score of three" (no "have", number word)
    assert counts["Partnerships and communities"] == 14
    assert counts["Learning, improvement and innovation"] == 18
    first = doc.statement_analyses[0]
    assert first.count_span is not None
    assert "seven local authorities have received a score of 3" in doc.text[
        first.count_span.start:first.count_span.end]


def test_subsections(parsed: dict[str, ParsedDocument]) -> None:
    by = {a.statement: a for a in parsed[LGA.name].statement_analyses}
    assessing = by["Assessing needs"].subsections
    assert assessing[:2] == ["Assessment, care planning and review arrangements",
                             "Timeliness of assessments, care planning and reviews"]
    assert "Eligibility decision for care and support" in assessing  # a heading written as a bullet
    assert len(assessing) == 7
    assert by["Safeguarding"].subsections[-1] == "Making Safeguarding Personal"
    assert "Partnership working to deliver shared local and national objectives" in by[
        "Partnerships and communities"].subsections


def test_good_practice_items_have_exact_spans(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LGA.name]
    items = doc.good_practice
    assert len(items) > 100
    for item in items:
        assert doc.text[item.start:item.end] == item.text
        assert item.text.startswith(item.label + ":")
        assert "\n" not in item.text
    triage = next(i for i in items if i.label == "Robust triage processes")
    assert triage.statement == "Assessing needs"
    assert triage.subsection == "Timeliness of assessments, care planning and reviews"
    assert triage.text.startswith("Robust triage processes: Clear and effective triage processes")
    eligibility = next(i for i in items if i.label == "Eligibility framework")
    assert eligibility.subsection == "Eligibility decision for care and support"
    # paragraphs written "Label: text" without a bullet (quality statement 9) are items too
    assert any(i.label == "Making a difference" and i.statement == "Learning, improvement and innovation"
               for i in items)
    assert all(i.statement in STATEMENT_NAMES for i in items)


def test_executive_summary_bullets_are_not_statement_items(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LGA.name]
    workforce = doc.text.index("Workforce: Evidence of a well-trained")
    assert not any(i.start <= workforce < i.end for i in doc.good_practice)


def test_number_words() -> None:
    assert number_value("seven") == 7 and number_value("Fourteen") == 14
    assert number_value("12") == 12 and number_value("twenty-one") == 21 and number_value("many") is None
