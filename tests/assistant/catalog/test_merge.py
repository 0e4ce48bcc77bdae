"""A council's facts from several documents: the report's value preferred, the others kept as disagreements."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.database import Database
from assistant.catalog.documents import Catalog
from assistant.models.records import ParsedDocument
from assistant.settings import load_settings
from ingest.parse.document import parse_file

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


@pytest.fixture(scope="module")
def lambeth(tmp_path_factory: pytest.TempPathFactory) -> tuple[ParsedDocument, ParsedDocument]:
    settings = load_settings(data_dir=tmp_path_factory.mktemp("merge"))
    return (parse_file(LAYOUTS / "lambeth-report.md", settings),
            parse_file(LAYOUTS / "lambeth-press-release.md", settings))


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["report first", "press release first"])
def test_report_preferred_and_disagreement_kept(lambeth: tuple[ParsedDocument, ParsedDocument],
                                                order: tuple[int, int], database: Database) -> None:
    catalog = Catalog(database)
    for i in order:
        catalog.replace_document(lambeth[i], [])
    [row] = catalog.council_scores()
    assert row.council == "London Borough of Lambeth" and row.council_code == "E09000022"
    assert row.document == "lambeth-report" and row.scores["Safeguarding"] == 2
    assert row.overall_rating == "Requires improvement" and row.overall_percentage == 56
    [disagreement] = row.disagreements
    assert disagreement.field == "Safeguarding"
    assert disagreement.preferred.doc_id == "lambeth-report" and disagreement.preferred.value == 2
    assert [(o.doc_id, o.source, o.value) for o in disagreement.others] == [
        ("lambeth-press-release", "press_release", 3)]
    found = catalog.assessment("London Borough of Lambeth")
    assert found is not None
    doc_id, merged = found
    conflict = next(c for c in merged.conflicts if c.statement == "Safeguarding")
    assert [(s.doc_id, s.score) for s in conflict.scores] == [("lambeth-report", 2), ("lambeth-press-release", 3)]
    for s in conflict.scores:  # each span indexes its own document's text
        assert str(s.score) in catalog.document_text(s.doc_id or doc_id)[s.start:s.end]
    catalog.close()


def test_press_release_alone_counts_labelled(lambeth: tuple[ParsedDocument, ParsedDocument],
                                             database: Database) -> None:
    catalog = Catalog(database)
    catalog.replace_document(lambeth[1], [])
    [row] = catalog.council_scores()
    assert row.scores["Safeguarding"] == 3 and row.disagreements == []
    found = catalog.assessment("London Borough of Lambeth")
    assert found is not None and {s.source for s in found[1].scores} == {"press_release"}
    catalog.close()
