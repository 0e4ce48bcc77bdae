"""CQC assessments: rating, dates, the nine scores with exact spans, summary/section origins, conflicts."""

from __future__ import annotations

from datetime import date

from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.models.records import DocumentKind, ParsedDocument
from ingest.parse.document import parse_text
from tests.ingest.conftest import DERBY, NORTH_LINCS


def _parse(text: str) -> ParsedDocument:
    return parse_text(text, doc_id="t", source_path="t.txt", source_format="txt", sha256="0" * 64)


def test_derby_rating_scores_and_dates(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[DERBY.name]
    assert doc.kind == DocumentKind.CQC_ASSESSMENT
    assert doc.council == "Derby City Council" and doc.publisher == "Care Quality Commission"
    a = doc.assessment
    assert a is not None
    assert a.overall_rating == "Requires improvement" and not a.indicative
    assert a.published == date(2024, 8, 16) and doc.published == date(2024, 8, 16)
    assert [s.statement for s in a.scores] == list(STATEMENT_NAMES)
    assert [s.score for s in a.scores] == [2, 2, 2, 2, 3, 2, 2, 2, 2]
    assert all(s.origin == "section" for s in a.scores)
    assert a.rating_span is not None
    assert doc.text[a.rating_span.start:a.rating_span.end] == "Requires improvement"
    assert a.conflicts == []


def test_derby_keeps_summary_and_section_scores(parsed: dict[str, ParsedDocument]) -> None:
    a = parsed[DERBY.name].assessment
    assert a is not None
    summary = [s for s in a.all_scores if s.origin == "summary"]
    section = [s for s in a.all_scores if s.origin == "section"]
    assert len(summary) == 9 and len(section) == 9
    assert [s.score for s in summary] == [s.score for s in section]
    assert summary[1].label == "Supporting people to lead healthier lives"
    assert summary[1].statement == "Supporting people to live healthier lives"


def test_north_lincolnshire_indicative_scores(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[NORTH_LINCS.name]
    a = doc.assessment
    assert doc.kind == DocumentKind.CQC_ASSESSMENT and a is not None
    assert a.council == "North Lincolnshire Council"
    assert a.overall_rating == "Good" and a.indicative
    assert a.rating_wording == "Evidence shows a good standard"
    assert a.published == date(2023, 11, 17) and a.assessment_start == date(2023, 6, 2)
    assert [s.score for s in a.scores] == [3, 3, 2, 3, 3, 3, 3, 3, 3]
    safe = a.scores[5]
    assert safe.statement == "Safe pathways, systems and transitions"
    assert safe.label == "Safe systems, pathways and transitions"


def test_score_spans_cover_name_score_and_wording(parsed: dict[str, ParsedDocument]) -> None:
    for name in (DERBY.name, NORTH_LINCS.name):
        doc = parsed[name]
        assert doc.assessment is not None
        for s in doc.assessment.all_scores:
            quote = doc.text[s.start:s.end]
            assert quote.startswith(s.label) and str(s.score) in quote
            if s.wording:
                assert quote.endswith(s.wording)
    derby = parsed[DERBY.name]
    assert derby.assessment is not None
    safeguarding = derby.assessment.scores[6]
    assert derby.text[safeguarding.start:safeguarding.end] == (
        "Safeguarding\n\n# Score: 2\n\n2 - Evidence shows some shortfalls")
    nl = parsed[NORTH_LINCS.name]
    assert nl.assessment is not None
    equity = nl.assessment.scores[2]
    assert nl.text[equity.start:equity.end] == (
        "Equity in experience and outcomes\n\nIndicative score:\n\n2 - Evidence shows some shortfalls")


def test_sections_follow_meaning_not_markdown_depth(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[DERBY.name]
    statements = [s for s in doc.sections if s.role == "quality_statement"]
    assert [s.quality_statement for s in statements] == list(STATEMENT_NAMES)
    assert all(s.level == 2 for s in statements)  # "# Safeguarding" and "## Assessing needs" alike
    themes = [s for s in doc.sections if s.role == "theme"]
    assert [t.theme for t in themes] == ["Working with people", "Providing support", "Ensuring safety",
                                         "Leadership"]
    timeliness = next(s for s in doc.sections if s.heading.startswith("Timeliness of assessments"))
    assert timeliness.role == "subsection" and timeliness.quality_statement == "Assessing needs"
    assert timeliness.path[-2:] == ["Assessing needs", "Timeliness of assessments, care planning and reviews"]
    parts = {s.heading for s in doc.sections if s.role == "report_part"}
    assert {"Demographics", "Financial facts", "Summary of people's experiences"} <= parts


def test_plain_text_headings_detected(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed[NORTH_LINCS.name]
    headings = [s.heading for s in doc.sections]
    assert "Demographics" in headings
    # after a quoted commitment, "Key findings..." is still a heading (not a quote attribution)
    assert headings.count("Key findings for this quality statement") == 9
    assert not any(h.startswith(("\"", "“", "I feel safe")) for h in headings)
    safeguarding = next(s for s in doc.sections if s.quality_statement == "Safeguarding"
                        and s.role == "quality_statement")
    assert safeguarding.theme == "Ensuring safety" and safeguarding.path[0].startswith("Theme 3")


def test_bullet_layout_percentage_and_conflict() -> None:
    names = list(STATEMENT_NAMES)
    summary = "\n\n".join(f"• {n}\n\nScore: 3" for n in names)
    sections = "\n\n".join(
        f"{n}\n\nScore: {2 if i == 0 else 3}\n\n{2 if i == 0 else 3} - Evidence shows "
        f"{'some shortfalls' if i == 0 else 'a good standard'}\n\nKey findings\n\n"
        f"The local authority worked with partners on {n.lower()} across the area in 2023 and 2024."
        for i, n in enumerate(names))
    text = (
        "Sampleshire County Council: local authority assessment\n\nAssessment published: 3 March 2025\n\n"
        "Overall summary\n\nLocal authority rating and score\n\nGood\n\n"
        "Sampleshire County Council scored 72 out of 100 overall.\n\nQuality statement scores\n\n"
        f"{summary}\n\nTheme 1: How the local authority works with people\n\n{sections}\n"
    )
    doc = _parse(text)
    a = doc.assessment
    assert doc.kind == DocumentKind.CQC_ASSESSMENT and a is not None
    assert a.council == "Sampleshire County Council" and a.overall_rating == "Good"
    assert a.overall_percentage == 72 and a.percentage_span is not None
    assert [s.score for s in a.scores] == [2, 3, 3, 3, 3, 3, 3, 3, 3]
    assert [c.statement for c in a.conflicts] == ["Assessing needs"]
    assert {s.origin for s in a.conflicts[0].scores} == {"summary", "section"}
    bullet = next(s for s in a.all_scores if s.origin == "summary")
    assert text[bullet.start:bullet.end] == "Assessing needs\n\nScore: 3"


def test_one_line_scores_and_assessment_date_range() -> None:
    text = (
        "Testshire County Council: local authority assessment\n\n"
        "Assessment dates: 4 March 2025 to 6 March 2025\n\nAssessment published: 1 May 2025\n\n"
        "Overall rating: Good\n\nQuality statement scores\n\nAssessing needs | 3\n\n"
        "Supporting people to live healthier lives: Score 2 - Evidence shows some shortfalls\n\n"
        "Equity in experience and outcomes - 3\n\nSafeguarding 2\n"
    )
    doc = _parse(text)
    a = doc.assessment
    assert doc.kind == DocumentKind.CQC_ASSESSMENT and a is not None
    assert a.overall_rating == "Good" and a.published == date(2025, 5, 1)
    assert (a.assessment_start, a.assessment_end) == (date(2025, 3, 4), date(2025, 3, 6))
    got = {s.statement: (s.score, text[s.start:s.end]) for s in a.scores}
    assert got["Assessing needs"] == (3, "Assessing needs | 3")
    assert got["Supporting people to live healthier lives"][0] == 2
    assert got["Equity in experience and outcomes"] == (3, "Equity in experience and outcomes - 3")
    assert got["Safeguarding"] == (2, "Safeguarding 2")
    wording = next(s for s in a.scores if s.score == 2 and s.wording)
    assert wording.wording == "Evidence shows some shortfalls"


def test_statement_names_without_scores_are_not_scores() -> None:
    text = ("Theme 1: How the local authority works with people\n\nThis theme includes these quality "
            "statements:\n\n- Assessing needs\n- Equity in experience and outcomes\n\nAssessing needs\n\n"
            "We found people waited 2 weeks for assessments in 2023.\n")
    assert _parse(text).assessment is None


def test_score_then_wording_without_digit() -> None:
    names = list(STATEMENT_NAMES)[:4]
    block = "{}\n\nIndicative score: 3\n\nEvidence shows a good standard\n\nText about {} was gathered here."
    body = "\n\n".join(block.format(n, n.lower()) for n in names)
    text = ("Westshire Council assessment\n\nAssessment published: 2 February 2024\n\n"
            "Local authority indicative rating\n\nGood\n\n" + body + "\n")
    a = _parse(text).assessment
    assert a is not None and a.indicative and a.overall_rating == "Good"
    assert [s.score for s in a.scores] == [3, 3, 3, 3]
    first = a.scores[0]
    assert first.wording == "Evidence shows a good standard"
    expected = "Assessing needs\n\nIndicative score: 3\n\nEvidence shows a good standard"
    assert text[first.start:first.end] == expected


def test_rating_on_the_council_name_line() -> None:
    text = ("Northmoor Borough Council: local authority assessment\n\nAssessment published: 9 June 2025\n\n"
            "Local authority rating and score\n\nNorthmoor Borough Council: Requires improvement\n\n"
            "Quality statement scores\n\n" + "".join(f"{n}\n\nScore: 2\n\n" for n in STATEMENT_NAMES))
    a = _parse(text).assessment
    assert a is not None and a.overall_rating == "Requires improvement" and a.rating_span is not None
    assert text[a.rating_span.start:a.rating_span.end] == "Requires improvement"
