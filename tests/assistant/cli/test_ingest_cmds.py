"""CLI `ingest`, `documents`, `remove`, `scores` through Typer's CliRunner on real data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.catalog.documents import Catalog
from assistant.cli import app
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.errors import NotFoundError
from assistant.settings import Settings
from tests.databases import database_env

runner = CliRunner()


def test_scores_json_matches_the_catalog(loaded_settings: Settings) -> None:
    result = runner.invoke(app, ["--data-dir", str(loaded_settings.data_dir), "scores", "--json"],
                           env=database_env(loaded_settings.data_dir))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    catalog = Catalog.open(loaded_settings)
    expected = catalog.council_scores()
    catalog.close()
    assert [r["council"] for r in rows] == [e.council for e in expected] and rows
    for row, want in zip(rows, expected, strict=True):
        assert set(row) == {"council", "overall_rating", "indicative", "published", "scores", "document",
                            "council_code", "overall_percentage", "conflicts"}
        assert row["council_code"] == want.council_code and row["conflicts"] == [
            d.model_dump(mode="json") for d in want.disagreements]
        assert list(row["scores"]) == list(STATEMENT_NAMES)
        assert row["scores"] == want.scores and row["overall_rating"] == want.overall_rating
        assert row["document"] == want.document


def test_scores_for_one_council_by_alias(loaded_settings: Settings) -> None:
    base = ["--data-dir", str(loaded_settings.data_dir), "scores"]
    result = runner.invoke(app, [*base, "--council", "derby", "--json"], env=database_env(loaded_settings.data_dir))
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["council"] == "Derby City Council" and row["overall_rating"] == "Requires improvement"
    table = runner.invoke(app, [*base], env=database_env(loaded_settings.data_dir))
    assert table.exit_code == 0 and "Derby City" in table.stdout and "Safeguarding" in table.stdout


def test_unknown_council_names_the_loaded_ones(loaded_settings: Settings) -> None:
    args = ["--data-dir", str(loaded_settings.data_dir), "scores", "--council", "Atlantis"]
    result = runner.invoke(app, args, env=database_env(loaded_settings.data_dir))
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFoundError)
    assert "Atlantis" in result.exception.message and "Derby City Council" in result.exception.message


def test_documents_lists_the_corpus(loaded_settings: Settings) -> None:
    result = runner.invoke(app, ["--data-dir", str(loaded_settings.data_dir), "documents", "--json"],
                           env=database_env(loaded_settings.data_dir))
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 5 and all(r["chunk_count"] > 0 for r in records)
    table = runner.invoke(app, ["--data-dir", str(loaded_settings.data_dir), "documents"],
                          env=database_env(loaded_settings.data_dir))
    assert "5 documents" in table.stdout


def test_ingest_reports_failures_then_remove(
    make_settings: Callable[..., Settings], corpus_dir: Path, tmp_path: Path
) -> None:
    data_dir = make_settings().data_dir
    folder = tmp_path / "in"
    folder.mkdir()
    source = (corpus_dir / "leicestershire-scrutiny-assurance-report-2023.txt").read_text(encoding="utf-8")
    (folder / "scrutiny-extract.txt").write_text(source[: source.rfind("\n\n", 0, 2000)], "utf-8")
    (folder / "empty.md").write_text("", "utf-8")
    base = ["--data-dir", str(data_dir)]
    result = runner.invoke(app, [*base, "ingest", str(folder)], terminal_width=200, env=database_env(data_dir))
    assert result.exit_code == 1
    assert "added" in result.stdout and "failed" in result.stdout
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error_lines == ["error: empty.md: empty file"]
    again = runner.invoke(app, [*base, "ingest", "--json", str(folder / "scrutiny-extract.txt")],
                          env=database_env(data_dir))
    assert again.exit_code == 0 and json.loads(again.stdout)[0]["status"] == "unchanged"
    assert runner.invoke(app, [*base, "remove", "scrutiny-extract"], env=database_env(data_dir)).exit_code == 0
    listed = runner.invoke(app, [*base, "documents", "--json"], env=database_env(data_dir))
    assert json.loads(listed.stdout) == []
    missing = runner.invoke(app, [*base, "remove", "scrutiny-extract"], env=database_env(data_dir))
    assert isinstance(missing.exception, NotFoundError)


@pytest.mark.parametrize("command", ["ingest", "documents", "remove", "scores"])
def test_commands_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout
