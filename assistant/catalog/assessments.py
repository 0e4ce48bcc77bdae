"""Reading the assessments: each document's parsed assessment, merged per council (`merge`).

A document's parsed form is stored as one JSON text (sections included, five times the assessment's size);
the database extracts the assessment from it (`json_text`), so Python parses only the assessment, straight
into the model (`model_validate_json`): at 305 reports a third of the time of parsing every whole document.
"""

from __future__ import annotations

from sqlalchemy import func, literal, select

from assistant.catalog import tables as t
from assistant.catalog.database import Database
from assistant.catalog.dialect import json_text
from assistant.catalog.merge import Stated, merge
from assistant.models.records import Assessment, Disagreement, DocumentKind

Merged = tuple[str, Assessment, list[Disagreement], str]  # leading doc_id, merged facts, disagreements, title


def merged_assessments(database: Database, council: str | None) -> list[Merged]:
    """Per council (or the one named): leading doc_id, merged assessment, disagreements, leading title."""
    a, d = t.assessments, t.documents
    with database.read() as conn:
        stmt = (select(a.c.doc_id, a.c.council, d.c.title, d.c.kind,
                       json_text(conn, d.c.parsed_json, "assessment").label("assessment"))
                .join(d, a.c.doc_id == d.c.doc_id)
                .order_by(a.c.council, a.c.published.is_(None), a.c.published.desc(), a.c.doc_id))
        if council:
            stmt = stmt.where(func.lower(a.c.council) == func.lower(literal(council)))
        rows = list(conn.execute(stmt).mappings())
    groups: dict[str, list[Stated]] = {}
    titles: dict[str, str] = {}
    for row in rows:
        groups.setdefault(row["council"], []).append(
            Stated(row["doc_id"], DocumentKind(row["kind"]),  # the assessment exactly as parsed
                   Assessment.model_validate_json(row["assessment"])))
        titles[row["doc_id"]] = row["title"]
    merged = [found for stated in groups.values() if (found := merge(stated)) is not None]
    return [(*found, titles[found[0]]) for found in merged]
