"""Pieces of an improvement plan drawn from the text itself: whether a sentence defines a term rather than
describing a practice, whether a shortfall carries a figure, and a draft action derived from the shortfall
sentence (its own backlog, gap or missing arrangement), the good practice that matches it and a peer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "A section 42 enquiry is where...", "DoLS are the...", "X means...", "X refers to..."
_DEFINITION = re.compile(
    r"^(?:(?:A|An|The)\s+)?[\w ()'’/-]{2,60}?\s+(?:is|are)\s+(?:a|an|the|where|when|used|defined)\b"
    r"|\b(?:means|refers to|is defined as|stands for)\b",
    re.I,
)
_PRACTICE = re.compile(
    r"\b(?:had|has|have|was|were|used|uses|worked|works|introduced|developed|set up|established|ran|runs|"
    r"targeted|held|provided|offered|reduced|created|commissioned|delivered|in place)\b",
    re.I,
)
FIGURE = re.compile(r"\d[\d,.]*\s?(?:%|per ?cent)|£\s?\d|\b\d[\d,]*\b(?!\s*/\d)")
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")
BACKLOG = re.compile(
    r"\b(backlogs?|waiting lists?|waits?|delays?|overdue)\b"
    r"(?:\s+(?:in|of|for|to|with)\s+(?!the (?:first|last|autumn|spring|summer|winter)|\d)([^.;:]{3,90}?))?"
    r"(?=[.;:,]|\s+(?:which|where|and|but|this|that|so|by|from|since|during|after|when)\b|$)",
    re.I,
)
_LACK = re.compile(r"\b(?:lack of|no overall|no clear|no|limited|inconsistent)\s+([^.;:,]{6,200})", re.I)
_NOT_ALWAYS = re.compile(r"\b(?:did|do|does|were|was|are|is|had|have)?\s*not (?:always|consistently|yet)\s+", re.I)
_NEEDED = re.compile(
    r"\b(?:further work|more work|work|focus)\s+(?:was|is)?\s*needed\s+(?:which\s+\w+\s+focused\s+on|on|to)?\s*"
    r"([^.;:]{6,300})",
    re.I,
)


def is_definition(text: str) -> bool:
    """Whether a sentence defines a term ('A section 42 enquiry is where...') rather than reporting practice."""
    return _DEFINITION.search(text) is not None


def is_practice(text: str) -> bool:
    """Whether a sentence reports something a council did or has (a concrete practice), not a definition."""
    return not is_definition(text) and _PRACTICE.search(text) is not None


def figure_of(text: str) -> str | None:
    """The first figure that measures something (a share, a sum or a count of ten or more; years and
    small ordinals like 'the first 4 months' aside), as written."""
    for m in FIGURE.finditer(_YEAR.sub(" ", text)):
        shown = m.group(0).strip()
        digits = shown.replace(",", "").rstrip("%").strip("£ ")
        if "%" in shown or "£" in shown or "cent" in shown or (digits.isdigit() and int(digits) >= 10):
            return shown
    return None


def _clause(text: str, words: int = 14) -> str:
    kept = re.sub(r"\s+", " ", text).strip(" ,.;:").split(" ")
    return " ".join(kept[:words]) + (" …" if len(kept) > words else "")


def derive_action(
    shortfall: str, practice: Sequence[tuple[str, int]], peers: Sequence[tuple[str, int]], cite: int
) -> str:
    """A draft action from the shortfall's own words, pointing at matched good practice and peers."""
    text = re.sub(r"\s+", " ", shortfall)
    figure = figure_of(text)
    if (m := BACKLOG.search(text)) is not None:
        noun = m.group(1).lower()
        link = "for" if noun.startswith("wait") else "in"
        what = f"{noun} {link} {_clause(m.group(2))}" if m.group(2) else noun
        lead = f"Reduce the {what}" + (f" (reported as {figure})" if figure else "") + " with a monthly trajectory"
    elif (m := _NEEDED.search(text)) is not None:
        lead = f"Carry out the work needed on {_clause(m.group(1))}"
    elif (m := _LACK.search(text)) is not None:
        lead = f"Put in place {_clause(m.group(1))}"
    elif (m := _NOT_ALWAYS.search(text)) is not None:
        clause = re.split(r"(?<=[,;])\s+|\s+(?:and|but)\s+", text[m.end():])[0]
        lead = f"Make sure this always happens: {_clause(clause)}"
    else:
        lead = f"Act on this finding: {_clause(text[0].lower() + text[1:])}"
    parts = [lead]
    if practice:
        names = " and ".join(f"{label[0].lower() + label[1:]} [{n}]" for label, n in practice)
        parts.append(f"following what good looks like ({names})")
    if peers:
        parts.append("learning from " + " and ".join(f"{name} [{n}]" for name, n in peers))
    return ", ".join(parts) + f"; set an owner, a measurable target and a review date [{cite}]."
