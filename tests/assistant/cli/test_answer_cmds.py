"""`cqc-assistant ask / chat / suggest / demo` on the ingested sample corpus."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import NotFoundError
from tests.databases import database_env

runner = CliRunner()


def _run(settings: Any, *args: str, stdin: str | None = None) -> Any:
    result = runner.invoke(app, ["--data-dir", str(settings.data_dir), *args], input=stdin,
                           env=database_env(settings.data_dir))
    assert result.exit_code == 0, result.output
    return result


def test_ask_human_output(loaded_settings: Any) -> None:
    out = _run(loaded_settings, "ask", "safeguarding score for Derby").output
    assert "Derby City Council scored 2 - Evidence shows some shortfalls" in out
    assert "Sources:" in out and "[1] Derby City Council: local authority assessment" in out


def test_ask_json(loaded_settings: Any) -> None:
    data = json.loads(
        _run(
            loaded_settings, "ask", "What is North Lincolnshire Council's overall CQC rating?", "--json"
        ).output
    )
    assert data["kind"] == "rating" and data["refused"] is False
    assert data["citations"][0]["quote"] in data["citations"][0]["quote"] and data["analysis"]["councils"]


def test_ask_for_a_home_council(loaded_settings: Any) -> None:
    out = _run(loaded_settings, "ask", "What did we score for safeguarding?", "--council", "North Lincs").output
    assert "North Lincolnshire Council scored 3" in out
    args = ["--data-dir", str(loaded_settings.data_dir), "ask", "Our rating?", "--council", "Atlantis"]
    bad = runner.invoke(app, args, env=database_env(loaded_settings.data_dir))
    assert isinstance(bad.exception, NotFoundError)  # main() prints it as one "error:" line, exit status 1
    assert "'Atlantis' is not among the loaded documents" in bad.exception.message
    assert "Derby City Council" in bad.exception.message


def test_chat_keeps_the_conversation(loaded_settings: Any) -> None:
    out = _run(
        loaded_settings,
        "chat",
        stdin="What was North Lincolnshire's score for safeguarding?\nwhat about Derby?\nexit\n",
    ).output
    assert "North Lincolnshire Council scored 3" in out
    assert "Derby City Council scored 2" in out


def test_chat_exits_on_eof(loaded_settings: Any) -> None:
    _run(loaded_settings, "chat", stdin="")


def test_suggest_formats(loaded_settings: Any) -> None:
    md = _run(loaded_settings, "suggest", "--council", "Derby", "--statement", "safeguarding").output
    assert md.startswith("# Draft improvement plan: Derby City Council — Safeguarding")
    data = json.loads(
        _run(
            loaded_settings,
            "suggest",
            "--council",
            "Derby",
            "--statement",
            "safeguarding",
            "--format",
            "json",
        ).output
    )
    assert data["current_score"] == 2 and data["items"]


def test_demo_is_a_no_op_ingest_when_loaded_and_answers(loaded_settings: Any) -> None:
    out = _run(loaded_settings, "demo").output
    assert "5 unchanged" in out
    assert out.count("Q: ") == 5 and "Sources:" in out
    assert "Requires improvement" in out and "scored higher" in out
