"""Pieces of an improvement plan drawn from the text itself: whether a sentence defines a term rather than
describing a practice, whether a shortfall carries a figure, and a draft action derived from the shortfall
sentence (its own backlog, gap or missing arrangement), the good practice that matches it and a peer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from assistant.evidence.citations import DocCache
from assistant.evidence.text import tokenize

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
    r"(?:\s+(?:in|of|for|to|with)\s+(?:[\d,]+\s+(?!(?:days?|weeks?|months?|years?|hours?)\b))?"  # "of 410 DoLS ..."
    r"(?!the (?:first|last|autumn|spring|summer|winter)|\d)([^.;:]{3,90}?))?"
    r"(?=[.;:,]|\s+(?:which|where|and|but|this|that|so|by|from|since|during|after|when)\b|$)",
    re.I,
)
TIMELY = re.compile(r"\b(?:timely|timescales?|promptly|without delay|waiting|backlogs?|delays?)\b", re.I)
_LACK = re.compile(r"\b(?:lack of|no overall|no clear|no|limited|inconsistent)\s+([^.;:,]{6,200})", re.I)
_NOT_ALWAYS = re.compile(r"\b(?:did|do|does|were|was|are|is|had|have)?\s*not (?:always|consistently|yet)\s+", re.I)
_NEEDED = re.compile(
    r"\b(?:further work|more work|work|focus)\s+(?:was|is)?\s*needed\s+(?:which\s+\w+\s+focused\s+on|on|to)?\s*"
    r"([^.;:]{6,300})",
    re.I,
)


_NAMED = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+\b")  # "Sarah Milner, ...": a name keeps its capital


def is_definition(text: str) -> bool:
    """Whether a sentence defines a term ('A section 42 enquiry is where...') rather than reporting practice."""
    return _DEFINITION.search(text) is not None


def is_practice(text: str) -> bool:
    """Whether a sentence reports something a council did or has (a concrete practice), not a definition."""
    return not is_definition(text) and _PRACTICE.search(text) is not None


def figure_of(text: str, near: int = 0) -> str | None:
    """The figure nearest to offset `near` that measures something (a share, a sum or a count of ten or
    more; years and small ordinals like 'the first 4 months' aside), as written."""
    found: list[tuple[int, str]] = []
    for m in FIGURE.finditer(_YEAR.sub(" ", text)):
        shown = m.group(0).strip()
        digits = shown.replace(",", "").rstrip("%").strip("£ ")
        if "%" in shown or "£" in shown or "cent" in shown or (digits.isdigit() and int(digits) >= 10):
            found.append((abs(m.start() - near), shown))
    return min(found)[1] if found else None


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
        figure = figure_of(text, m.start())
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
        first = text.split()[0] if text.split() else ""
        head = text[:1] if first[:1].isupper() and (first[1:2].isupper() or _NAMED.match(text)) else text[:1].lower()
        lead = f"Act on this finding: {_clause(head + text[1:])}"
    parts = [lead]
    if practice:
        names = " and ".join(f"{label[0].lower() + label[1:]} [{n}]" for label, n in practice)
        parts.append(f"following what good looks like ({names})")
    if peers:
        parts.append("learning from " + " and ".join(f"{name} [{n}]" for name, n in peers))
    return ", ".join(parts) + f"; set an owner, a measurable target and a review date [{cite}]."


def _terms(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) > 2}


def _similarity(docs: DocCache, a: str, b: str, sub_a: str = "", sub_b: str = "") -> float:
    ta, tb = _terms(a), _terms(b)
    if not ta or not tb:
        return 0.0
    shared = sum(docs.idf(t) for t in ta & tb)
    norm = math.sqrt(sum(docs.idf(t) for t in ta) * sum(docs.idf(t) for t in tb))
    sa, sb = _terms(sub_a), _terms(sub_b)
    bonus = 0.4 if sa and sb and len(sa & sb) / len(sa | sb) >= 0.5 else 0.0
    return shared / norm + bonus


def match_by_meaning(docs: DocCache, left: list[str], right: list[str]) -> list[list[float]]:
    """Similarity of each left text to each right text: meaning (sentence embeddings) blended with terms."""
    lexical = [[_similarity(docs, a, b) for b in right] for a in left]
    if docs.meaning is None or not left or not right:
        return lexical
    dense = docs.meaning.pairwise(left, right)
    return [[0.7 * float(dense[i][j]) + 0.3 * lexical[i][j] for j in range(len(right))] for i in range(len(left))]


def best_unused(scores: list[float], used: set[int], k: int, floor: float) -> list[int]:
    """Indices of the k best scores above floor, unused ones first."""
    order = sorted(range(len(scores)), key=lambda j: (j in used, -scores[j]))
    return [j for j in order if scores[j] >= floor][:k]
