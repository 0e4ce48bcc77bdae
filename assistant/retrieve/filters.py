"""Retrieval rules: metadata filters and their relaxation, rank fusion, and which score spans to pin.

Kept apart from `assistant.retrieve.retriever` (the search loop) and `assistant.retrieve.index` (the index)
so each stays small.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.councils import aliases_for
from assistant.models.questions import Passage, QuestionAnalysis
from assistant.models.records import Assessment
from assistant.retrieve.bm25 import tokenize


@dataclass
class Filters:
    """Metadata constraints on chunks; empty lists mean no constraint."""

    councils: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def where(self) -> dict[str, Any] | None:
        """The Chroma `where` clause for these filters."""
        parts: list[dict[str, Any]] = []
        for key, values in (("council", self.councils), ("quality_statement", self.statements),
                            ("kind", self.kinds)):
            if len(values) == 1:
                parts.append({key: values[0]})
            elif values:
                parts.append({key: {"$in": list(values)}})
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def store_where(self) -> dict[str, Any] | None:
        """The single most selective condition, for the vector store (the rest is applied after).

        Chroma answers one-field filters much faster than `$and` of several (measured at 33k chunks:
        ~80 ms against ~200 ms); the retriever post-filters the hits with the full mask anyway.
        """
        for name in ("councils", "kinds", "statements"):
            values: list[str] = getattr(self, name)
            if values:
                return Filters(**{name: values}).where()
        return None

    def relaxations(self) -> list[Filters]:
        """These filters, then without statement, then without kind, then without council."""
        steps = [self]
        current = self
        for drop in ("statements", "kinds", "councils"):
            if getattr(current, drop):
                current = Filters(**{**current.__dict__, drop: []})
                steps.append(current)
        return steps


def infer_filters(analysis: QuestionAnalysis | None) -> Filters:
    """Metadata filters implied by what the question names."""
    if analysis is None:
        return Filters()
    return Filters(councils=list(analysis.councils), statements=list(analysis.statements),
                   kinds=[str(k) for k in analysis.doc_kinds])


def rrf(ranks: Sequence[int | None], weights: Sequence[float], k: int) -> float:
    """Reciprocal rank fusion of 1-based ranks (None = not retrieved by that ranker)."""
    return sum(w / (k + r) for r, w in zip(ranks, weights, strict=True) if r is not None)

ABOUT_SCORES = re.compile(
    r"\b(scor\w*|rat(ed|ing|ings)|did (better|worse)|do(es)? (better|worse)|perform\w*)\b", re.I)
_LOWER = re.compile(r"\b(lower|worse|less|below|weaker|behind)\b.*\bthan\b", re.I)
_HIGHER = re.compile(r"\b(higher|better|more|above|stronger|ahead)\b.*\bthan\b", re.I)


def directional_statements(question: str, first: Assessment, second: Assessment) -> list[str]:
    """For "where did A score lower/higher than B": the statements where that holds, else the ties."""
    if _LOWER.search(question):
        sign = -1
    elif _HIGHER.search(question):
        sign = 1
    else:
        return []
    a_scores = {s.statement: s.score for s in first.scores}
    b_scores = {s.statement: s.score for s in second.scores}
    common = [st for st in a_scores if st in b_scores]
    strict = [st for st in common if sign * (a_scores[st] - b_scores[st]) > 0]
    return strict or [st for st in common if a_scores[st] == b_scores[st]]


def name_words(councils: Sequence[str]) -> set[str]:
    """Index terms of councils' names and aliases."""
    return {t for c in councils for alias in aliases_for(c) for t in tokenize(alias)}


def interleave(items: list[int], groups: list[str]) -> list[int]:
    """Round-robin over groups (in order of each group's best item), keeping order within a group."""
    by_group: dict[str, list[int]] = {}
    for item, group in zip(items, groups, strict=True):
        by_group.setdefault(group, []).append(item)
    return [i for row in itertools.zip_longest(*by_group.values()) for i in row if i is not None]


def own_councils(passages: list[Passage], analysis: QuestionAnalysis) -> list[Passage]:
    """Passages of the councils the question names (or of none): the retriever widens past a council whose
    documents are few, but another council's passage is never evidence about the one asked."""
    named = set(analysis.councils) - set(analysis.unknown_councils)
    return [p for p in passages if not named or not p.council or p.council in named]
