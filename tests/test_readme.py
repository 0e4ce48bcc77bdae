"""The README stays true: every setting documented, and CI runs the README's test command."""

from pathlib import Path

from assistant.settings import settings_reference

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_configuration_table() -> None:
    missing = [env for env, _, _ in settings_reference() if f"`{env}`" not in README]
    assert not missing, f"README configuration table lacks {missing}"
    stale = [env for env, _, description in settings_reference() if f"| {description} |" not in README]
    assert not stale, f"README describes these settings otherwise than Settings does: {stale}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -c constraints.txt -e '.[dev]' "
        "&& bash scripts/install-test-deps.sh && ruff check . && mypy && pytest "
        "&& pytest --database=postgresql -m 'not browser'"
    )
    assert command in README
    runs = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert runs == [command], runs  # CI runs exactly the README's command


def test_constraints_pin_the_tested_environment() -> None:
    pins = [line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins), pins[:5]
    names = {line.split("==")[0].lower().replace("_", "-") for line in pins}
    assert "cqc-assistant" not in names and {"fastapi", "chromadb", "tiktoken", "fastapi-offline"} <= names
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert "-c constraints.txt" in dockerfile and "--no-deps" in dockerfile


def test_readme_names_the_main_job() -> None:
    assert "pip install -e . && cqc-assistant demo" in README
