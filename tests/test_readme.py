"""The README stays true: every setting documented, and CI runs the README's test command."""

from pathlib import Path

from assistant.settings import settings_reference

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_configuration_table() -> None:
    missing = [env for env, _, _ in settings_reference() if f"`{env}`" not in README]
    assert not missing, f"README configuration table lacks {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]' && ruff check . && mypy && pytest"
    )
    assert command in README
    assert command in ci


def test_readme_names_the_main_job() -> None:
    assert "pip install -e . && cqc-assistant demo" in README
