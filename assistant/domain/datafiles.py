"""Reading the shipped data files of ``assistant/domain/data/`` (the register, towns, synonyms, other places)."""

from __future__ import annotations

from importlib import resources


def data_text(name: str) -> str:
    """A data file's whole text."""
    return resources.files("assistant.domain").joinpath("data", name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """A data file's lines without comments ('#' to the end of the line) or blank lines."""
    return [s for line in data_text(name).splitlines() if (s := line.split("#", 1)[0].strip())]
