"""Quality statements named loosely: tolerant matching of a phrase to a statement, or to a theme it stands for.

Press releases and news items name statements with small variations ("Partnership and communities",
"Assessing people's needs", "Care provision, integration and continuity of care") or by their theme
("how the local authority works with people"). Matching compares word tokens with rapidfuzz against the
taxonomy's names and variants; a phrase that names only a theme resolves to the theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.domain.taxonomy import STATEMENTS, THEMES, match_statement_heading

CUTOFF = 86.0  # rapidfuzz token ratio a phrase must reach to name a statement
_FILLER = re.compile(
    r"\b(?:quality statement|statement|area|the|of care|people[’']?s|people|their|for|a|an)\b", re.I)
# How CQC's press releases and the framework phrase each theme (the local authority's name may stand in).
_THEME_PHRASES: tuple[tuple[str, str], ...] = (
    (r"works? with people|working with people", THEMES[0]),
    (r"providing support|provides support", THEMES[1]),
    (r"ensur(?:es|ing) safety(?: within| in)?(?: the)?(?: system)?|safety within the system", THEMES[2]),
    (r"leadership", THEMES[3]),
)
_THEME_PREFIX = re.compile(r"^theme\s*(?:\d|one|two|three|four)?\s*[:.\-–]?\s*", re.I)


@dataclass(frozen=True)
class NamedStatement:
    """What a phrase names: a canonical statement, or only a theme (statement None)."""

    statement: str | None
    theme: str | None
    score: float  # 100 for an exact name


def _norm(text: str) -> str:
    text = re.sub(r"[‘’'\"“”*_`]", "", text)
    text = _FILLER.sub(" ", text.lower())
    return " ".join(re.findall(r"[a-z]+", text))


_TARGETS: list[tuple[str, str]] = [(_norm(n), s.name) for s in STATEMENTS
                                   for n in (s.name, *s.variants, *s.document_names)]
# 'QS4', 'QS 4:', 'Quality statement 4 –': the framework's number for a statement (CQC's order, 1-9)
_NUMBERED = re.compile(r"^\s*(?:QS|quality statement)\s*(?P<n>[1-9])\b\s*[:.\-–—]?\s*", re.I)


def theme_named(phrase: str) -> str | None:
    """The theme a phrase names on its own ('how the local authority ensures safety in the system')."""
    rest = _THEME_PREFIX.sub("", phrase.strip(" .:;,-–—*'’‘\"")).strip().lower()
    for pattern, theme in _THEME_PHRASES:
        m = re.search(r"(?:^|\s)(?:" + pattern + r")$", rest)
        # alone, or after 'how <the local authority / a name>' (at most four words)
        if m and (m.start() == 0 or re.fullmatch(r"how(?:\s+[\w’'-]+){1,4}", rest[: m.start()].strip())):
            return theme
    return None


def statement_named(phrase: str) -> NamedStatement | None:
    """The statement (or only the theme) a short phrase names, tolerating small variations; None if neither.

    A framework number ('QS4 Care provision') names its statement unless the words name another one.
    """
    numbered = _NUMBERED.match(phrase)
    if numbered is not None:
        by_number = STATEMENTS[int(numbered.group("n")) - 1].name
        rest = statement_named(phrase[numbered.end():]) if phrase[numbered.end():].strip() else None
        if rest is not None and rest.statement not in (None, by_number):
            return None
        return NamedStatement(by_number, None, 100.0)
    text = re.sub(r"^\s*(?:\d{1,2}[.)]\s*|quality statement\s*\w*\s*[:.\-–]\s*)", "", phrase).strip(" .:;,-–—*")
    if not text or len(text) > 120:
        return None
    inner = re.search(r"\(([^()]{6,})\)", text)  # 'providing support (care provision, ...)'
    if inner:
        found = statement_named(inner.group(1))
        if found is not None and found.statement is not None:
            return found
        text = (text[: inner.start()] + text[inner.end():]).strip()
    exact = match_statement_heading(text)
    if exact is not None:
        return NamedStatement(exact, None, 100.0)
    theme = theme_named(text)
    if theme is not None:
        return NamedStatement(None, theme, 100.0)
    norm = _norm(text)
    if len(norm) < 5:
        return None
    best = max(((fuzz.token_sort_ratio(norm, key), name) for key, name in _TARGETS), default=(0.0, ""))
    if best[0] >= CUTOFF:
        return NamedStatement(best[1], None, float(best[0]))
    return None
