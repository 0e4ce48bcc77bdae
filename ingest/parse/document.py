"""parse_file: any supported file -> ParsedDocument (stored text, kind, sections, extracted facts)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from assistant.domain.register import CouncilRegister
from assistant.errors import BadInputError
from assistant.models.records import DocumentKind, ParsedDocument, Span
from assistant.settings import Settings
from ingest.parse.assessment import ASSESSED_KINDS, parse_assessment, states_result
from ingest.parse.classify import classify
from ingest.parse.council import find_publisher, find_subject, find_title, visible_lines
from ingest.parse.dates import published
from ingest.parse.lga import parse_analysis
from ingest.parse.lines import Line, mask_markup, split_lines
from ingest.parse.stated_dates import date_in_opening, date_in_source_note, stated_date
from ingest.parse.structure import build_sections
from ingest.read.load import SourceFormat, load_text


def slugify(stem: str, empty: str = "document") -> str:
    """A file name stem as a lower-case ASCII slug ('Derby City (2024)' -> 'derby-city-2024'); `empty` when
    nothing ASCII is left (ingest.doc_ids then adds a hash, so such names never share an id)."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or empty


def _set_published(doc: ParsedDocument, view: str, lines: list[Line], found: tuple[date, Span] | None) -> None:
    """The published date, exact, or (a month or a year alone) kept as the document states it."""
    stated = view[found[1].start:found[1].end] if found else date_in_opening(lines)
    if stated:
        exact, doc.published_as = stated_date(stated)
        doc.published = found[0] if found else exact


def parse_text(
    text: str, *, doc_id: str, source_path: str, source_format: SourceFormat, sha256: str,
    source_url: str | None = None,
) -> ParsedDocument:
    """Parse stored text (already loaded) into a ParsedDocument."""
    register = CouncilRegister.load()
    view = mask_markup(text)  # what is matched: offsets equal the stored text's, comments and tags blanked
    lines = split_lines(view)
    kind = classify(view, lines)
    sections = build_sections(view, lines, cqc=kind == DocumentKind.CQC_ASSESSMENT)
    title = find_title(lines, register)
    head = visible_lines(lines, 12)
    doc = ParsedDocument(
        doc_id=doc_id, title=title, kind=kind, source_path=source_path,
        source_format=source_format,
        sha256=sha256, source_url=source_url, text=text, sections=sections,
    )
    subject = find_subject(title, view, lines, allow_prominent=kind != DocumentKind.LGA_ANALYSIS,
                           register=register)
    if subject is not None:
        doc.council, doc.council_code = subject.name, subject.code
    if kind == DocumentKind.LGA_ANALYSIS:
        doc.statement_analyses, doc.good_practice = parse_analysis(view, lines, sections)
        doc.publisher = find_publisher(text, None)
        _set_published(doc, view, lines, published(view, visible_lines(lines, 40)))
        return doc
    _set_published(doc, view, lines, published(view, head))
    if states_result(kind, view) and subject is not None:
        facts = parse_assessment(view, lines, sections, subject, kind, head, register)
        if facts.scores or facts.overall_rating or facts.overall_percentage is not None:
            facts.narrative_chars = sum(s.end - s.body_start for s in sections if s.quality_statement)
            doc.assessment = facts
            doc.published = facts.published or doc.published
    doc.publisher = "Care Quality Commission" if kind in ASSESSED_KINDS[:2] else find_publisher(view, doc.council)
    return doc


def parse_file(path: Path, settings: Settings) -> ParsedDocument:
    """Read, convert and parse one file; BadInputError/UnsupportedFormatError/TooLargeError name the file."""
    loaded = load_text(path, settings)
    try:
        doc = parse_text(loaded.text, doc_id=slugify(path.stem), source_path=str(path),
                         source_format=loaded.source_format, sha256=loaded.sha256, source_url=loaded.source_url)
    except RecursionError as exc:  # pathological structure; never let it escape as a crash
        raise BadInputError(f"{path.name}: document structure too deeply nested to parse") from exc
    if doc.published is None and doc.published_as is None:  # the document states none: its source note
        noted = date_in_source_note(path)
        if noted:
            exact, as_stated = stated_date(noted)
            doc.published, doc.published_as = exact, as_stated or (None if exact else noted)
    return doc
