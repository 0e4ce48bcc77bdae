"""Loading files: verbatim text, encodings, and every kind of bad input raising a clear, named error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.errors import BadInputError, TooLargeError, UnsupportedFormatError
from assistant.settings import Settings
from ingest.parse.document import parse_file, slugify
from ingest.read.load import load_text
from ingest.read.text import strip_markup
from tests.ingest.conftest import ALL_FILES, sample_report_markdown, write_bomb_pdf, write_pdf


def _raises(path: Path, settings: Settings, error: type[Exception], *words: str) -> str:
    with pytest.raises(error) as info:
        parse_file(path, settings)
    message = str(info.value)
    assert path.name in message
    for word in words:
        assert word.lower() in message.lower(), message
    return message


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_text_files_stored_verbatim(path: Path, parse_settings: Settings) -> None:
    loaded = load_text(path, parse_settings)
    assert loaded.text == strip_markup(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    assert len(loaded.sha256) == 64


def test_encodings_and_line_endings(tmp_path: Path, parse_settings: Settings) -> None:
    body = "Café report\r\n\r\nScore: 2 – “quoted”\r\n"
    expected = "Café report\n\nScore: 2 – “quoted”\n"
    for name, data in (("bom.txt", b"\xef\xbb\xbf" + body.encode("utf-8")),
                       ("plain.md", body.encode("utf-8")),
                       ("wide.txt", body.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        assert load_text(tmp_path / name, parse_settings).text == expected


def test_doc_id_is_slug_of_stem(tmp_path: Path, parse_settings: Settings) -> None:
    assert slugify("Derby City (2024) Report") == "derby-city-2024-report"
    path = tmp_path / "Some Council Plan.txt"
    path.write_text("SOME COUNCIL PLAN\n\nThis plan says what the council will do next year.\n",
                    encoding="utf-8")
    assert parse_file(path, parse_settings).doc_id == "some-council-plan"


def test_empty_and_whitespace_files(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    _raises(tmp_path / "empty.txt", parse_settings, BadInputError, "empty")
    (tmp_path / "blank.md").write_text(" \n\n\t\n", encoding="utf-8")
    _raises(tmp_path / "blank.md", parse_settings, BadInputError, "empty")


def test_binary_and_undecodable(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    _raises(tmp_path / "image.txt", parse_settings, BadInputError, "binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 report".encode("latin-1"))
    assert load_text(tmp_path / "latin.txt", parse_settings).text == "Caf\xe9 report"


def test_unsupported_extension_and_missing(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "report.xlsx").write_bytes(b"PK\x03\x04")
    _raises(tmp_path / "report.xlsx", parse_settings, UnsupportedFormatError, "unsupported", ".xlsx")
    _raises(tmp_path / "missing.txt", parse_settings, BadInputError, "no such file or directory")


def test_too_large(tmp_path: Path) -> None:
    settings = Settings(ingest={"max_file_mb": 0.001})
    (tmp_path / "big.txt").write_text("Adult social care.\n" * 200, encoding="utf-8")
    _raises(tmp_path / "big.txt", settings, TooLargeError, "MB limit")


def test_html_with_scripts_keeps_its_text(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "script.html").write_text(
        "<html><body><h1>Report</h1><p>Text</p><script>alert(1)</script></body></html>", encoding="utf-8")
    assert parse_file(tmp_path / "script.html", parse_settings).text == "# Report\n\nText\n"
    (tmp_path / "handler.htm").write_text(
        "<html><body><h1>Report</h1><img src=x onerror=\"alert(1)\"><p>Text</p></body></html>",
        encoding="utf-8")
    assert parse_file(tmp_path / "handler.htm", parse_settings).text == "# Report\n\nText\n"


def test_html_and_docx_without_text(tmp_path: Path, parse_settings: Settings) -> None:
    blank = "<html><head><title>T</title></head><body><div> </div></body></html>"
    (tmp_path / "blank.html").write_text(blank, encoding="utf-8")
    _raises(tmp_path / "blank.html", parse_settings, BadInputError, "empty")
    import docx

    docx.Document().save(str(tmp_path / "blank.docx"))
    _raises(tmp_path / "blank.docx", parse_settings, BadInputError, "empty")


def test_corrupt_docx(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "broken.docx").write_bytes(b"this is not a zip archive at all")
    _raises(tmp_path / "broken.docx", parse_settings, BadInputError, "corrupt")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    (tmp_path / "other.docx").write_bytes(buffer.getvalue())
    _raises(tmp_path / "other.docx", parse_settings, BadInputError, "not a word document")


def test_corrupt_pdf(tmp_path: Path, parse_settings: Settings) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage" * 3)
    _raises(tmp_path / "broken.pdf", parse_settings, BadInputError, "pdf")
    (tmp_path / "notpdf.pdf").write_bytes(b"Just some words, not a PDF at all.")
    _raises(tmp_path / "notpdf.pdf", parse_settings, BadInputError, "pdf")


def test_pdf_page_limit(tmp_path: Path) -> None:
    settings = Settings(ingest={"max_pdf_pages": 1})
    path = write_pdf(sample_report_markdown(), tmp_path / "long.pdf")
    _raises(path, settings, TooLargeError, "page limit")


def test_pdf_decompression_bomb_hits_time_limit(tmp_path: Path) -> None:
    settings = Settings(ingest={"pdf_timeout_s": 1.0})
    path = write_bomb_pdf(tmp_path / "bomb.pdf", 30)
    assert path.stat().st_size < 400_000  # small file, ~30 MB of content once inflated
    _raises(path, settings, BadInputError, "exceeded", "decompression bomb")


def test_pdf_decompression_bomb_hits_memory_limit(tmp_path: Path) -> None:
    settings = Settings(ingest={"pdf_memory_mb": 80, "pdf_timeout_s": 20})
    path = write_bomb_pdf(tmp_path / "bomb.pdf", 30)
    _raises(path, settings, BadInputError, "memory", "decompression bomb")
