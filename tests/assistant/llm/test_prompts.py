"""Prompt templates are validated when loaded, and rendering checks its variables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.llm.prompts import EXPECTED, default_prompts_dir, load_prompts


@pytest.fixture
def prompt_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir(), folder)
    return folder


def test_bundled_prompts_load_and_declare_what_the_code_supplies() -> None:
    prompts = load_prompts()
    assert prompts.answer.variables == EXPECTED["answer"] == {"question", "sources"}
    assert prompts.rewrite.variables == {"history", "question"}
    rendered = prompts.answer.render({"question": "Q?", "sources": "<<<BEGIN SOURCE [1]>>>"})
    assert "Q?" in rendered and "{{" not in rendered


def test_rendering_with_a_missing_or_extra_variable_raises() -> None:
    prompts = load_prompts()
    with pytest.raises(ConfigurationError, match="missing sources"):
        prompts.answer.render({"question": "Q?"})
    with pytest.raises(ConfigurationError, match="unknown extra"):
        prompts.answer.render({"question": "Q?", "sources": "", "extra": "x"})


def test_values_are_not_reinterpreted_as_placeholders() -> None:
    rendered = load_prompts().answer.render({"question": "{{sources}}", "sources": "S"})
    assert "Question: {{sources}}" in rendered


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("{{sources}}", "{{passages}}"), "unknown variable"),
        (lambda t: t.replace("{{sources}}", "sources"), "declared but unused"),
        (lambda t: t.split("\n", 1)[1], "first line must be"),
        (lambda t: t.replace("## variables: question, sources", "## variables: question, sources, extra")
         .replace("Question:", "{{extra}} Question:"), "unknown variable\\(s\\) extra"),
        (lambda t: t.replace("## variables: question, sources", "## variables: question")
         .replace("{{sources}}", ""), "missing variable\\(s\\) sources"),
        (lambda t: t + "\n{{ broken", "unbalanced"),
    ],
)
def test_broken_answer_prompt_fails_at_load(prompt_dir: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    path = prompt_dir / "answer.txt"
    path.write_text(edit(path.read_text()))
    with pytest.raises(ConfigurationError, match=message):
        load_prompts(prompt_dir)


def test_missing_prompt_file_fails_at_load(prompt_dir: Path) -> None:
    (prompt_dir / "suggest.txt").unlink()
    with pytest.raises(ConfigurationError, match="prompt file missing"):
        load_prompts(prompt_dir)
