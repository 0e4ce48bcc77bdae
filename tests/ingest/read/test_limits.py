"""Hostile and broken input: zip bombs, time limits, folders with odd entries, missing paths."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from assistant.errors import BadInputError, TooLargeError
from assistant.settings import Settings
from ingest.parse.document import parse_file
from ingest.read.discover import discover, find_files
from ingest.read.load import load_text

_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def write_docx_bomb(path: Path, megabytes: int) -> Path:
    """A small .docx whose word/document.xml inflates to `megabytes` MB of repeated paragraphs."""
    para = b"<w:p><w:r><w:t>Adult social care budget line repeated for padding.</w:t></w:r></w:p>"
    block = para * ((1 << 20) // len(para))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _DOCX_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                      b'wordprocessingml/2006/main"><w:body>')
            for _ in range(megabytes):
                out.write(block)
            out.write(b"</w:body></w:document>")
    return path


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path, parse_settings: Settings) -> None:
    path = write_docx_bomb(tmp_path / "budget.docx", 190)
    assert path.stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(BadInputError, match="decompression bomb") as info:
        parse_file(path, parse_settings)
    assert time.perf_counter() - started < 2.0
    assert "budget.docx" in str(info.value)


def test_docx_ratio_check_catches_a_bomb_under_the_size_cap(tmp_path: Path, parse_settings: Settings) -> None:
    path = write_docx_bomb(tmp_path / "small-bomb.docx", 20)
    with pytest.raises(BadInputError, match="expands"):
        parse_file(path, parse_settings)


def test_html_conversion_time_limit(tmp_path: Path) -> None:
    settings = Settings(ingest={"convert_timeout_s": 0.05})
    (tmp_path / "deep.html").write_text("<html><body>" + "<div><p>Care</p>" * 20000 + "</body></html>",
                                        encoding="utf-8")
    with pytest.raises(BadInputError, match="exceeded"):
        load_text(tmp_path / "deep.html", settings)


def test_html_size_cap(tmp_path: Path) -> None:
    settings = Settings(ingest={"max_file_mb": 0.01})
    (tmp_path / "big.html").write_text("<html><body>" + "<p>Care and support.</p>" * 2000 + "</body></html>",
                                       encoding="utf-8")
    with pytest.raises(TooLargeError, match="MB limit"):
        load_text(tmp_path / "big.html", settings)


def test_missing_path_is_reported_as_missing(tmp_path: Path, parse_settings: Settings) -> None:
    for name in ("no-such-report", "no-such-report.pdf"):
        with pytest.raises(BadInputError, match="no such file or directory") as info:
            parse_file(tmp_path / name, parse_settings)
        assert "unsupported" not in str(info.value)


def test_folder_walk_reports_unsupported_files_and_outside_symlinks(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "assessment.md").write_text("# Report\n", encoding="utf-8")
    (folder / "sub" / "scores.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "README.md").write_text("index\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the catalog\n", encoding="utf-8")
    os.symlink(secret, folder / "passwd.txt")
    os.symlink(tmp_path, folder / "escape")
    os.symlink(folder / "assessment.md", folder / "alias.md")  # inside the folder: read as usual
    found = {f.path.name: f.refusal for f in find_files([folder])}
    assert found["assessment.md"] is None and found["alias.md"] is None
    assert "unsupported file type '.xlsx'" in (found["scores.xlsx"] or "")
    assert "unsupported file type '.jpg'" in (found["photo.jpg"] or "")
    for name in ("passwd.txt", "escape"):
        assert "outside the folder being ingested" in (found[name] or ""), name
    assert "README.md" not in found and ".DS_Store" not in found
    assert [p.name for p in discover([folder])] == ["alias.md", "assessment.md"]


def test_broken_symlink_named_directly(tmp_path: Path, parse_settings: Settings) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    with pytest.raises(BadInputError, match="broken symbolic link"):
        parse_file(tmp_path / "link.txt", parse_settings)
