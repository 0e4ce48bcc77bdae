"""Themes a question names, and the statements a theme stands for when a question asks about the theme.

CQC groups the nine quality statements in four themes. "How is X at keeping people safe", "X's leadership
scores" or "X on providing support" ask about a theme: every statement of it, not the one statement whose
topic words happen to overlap ("leadership" is also a topic word of governance).
"""

from __future__ import annotations

import re

from assistant.domain.taxonomy import THEMES, statements_in_theme

_CUES: dict[str, re.Pattern[str]] = {
    "Working with people": re.compile(r"\bwork(?:s|ing)? with people\b"),
    "Providing support": re.compile(r"\bprovid(?:es|ing) support\b"),
    "Ensuring safety": re.compile(
        r"\b(?:ensur\w* safety|safety|keep(?:s|ing)? (?:\w+ ){0,2}safe|protect(?:s|ing)? (?:\w+ ){0,2}from harm)\b"),
    "Leadership": re.compile(r"\b(?:leadership|theme 4)\b"),
}


def detect_themes(text: str) -> list[str]:
    """Themes named in the question, in framework order."""
    low = text.lower()
    return [t for t in THEMES if _CUES[t].search(low)]


def theme_statements(themes: list[str], statements: list[str], named_strong: bool) -> list[str]:
    """The statements of the named themes, when the question names themes and no statement outside them
    outright; otherwise the statements as read."""
    wide = [s for t in themes for s in statements_in_theme(t)]
    if not themes or named_strong or any(s not in wide for s in statements):
        return statements
    return wide


def without_themes(text: str) -> str:
    """The text with the theme words it uses blanked ("leadership", "keeping people safe")."""
    for pattern in _CUES.values():
        text = pattern.sub(" ", text.lower()) if pattern.search(text.lower()) else text
    return text
