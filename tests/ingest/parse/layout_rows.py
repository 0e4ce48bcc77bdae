"""The catalog row a parsed layout fixture produces, in the shape of the fixtures' expected.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.models.records import DocumentKind, ParsedDocument
from assistant.settings import Settings
from ingest.parse.document import parse_file

FIELDS = ("kind", "council_name", "council_code", "title", "published", "rating", "overall_percent", "scores")
_KIND_NAMES = {DocumentKind.CQC_ASSESSMENT: "cqc_report", DocumentKind.COUNCIL_DOCUMENT: "other"}


def row_of(doc: ParsedDocument) -> dict[str, Any]:
    """kind, council, title, published, rating, percentage and scores as expected.json states them."""
    a = doc.assessment
    return {
        "kind": _KIND_NAMES.get(doc.kind, doc.kind.value),
        "council_name": doc.council,
        "council_code": doc.council_code,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "rating": a.overall_rating if a else None,
        "overall_percent": a.overall_percentage if a else None,
        "scores": {s.statement: s.score for s in a.scores} if a else {},
    }


def differences(folder: Path, expected: dict[str, Any], settings: Settings) -> dict[str, tuple[Any, Any]]:
    """Field -> (expected, got) for every field of one fixture that differs."""
    got = row_of(parse_file(folder / expected["file"], settings))
    return {f: (expected.get(f), got[f]) for f in FIELDS if expected.get(f) != got[f]}


def stated_values(expected: dict[str, Any]) -> int:
    """How many values a fixture states (kind, council, title, published, rating, percent, each score)."""
    return 6 + (expected.get("overall_percent") is not None) + len(expected.get("scores") or {})
