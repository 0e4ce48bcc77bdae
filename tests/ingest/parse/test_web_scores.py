"""The web corpus beside the sample corpus: the score table states exactly what corpus-web/scores.json records.

The documents are parsed and stored in a real catalog (no embedding: the score table comes from the
catalog alone), then the table is compared cell by cell: every stated rating and score exact, no value
where the files state none, every document's council a real council.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.catalog.database import Database
from assistant.catalog.documents import Catalog
from assistant.domain.register import CouncilRegister
from assistant.models.records import CouncilScores, ParsedDocument
from assistant.settings import Settings
from ingest.parse.document import parse_file
from tests.databases import url_for

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "corpus-web"


def _files() -> list[Path]:
    skip = {"README.md", "SOURCES.md"}
    return sorted(p for folder in (ROOT / "corpus", WEB) for p in folder.rglob("*")
                  if p.suffix in (".md", ".txt") and p.name not in skip)


@pytest.fixture(scope="module")
def web_docs(parse_settings: Settings) -> list[ParsedDocument]:
    return [parse_file(p, parse_settings) for p in _files()]


@pytest.fixture(scope="module")
def table(web_docs: list[ParsedDocument], tmp_path_factory: pytest.TempPathFactory) -> dict[str, CouncilScores]:
    catalog = Catalog(Database.open(url_for(tmp_path_factory.mktemp("web"))))
    for doc in web_docs:
        catalog.replace_document(doc, [])
    rows = {r.council: r for r in catalog.council_scores()}
    catalog.close()
    return rows


def test_every_stated_value_is_exact(table: dict[str, CouncilScores]) -> None:
    expected: list[dict[str, Any]] = json.loads((WEB / "scores.json").read_text(encoding="utf-8"))
    wrong: list[str] = []
    stated = 0
    for e in expected:
        row = table.get(e["council"])
        cells = {"overall": e["overall"], **e["scores"]}
        for name, value in cells.items():
            got = (row.overall_rating if name == "overall" else row.scores.get(name)) if row else None
            stated += value is not None
            if got != value:
                wrong.append(f"{e['council']} {name}: expected {value}, got {got}")
    assert stated == 72
    assert wrong == []


def test_documents_name_only_real_councils(web_docs: list[ParsedDocument]) -> None:
    register = CouncilRegister.load()
    official = {c.name: c.gss_code for c in register.all()}
    for doc in web_docs:
        if doc.council is not None:
            assert official.get(doc.council) == doc.council_code, (doc.doc_id, doc.council)


def test_a_passing_mention_is_not_the_subject(web_docs: list[ParsedDocument]) -> None:
    by_id = {d.doc_id: d for d in web_docs}
    assert by_id["nottingham"].council == "Nottingham City Council"  # its press release names Suffolk once
    assert by_id["communitycare-pilot-ratings-2023"].council is None  # five councils, none the subject
    assert by_id["lga-what-does-good-look-like"].council is None


def test_values_keep_their_source_kind(web_docs: list[ParsedDocument]) -> None:
    birmingham = next(d for d in web_docs if d.doc_id == "birmingham")
    assert birmingham.assessment is not None
    sources = {s.statement: s.source for s in birmingham.assessment.scores}
    assert sources["Assessing needs"] == "report"  # stated on a report sub-page and in the press release
    assert sources["Safe pathways, systems and transitions"] == "press_release"  # only in the press release
    for s in birmingham.assessment.all_scores:
        assert str(s.score) in birmingham.text[s.start:s.end] or "two" in birmingham.text[s.start:s.end] or (
            "three" in birmingham.text[s.start:s.end])
