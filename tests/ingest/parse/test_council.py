"""Self-assessments and other council documents: kind, council, title, date, statement mapping."""

from __future__ import annotations

from datetime import date

from assistant.models.records import DocumentKind, ParsedDocument
from ingest.parse.document import parse_text
from tests.ingest.conftest import LEICESTER, LEICESTERSHIRE


def test_self_assessment(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LEICESTER.name]
    assert doc.kind == DocumentKind.SELF_ASSESSMENT
    assert doc.council == "Leicester City Council" and doc.publisher == "Leicester City Council"
    assert doc.published == date(2023, 3, 1)
    assert doc.title.startswith("Leicester City Council Adult Social Care")
    assert doc.assessment is None and doc.good_practice == []


def test_self_assessment_sections_map_to_statements(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LEICESTER.name]
    by_heading = {s.heading: s for s in doc.sections}
    assert by_heading["Assessing Need"].quality_statement == "Assessing needs"
    assert by_heading["Supporting People to Have Healthier Lives"].quality_statement == (
        "Supporting people to live healthier lives")
    assert by_heading["Safe Systems, Pathways and Transitions"].quality_statement == (
        "Safe pathways, systems and transitions")
    safety = by_heading["Ensuring Safety - Our Self-Assessment"]
    assert safety.role == "theme" and safety.theme == "Ensuring safety"
    safeguarding = by_heading["Safeguarding"]
    assert safeguarding.role == "quality_statement" and safeguarding.parent_id == safety.id
    mapped = {s.quality_statement for s in doc.sections if s.role == "quality_statement"}
    assert len(mapped) >= 8
    # quoted attributions ("Martin Walker, TLAP") and section C are not mapped to any statement
    assert "Martin Walker, TLAP" not in by_heading
    section_c = next(s for s in doc.sections if s.heading.startswith("Section C"))
    assert section_c.quality_statement is None and section_c.level == 1


def test_scrutiny_report(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LEICESTERSHIRE.name]
    assert doc.kind == DocumentKind.SCRUTINY
    assert doc.council == "Leicestershire County Council"
    assert doc.published == date(2023, 9, 4)
    assert "Assurance of Adult Social Care" in doc.title
    headings = [s.heading for s in doc.sections]
    assert {"Purpose of report", "Background", "Conclusions"} <= set(headings)
    assert doc.assessment is None


def test_other_document_sections_map_when_heading_names_statement() -> None:
    text = ("BOROUGHTON CITY COUNCIL\n\nADULT SOCIAL CARE PLAN 2024\n\nIntroduction\n\n"
            "This plan sets out our priorities for the coming year in adult social care.\n\n"
            "Safeguarding\n\nWe will reduce the backlog of safeguarding enquiries by March.\n\n"
            "Partnership and communities\n\nWe will work with the voluntary sector on shared priorities.\n")
    doc = parse_text(text, doc_id="p", source_path="p.txt", source_format="txt", sha256="0" * 64)
    assert doc.kind == DocumentKind.OTHER and doc.council == "Boroughton City Council"
    mapped = {s.heading: s.quality_statement for s in doc.sections}
    assert mapped["Safeguarding"] == "Safeguarding"
    assert mapped["Partnership and communities"] == "Partnerships and communities"
    assert mapped["Introduction"] is None


def test_numbered_headings_close_a_statement_section() -> None:
    text = ("KENTSHIRE COUNTY COUNCIL\n\nCABINET REPORT 12 MARCH 2024\n\n1. Purpose of report\n\n"
            "1.1 This report sets out the adult social care plan.\n\n2. Safeguarding\n\n"
            "2.1 We will reduce the backlog of safeguarding enquiries.\n\n"
            "2.2 Making safeguarding personal\n\nSome text about personal outcomes.\n\n"
            "3. Resources\n\nThe budget for the plan is set out here.\n")
    doc = parse_text(text, doc_id="k", source_path="k.txt", source_format="txt", sha256="0" * 64)
    assert doc.council == "Kentshire County Council" and doc.published == date(2024, 3, 12)
    by = {s.heading: s for s in doc.sections}
    assert by["2. Safeguarding"].quality_statement == "Safeguarding"
    assert by["2.2 Making safeguarding personal"].quality_statement == "Safeguarding"
    assert by["2.2 Making safeguarding personal"].parent_id == by["2. Safeguarding"].id
    resources = by["3. Resources"]
    assert resources.quality_statement is None and resources.level == 1 and resources.path == ["3. Resources"]


def test_a_theme_closing_template_heading_belongs_to_the_theme(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[LEICESTER.name]
    by_id = {s.id: s for s in doc.sections}
    plans = [s for s in doc.sections if s.heading.startswith("What are our plans to maintain/improve")]
    assert len(plans) == 4  # one per theme, after its statements
    for section in plans:
        assert section.quality_statement is None and section.level == 2
        assert section.parent_id is not None and by_id[section.parent_id].role == "theme"
    workforce = next(s for s in doc.sections if s.heading == "To support the workforce we will:")
    assert workforce.quality_statement is None and workforce.parent_id in {p.id for p in plans}


def test_headings_repeated_under_every_statement_stay_with_their_statement() -> None:
    body = "The council describes its work in this area with evidence and examples from the year.\n\n"
    statements = ["Assessing needs", "Supporting people to live healthier lives", "Safeguarding",
                  "Safe pathways, systems and transitions"]
    parts = ["NORTHWOLD BOROUGH COUNCIL\n\nADULT SOCIAL CARE SELF-ASSESSMENT 2024\n\n",
             "Working with people\n\n", body]
    for n, name in enumerate(statements):
        if n == 2:
            parts += ["Ensuring safety\n\n", body]
        parts += [f"{name}\n\n", body, "Areas for development\n\n", body]
    doc = parse_text("".join(parts), doc_id="n", source_path="n.txt", source_format="txt", sha256="0" * 64)
    areas = [s for s in doc.sections if s.heading == "Areas for development"]
    assert [s.quality_statement for s in areas] == statements


def test_a_news_headline_under_a_masthead_names_the_council() -> None:
    """layouts4: 'Kent Coast Courier' above the headline is the paper's name, not the subject."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "fixtures/layouts4/medway-local-news.md").read_text(encoding="utf-8")
    doc = parse_text(text, doc_id="medway-news", source_path="medway-local-news.md", source_format="md",
                     sha256="0" * 64)
    assert doc.council == "Medway Council"
    assert doc.title.startswith("Medway social care told it")
