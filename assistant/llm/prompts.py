"""Prompt templates: files under prompts/ that declare their variables, checked when they are loaded.

Each file starts with a header line ``## variables: a, b`` and uses ``{{a}}`` placeholders in its body.
Loading fails (ConfigurationError) when a placeholder is not declared, a declared variable is never used,
or the declared set differs from what the code supplies, so a broken prompt stops start-up, not a request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError

HEADER = re.compile(r"^##\s*variables:\s*(?P<names>[^\n]*)$")
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")

#: The templates the code renders and the variables it supplies to each.
EXPECTED: dict[str, frozenset[str]] = {
    "system": frozenset(),
    "answer": frozenset({"question", "sources"}),
    "rewrite": frozenset({"history", "question"}),
    "suggest": frozenset({"council", "statement", "shortfall", "sources"}),
}


def default_prompts_dir() -> Path:
    """The prompts/ folder at the project root."""
    return Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class PromptTemplate:
    """One validated template: its name, body and declared variables."""

    name: str
    body: str
    variables: frozenset[str]
    path: Path

    def render(self, values: Mapping[str, str]) -> str:
        """Fill every placeholder; a missing or unexpected variable raises ConfigurationError."""
        problem = describe_mismatch(self.variables, set(values), noun="")
        if problem:
            raise ConfigurationError(f"prompt {self.name!r} rendered with {problem}")
        return PLACEHOLDER.sub(lambda m: values[m.group("name")], self.body)


def describe_mismatch(expected: Set[str], given: Set[str], *, noun: str) -> str:
    """'missing …; unknown …' for two variable sets, or '' when they are equal."""
    parts = []
    if missing := expected - given:
        parts.append(f"missing {noun}" + ", ".join(sorted(missing)))
    if unknown := given - expected:
        parts.append(f"unknown {noun}" + ", ".join(sorted(unknown)))
    return "; ".join(parts)


@dataclass(frozen=True)
class PromptSet:
    """The four prompts the LLM layer uses."""

    system: PromptTemplate
    answer: PromptTemplate
    rewrite: PromptTemplate
    suggest: PromptTemplate


def parse_template(name: str, text: str, path: Path) -> PromptTemplate:
    """Parse and check one template file's text."""
    first, _, body = text.partition("\n")
    header = HEADER.match(first.strip())
    if header is None:
        raise ConfigurationError(f"prompt {path}: first line must be '## variables: name, ...'")
    declared_list = [n.strip() for n in header.group("names").split(",") if n.strip()]
    bad = [n for n in declared_list if not NAME.match(n)]
    if bad:
        raise ConfigurationError(f"prompt {path}: invalid variable name(s) {', '.join(bad)}")
    if len(set(declared_list)) != len(declared_list):
        raise ConfigurationError(f"prompt {path}: a variable is declared twice")
    declared = frozenset(declared_list)
    used = {m.group("name") for m in PLACEHOLDER.finditer(body)}
    undeclared = used - declared
    if undeclared:
        raise ConfigurationError(f"prompt {path}: unknown variable(s) {', '.join(sorted(undeclared))}")
    unused = declared - used
    if unused:
        names = ", ".join(sorted(unused))
        raise ConfigurationError(f"prompt {path}: declared but unused variable(s) {names}")
    leftover = PLACEHOLDER.sub("", body)
    if "{{" in leftover or "}}" in leftover:
        raise ConfigurationError(f"prompt {path}: unbalanced '{{{{' or '}}}}'")
    if not body.strip():
        raise ConfigurationError(f"prompt {path}: empty template")
    return PromptTemplate(name=name, body=body.strip("\n") + "\n", variables=declared, path=path)


def load_template(directory: Path, name: str) -> PromptTemplate:
    """Load ``<directory>/<name>.txt`` and check it declares exactly the variables the code supplies."""
    path = directory / f"{name}.txt"
    if not path.is_file():
        raise ConfigurationError(f"prompt file missing: {path}")
    template = parse_template(name, path.read_text(encoding="utf-8"), path)
    expected = EXPECTED[name]
    problem = describe_mismatch(expected, template.variables, noun="variable(s) ")
    if problem:
        raise ConfigurationError(f"prompt {path}: {problem}")
    return template


def load_prompts(directory: Path | None = None) -> PromptSet:
    """Load and validate all four prompt templates (raises ConfigurationError on the first problem)."""
    folder = directory or default_prompts_dir()
    return PromptSet(**{name: load_template(folder, name) for name in EXPECTED})
