"""Fixtures for the parse and chunk tests: real corpus files, parsed once per session."""

from __future__ import annotations

import html
import re
import zlib
from pathlib import Path

import pytest

from assistant.models.records import Chunk, ParsedDocument
from assistant.settings import Settings, load_settings
from ingest.chunk import chunk_document
from ingest.parse.document import parse_file

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DERBY = CORPUS / "derby-city-cqc-assessment-2024.md"
NORTH_LINCS = CORPUS / "north-lincolnshire-cqc-assessment-2023.txt"
LGA = CORPUS / "lga-what-good-looks-like-analysis.txt"
LEICESTER = CORPUS / "leicester-city-self-assessment-2023.txt"
LEICESTERSHIRE = CORPUS / "leicestershire-scrutiny-assurance-report-2023.txt"
ALL_FILES = (DERBY, NORTH_LINCS, LGA, LEICESTER, LEICESTERSHIRE)


@pytest.fixture(scope="session")
def parse_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Default settings with a throwaway data directory."""
    return load_settings(data_dir=tmp_path_factory.mktemp("parse-data"))


@pytest.fixture(scope="session")
def parsed(parse_settings: Settings) -> dict[str, ParsedDocument]:
    """Every corpus file parsed once, by file name."""
    return {p.name: parse_file(p, parse_settings) for p in ALL_FILES}


@pytest.fixture(scope="session")
def chunked(parsed: dict[str, ParsedDocument], parse_settings: Settings) -> dict[str, list[Chunk]]:
    """Every corpus file's chunks, by file name."""
    return {name: chunk_document(doc, parse_settings) for name, doc in parsed.items()}


def sample_report_markdown() -> str:
    """A compact CQC report derived from the Derby sample: every heading, score and rating line, and the
    first sentence of each section's first paragraph (enough structure, small enough for a fast PDF)."""
    out: list[str] = []
    took_paragraph = False
    for raw in DERBY.read_text(encoding="utf-8").split("\n"):
        line = raw.strip()
        if not line:
            continue
        is_structure = (line.startswith("#") or re.match(r"^(Score: \d|\d - Evidence)", line)
                        or line in ("Requires improvement", "Derby City Council") or len(line.split()) <= 9)
        if is_structure and not line.startswith(("- ", "[")) and line != "---":
            out.append(line)
            took_paragraph = False
        elif not took_paragraph and not line.startswith(("- ", "---", "[")):
            sentence = re.split(r"(?<=\.)\s", line, maxsplit=1)[0]
            out.append(sentence)
            took_paragraph = True
    return "\n\n".join(out) + "\n"


# --- renderings of a markdown report as HTML, DOCX and PDF -------------------------------------------


def _blocks(markdown: str) -> list[tuple[str, int, str]]:
    """(kind, heading level, text) for each block: kind is 'h', 'li' or 'p'."""
    out: list[tuple[str, int, str]] = []
    for block in markdown.split("\n\n"):
        line = block.strip()
        if not line:
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            out.append(("h", len(m.group(1)), m.group(2)))
        elif line.startswith(("- ", "• ")):
            out.append(("li", 0, line[2:]))
        else:
            out.append(("p", 0, line))
    return out


def write_html(markdown: str, path: Path) -> Path:
    """HTML with h1-h6, ul/li and p elements."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title>"
             "<style>p{margin:0}</style></head><body><main>"]
    in_list = False
    for kind, level, text in _blocks(markdown):
        if kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        if kind == "h":
            parts.append(f"<h{level}>{html.escape(text)}</h{level}>")
        elif kind == "li":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html.escape(text)}</li>")
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    parts.append("</main></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def write_docx(markdown: str, path: Path) -> Path:
    """DOCX with Heading N styles, List Bullet paragraphs and body paragraphs."""
    import docx

    document = docx.Document()
    for kind, level, text in _blocks(markdown):
        if kind == "h":
            document.add_heading(text, level=min(level, 9))
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_pdf(markdown: str, path: Path) -> Path:
    """PDF laid out with reportlab: headings in heading styles, bullets, wrapped body paragraphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for kind, level, text in _blocks(markdown):
        safe = html.escape(text)
        if kind == "h":
            story.append(Paragraph(safe, styles[f"Heading{min(level, 4)}"]))
        elif kind == "li":
            story.append(Paragraph("• " + safe, styles["BodyText"]))
        else:
            story.append(Paragraph(safe, styles["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def write_bomb_pdf(path: Path, megabytes: int) -> Path:
    """A small PDF whose one content stream inflates to `megabytes` MB of text operators."""
    compressor = zlib.compressobj(1)
    op = b"BT /F1 12 Tf 72 700 Td (Lorem ipsum dolor sit amet) Tj ET\n"
    block = op * ((1 << 20) // len(op))
    stream = b"".join([compressor.compress(block) for _ in range(megabytes)] + [compressor.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
