"""parse_file: any supported file -> ParsedDocument (stored text, kind, sections, extracted facts)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.errors import BadInputError
from assistant.models.records import DocumentKind, ParsedDocument
from assistant.settings import Settings
from ingest.parse.classify import classify
from ingest.parse.council import find_council, find_publisher, find_title, first_date
from ingest.parse.cqc import parse_assessment
from ingest.parse.lga import parse_analysis
from ingest.parse.lines import split_lines
from ingest.parse.structure import build_sections
from ingest.read.load import SourceFormat, load_text


def slugify(stem: str, empty: str = "document") -> str:
    """A file name stem as a lower-case ASCII slug ('Derby City (2024)' -> 'derby-city-2024'); `empty` when
    nothing ASCII is left (ingest.doc_ids then adds a hash, so such names never share an id)."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or empty


def parse_text(
    text: str, *, doc_id: str, source_path: str, source_format: SourceFormat, sha256: str
) -> ParsedDocument:
    """Parse stored text (already loaded) into a ParsedDocument."""
    lines = split_lines(text)
    kind = classify(text, lines)
    sections = build_sections(text, lines, cqc=kind == DocumentKind.CQC_ASSESSMENT)
    title = find_title(lines)
    doc = ParsedDocument(
        doc_id=doc_id, title=title, kind=kind, source_path=source_path,
        source_format=source_format,
        sha256=sha256, text=text, sections=sections,
    )
    if kind == DocumentKind.CQC_ASSESSMENT:
        assessment = parse_assessment(text, lines, sections)
        doc.assessment = assessment
        doc.council = assessment.council if assessment else find_council(text, lines)
        doc.publisher = "Care Quality Commission"
        doc.published = assessment.published if assessment else None
    elif kind == DocumentKind.LGA_ANALYSIS:
        doc.statement_analyses, doc.good_practice = parse_analysis(text, lines, sections)
        doc.publisher = find_publisher(text, None)
        found = first_date(lines, 40)
        doc.published = found[1] if found else None
    else:
        doc.council = find_council(text, lines)
        doc.publisher = find_publisher(text, doc.council)
        found = first_date(lines)
        doc.published = found[1] if found else None
    return doc


def parse_file(path: Path, settings: Settings) -> ParsedDocument:
    """Read, convert and parse one file; BadInputError/UnsupportedFormatError/TooLargeError name the file."""
    loaded = load_text(path, settings)
    try:
        return parse_text(loaded.text, doc_id=slugify(path.stem), source_path=str(path),
                          source_format=loaded.source_format, sha256=loaded.sha256)
    except RecursionError as exc:  # pathological structure; never let it escape as a crash
        raise BadInputError(f"{path.name}: document structure too deeply nested to parse") from exc
