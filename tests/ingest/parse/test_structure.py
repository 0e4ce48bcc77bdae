"""Statement sections from statement names on plain lines (tests/fixtures/layouts6), in text, HTML and markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.models.records import Section
from assistant.settings import Settings
from ingest.parse.document import parse_file, parse_text
from ingest.parse.lines import statement_line

LAYOUTS6 = Path(__file__).resolve().parents[2] / "fixtures/layouts6"


def _statement_sections(sections: list[Section]) -> dict[str, Section]:
    return {s.quality_statement: s for s in sections if s.role == "quality_statement" and s.quality_statement}


@pytest.mark.parametrize("name", ["solihull-report-pages.txt", "calderdale-report-saved.html"])
def test_every_statement_of_a_plain_line_layout_has_its_section(name: str, parse_settings: Settings) -> None:
    doc = parse_file(LAYOUTS6 / name, parse_settings)
    found = _statement_sections(doc.sections)
    assert sorted(found) == sorted(STATEMENT_NAMES)
    for statement, section in found.items():
        body = doc.text[section.body_start:section.end]
        assert len(body.split()) >= 10, statement  # the narrative, not only the score line
        assert section.theme is not None and section.level == 2, statement


def test_a_statement_section_holds_its_own_narrative_only(parse_settings: Settings) -> None:
    doc = parse_file(LAYOUTS6 / "solihull-report-pages.txt", parse_settings)
    found = _statement_sections(doc.sections)
    assessing = doc.text[found["Assessing needs"].body_start:found["Assessing needs"].end]
    assert "median wait was 58 days" in assessing and "Community Equipment Service" not in assessing
    transitions = found["Safe pathways, systems and transitions"]
    assert transitions.theme == "Ensuring safety"
    assert "18th birthday" in doc.text[transitions.body_start:transitions.end]


def test_the_summary_list_of_names_and_scores_opens_no_statement_section(parse_settings: Settings) -> None:
    doc = parse_file(LAYOUTS6 / "solihull-report-pages.txt", parse_settings)
    for section in _statement_sections(doc.sections).values():
        assert "Quality statement scores" not in section.path


@pytest.mark.parametrize("line, expected", [
    ("Assessing Needs", "Assessing needs"),
    ("SAFEGUARDING", "Safeguarding"),
    ("Theme 1: Assessing needs", "Assessing needs"),
    ("Safe systems, pathways and transitions    Score: 2", "Safe pathways, systems and transitions"),
    ("Learning, improvement and innovation – Score 3 of 4", "Learning, improvement and innovation"),
    ("Partnerships and communities 3 - Evidence shows a good standard", "Partnerships and communities"),
    ("Safeguarding was a strength of the borough.", None),
    ("We improved assessing needs for carers", None),
    ("Score: 3", None),
])
def test_statement_line_names_a_statement_only_by_its_whole_name(line: str, expected: str | None) -> None:
    assert statement_line(line) == expected


PAGE = """Example Council: local authority assessment

THEME 4: LEADERSHIP
Governance, management and sustainability
Score: 2

Leaders had no plan for the budget gap, and reports to members described activity rather than outcomes.

Governance, management and sustainability was discussed at every board.
Safeguarding
was mentioned in passing here, inside a paragraph.
"""


def test_mentions_inside_paragraphs_are_not_headings() -> None:
    doc = parse_text(PAGE, doc_id="example", source_path="example.txt", source_format="txt", sha256="0" * 64)
    found = _statement_sections(doc.sections)
    assert list(found) == ["Governance, management and sustainability"]
    section = found["Governance, management and sustainability"]
    assert "budget gap" in doc.text[section.body_start:section.end]
    assert all(s.heading != "Safeguarding" for s in doc.sections)
