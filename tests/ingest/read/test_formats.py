"""HTML, DOCX and PDF renderings of a sample report parse to the same rating and scores as its markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.models.records import ParsedDocument
from assistant.settings import Settings
from ingest.chunk import chunk_document
from ingest.parse.document import parse_file
from tests.ingest.conftest import sample_report_markdown, write_docx, write_html, write_pdf

EXPECTED = [2, 2, 2, 2, 3, 2, 2, 2, 2]


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample report as .md plus its three renderings."""
    folder = tmp_path_factory.mktemp("formats")
    markdown = sample_report_markdown()
    (folder / "sample-report.md").write_text(markdown, encoding="utf-8")
    write_html(markdown, folder / "sample-report.html")
    write_docx(markdown, folder / "sample-report.docx")
    write_pdf(markdown, folder / "sample-report.pdf")
    return folder


@pytest.fixture(scope="module")
def markdown_doc(sample_dir: Path, parse_settings: Settings) -> ParsedDocument:
    return parse_file(sample_dir / "sample-report.md", parse_settings)


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_rendering_parses_to_same_rating_and_scores(suffix: str, sample_dir: Path, parse_settings: Settings,
                                                    markdown_doc: ParsedDocument) -> None:
    doc = parse_file(sample_dir / f"sample-report{suffix}", parse_settings)
    assert doc.source_format == suffix.lstrip(".")
    assert doc.doc_id == "sample-report"
    a = doc.assessment
    assert a is not None and doc.council == "Derby City Council"
    assert a.overall_rating == "Requires improvement"
    assert [s.score for s in a.scores] == EXPECTED
    assert len(a.all_scores) == 18 and a.conflicts == []
    assert a.published == markdown_doc.published
    for s in a.all_scores:
        quote = doc.text[s.start:s.end]
        assert quote.startswith(s.label) and str(s.score) in quote
    themes = [s.theme for s in doc.sections if s.role == "theme"]
    assert themes == ["Working with people", "Providing support", "Ensuring safety", "Leadership"]
    subsections = {s.heading for s in doc.sections if s.role == "subsection"}
    assert "Timeliness of assessments, care planning and reviews" in subsections
    chunks = chunk_document(doc, parse_settings)
    assert all(doc.text[c.start:c.end] == c.text for c in chunks)


@pytest.mark.parametrize("writer,suffix", [(write_html, ".html"), (write_docx, ".docx")])
def test_headings_and_bullets_become_markdown_lines(writer: Callable[[str, Path], Path], suffix: str,
                                                    tmp_path: Path, parse_settings: Settings) -> None:
    markdown = "# Plan title\n\nIntro paragraph one.\n\n## Priorities\n\n- First priority\n\n- Second one\n"
    doc = parse_file(writer(markdown, tmp_path / f"plan{suffix}"), parse_settings)
    assert doc.text.strip().split("\n\n") == ["# Plan title", "Intro paragraph one.", "## Priorities",
                                          "• First priority", "• Second one"]


def test_html_entities_nested_lists_and_tables(tmp_path: Path, parse_settings: Settings) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><body><h2>Caf&eacute; &amp; support</h2><p>Line one<br>line two</p>"
        "<ul><li>Outer<ul><li>Inner</li></ul></li></ul><table><tr><td>A</td><td>B</td></tr></table>"
        "<!-- hidden comment --><style>p{}</style></body></html>", encoding="utf-8")
    text = parse_file(path, parse_settings).text
    assert text.startswith("## Café & support\n\nLine one\n\nline two")
    assert "• Outer\n\n• Inner" in text and "A | B" in text
    assert "hidden comment" not in text and "p{}" not in text


def test_html_declared_charset(tmp_path: Path, parse_settings: Settings) -> None:
    path = tmp_path / "legacy.html"
    page = "<html><head><meta charset='windows-1252'></head><body><p>Café – “care”</p></body></html>"
    path.write_bytes(page.encode("cp1252"))
    assert parse_file(path, parse_settings).text.strip() == "Café – “care”"
