"""Real-world files: a browser-saved page, legacy encodings, markup noise in text, PDF tables, encryption."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.database import Database
from assistant.catalog.documents import Catalog
from assistant.errors import BadInputError
from assistant.settings import Settings
from ingest.chunk import chunk_document
from ingest.parse.document import parse_file
from ingest.read.load import load_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "read"
PAGE = FIXTURES / "browser-saved-assessment.html"
SCORES = [3, 2, 3, 3, 4, 2, 3, 3, 2]
STATEMENTS = ["Assessing needs", "Supporting people to live healthier lives", "Equity in experience and outcomes",
              "Care provision, integration and continuity", "Partnerships and communities",
              "Safe pathways, systems and transitions", "Safeguarding", "Governance, management and sustainability",
              "Learning, improvement and innovation"]


def test_browser_saved_page_keeps_the_article_and_drops_the_furniture(parse_settings: Settings) -> None:
    doc = parse_file(PAGE, parse_settings)
    text = doc.text
    for kept in ("# Northbridge Borough Council: local authority assessment", "### Assessing needs\n\nScore: 3",
                 "Score: 4\n\n4 - Evidence shows an exceptional standard", "staff were kind, patient and knowledgeable",
                 "• short breaks were available at two new sites;",
                 "Quality statement | Score\nAssessing needs | 3\nSupporting people to live healthier lives | 2"):
        assert kept in text
    for dropped in ("Cookies on this website", "Accept additional cookies", "Find a service", "Search this site",
                    "Skip to main content", "Care services", "Related content", "Crown copyright", "Accessibility",
                    "dataLayer", "font-family", "Enable JavaScript", "Draft text", "Old banner", "Print this page",
                    "hidden metadata", "Regulator site"):
        assert dropped not in text, dropped
    assert doc.source_url == "https://www.example.org.uk/care-services/local-authority-assessments/northbridge"
    assert doc.title == "Northbridge Borough Council: local authority assessment"
    assert doc.assessment is not None and doc.council == "Northbridge Borough Council"
    assert doc.assessment.overall_rating == "Good"
    assert [s.score for s in doc.assessment.scores] == SCORES
    assert doc.assessment.conflicts == []


def test_source_url_reaches_the_catalog_record(database: Database, parse_settings: Settings) -> None:
    doc = parse_file(PAGE, parse_settings)
    catalog = Catalog(database)
    try:
        catalog.replace_document(doc, chunk_document(doc, parse_settings))
        assert catalog.document(doc.doc_id).source_url == doc.source_url
        assert catalog.parsed(doc.doc_id).source_url == doc.source_url
    finally:
        catalog.close()


def test_page_without_main_drops_header_and_footer_and_reads_og_url(tmp_path: Path, parse_settings: Settings) -> None:
    page = ("<!doctype html><html><head><meta property='og:url' content='https://example.org/plan'>"
            "<script src='a.js'></script></head><body><header><a href='/'>Home</a> <a href='/news'>News</a></header>"
            "<div class='content'><h1>Adult social care plan</h1><p>We will cut waiting times.</p>"
            "<table><tr><td><h2>Priorities</h2><p>Carers first.</p></td><td><p>Prevention.</p></td></tr></table>"
            "</div><footer><p>Contact us</p></footer></body></html>")
    (tmp_path / "plan.htm").write_text(page, encoding="utf-8")
    loaded = load_text(tmp_path / "plan.htm", parse_settings)
    assert loaded.text == ("# Adult social care plan\n\nWe will cut waiting times.\n\n## Priorities\n\nCarers first."
                           "\n\nPrevention.\n")
    assert loaded.source_url == "https://example.org/plan"


def test_hidden_tab_panels_and_accordion_sections_are_read_but_hidden_drafts_are_not(
        tmp_path: Path, parse_settings: Settings) -> None:
    page = ("<!doctype html><html><head><title>t</title></head><body><main><h1>Report</h1>"
            "<ul><li><a href='#one'>One</a></li><li><a href='#two'>Two</a></li></ul>"
            "<div id='one' class='govuk-tabs__panel'><p>First panel.</p></div>"
            "<div id='two' class='govuk-tabs__panel govuk-tabs__panel--hidden' hidden><p>Second panel.</p></div>"
            "<div class='govuk-accordion__section-content' hidden><p>Closed section.</p></div>"
            "<div role='tabpanel' style='display:none'><p>Inactive pane.</p></div>"
            "<div class='tab-pane' aria-hidden='true'><p>Old-style pane.</p></div><span aria-hidden='true'>*</span>"
            "<div hidden><p>Draft text.</p></div><div style='display: none'>Old banner</div></main></body></html>")
    (tmp_path / "tabs.html").write_text(page, encoding="utf-8")
    text = load_text(tmp_path / "tabs.html", parse_settings).text
    for kept in ("First panel.", "Second panel.", "Closed section.", "Inactive pane.", "Old-style pane."):
        assert kept in text
    assert "Draft text" not in text and "Old banner" not in text and "*" not in text


def test_legacy_and_wide_encodings(tmp_path: Path, parse_settings: Settings) -> None:
    body = ("Adult social care budget\n\nThe council spent £3.2m – “more than planned” – on home care.\n"
            "It’s a 5% rise on 2023–24.\n")
    cases = {"cp1252.txt": body.encode("cp1252"), "bom.md": b"\xef\xbb\xbf" + body.encode("utf-8"),
             "plain.txt": body.encode("utf-8"), "wide.txt": body.encode("utf-16"),
             "crlf.txt": body.replace("\n", "\r\n").encode("cp1252")}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert load_text(tmp_path / name, parse_settings).text == body, name
    page = "<html><body><p>Spend: £3.2m – “planned”</p></body></html>"
    (tmp_path / "legacy.html").write_bytes(page.encode("cp1252"))
    assert load_text(tmp_path / "legacy.html", parse_settings).text == "Spend: £3.2m – “planned”\n"


def test_binary_files_are_still_refused(tmp_path: Path, parse_settings: Settings) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    for name in ("image.txt", "image.html", "image.md"):
        (tmp_path / name).write_bytes(png)
        with pytest.raises(BadInputError, match="binary"):
            load_text(tmp_path / name, parse_settings)
    (tmp_path / "notes.html").write_text("Just a sentence, no markup at all.\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="not an HTML document"):
        load_text(tmp_path / "notes.html", parse_settings)


def test_markdown_comments_and_stray_tags_are_not_content(tmp_path: Path, parse_settings: Settings) -> None:
    md = ("<!-- source: https://news.example.org/articles/care-rating (copy of a news article) -->\n"
          "<!-- partial -->\n\n"
          "# Council rated good for adult social care\n\n"
          "The council was rated <span class=\"hl\">good</span> by the regulator.<br>Its score was 72.\n\n"
          "<!-- excerpt continues; cut here -->\n"
          "Waiting lists for assessments fell from 600 to <b>140</b>.\n")
    (tmp_path / "news.md").write_text(md, encoding="utf-8")
    doc = parse_file(tmp_path / "news.md", parse_settings)
    assert doc.source_url == "https://news.example.org/articles/care-rating"
    assert doc.title == "Council rated good for adult social care"
    assert "<" not in doc.text and "partial" not in doc.text and "source:" not in doc.text
    assert "rated good by the regulator.\nIts score was 72." in doc.text
    assert "Waiting lists for assessments fell from 600 to 140." in doc.text
    (tmp_path / "copy.txt").write_text("Scrutiny report\n\nSource: https://example.org/scrutiny/2024.\n\nText.\n",
                                       encoding="utf-8")
    loaded = load_text(tmp_path / "copy.txt", parse_settings)
    assert loaded.source_url == "https://example.org/scrutiny/2024"
    assert "Source: https://example.org/scrutiny/2024." in loaded.text  # a visible line stays content


def write_score_table_pdf(path: Path) -> Path:
    """A CQC-style report whose only scores sit in a ruled table with a narrow, wrapping statement column."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [Paragraph("Westbrook City Council: local authority assessment", styles["Heading1"]),
             Paragraph("Assessment published: 4 February 2025", styles["BodyText"]),
             Paragraph("Overall summary", styles["Heading2"]),
             Paragraph("Local authority rating and score", styles["Heading3"]),
             Paragraph("Westbrook City Council", styles["BodyText"]),
             Paragraph("Good", styles["BodyText"]),
             Paragraph("Quality statement scores", styles["Heading3"])]
    rows = [[Paragraph("Quality statement", styles["BodyText"]), "Score"]]
    rows += [[Paragraph(name, styles["BodyText"]), str(score)] for name, score in zip(STATEMENTS, SCORES, strict=True)]
    table = Table(rows, colWidths=[120, 50])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Paragraph("Summary of people's experiences", styles["Heading2"]),
              Paragraph("People said the local authority listened to them and acted on what they said. "
                        "Evidence shows a good standard across most of the quality statements.", styles["BodyText"])]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_pdf_score_table_keeps_wrapped_statements_with_their_scores(tmp_path: Path, parse_settings: Settings
                                                                   ) -> None:
    doc = parse_file(write_score_table_pdf(tmp_path / "westbrook.pdf"), parse_settings)
    for name, score in zip(STATEMENTS, SCORES, strict=True):
        assert f"\n{name} | {score}\n" in doc.text, name
    assert doc.assessment is not None and doc.council == "Westbrook City Council"
    assert [s.score for s in doc.assessment.scores] == SCORES
    assert "# Westbrook City Council: local authority assessment" in doc.text


def test_encrypted_pdf_is_reported_as_encrypted(tmp_path: Path, parse_settings: Settings) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    for name, user in (("locked.pdf", "secret"), ("owner-only.pdf", "")):
        pdf = canvas.Canvas(str(tmp_path / name),
                            encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="owner", strength=128))
        pdf.drawString(72, 720, "Adult social care scrutiny report for the committee.")
        pdf.save()
    with pytest.raises(BadInputError, match="encrypted PDF") as info:
        parse_file(tmp_path / "locked.pdf", parse_settings)
    assert "locked.pdf" in str(info.value) and "corrupt" not in str(info.value)
    assert "scrutiny report" in load_text(tmp_path / "owner-only.pdf", parse_settings).text
