"""Question kind by meaning: a bank of labelled example phrasings, embedded once, scored against the question.

The bank (`data/kinds.jsonl`) is written with placeholders for the council and the quality statement; a
question has its councils and statements masked the same way before it is embedded, so the kind is judged
on how the question is asked, not on which council or statement it names. Rules stay the main evidence:
`combine` adds the embedding's view to the rule's choice, and only where the rules had no cue of their own
or a weak one does the embedding decide.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from assistant.domain.councils import only_council_words
from assistant.models.questions import QuestionKind

COUNCIL_MASK = "the council"
STATEMENT_MASK = "this area"
# Kinds the embedding may choose between; the structural kinds (comparison, ranking, arithmetic, out of
# scope) depend on counts, thresholds and places the rules read exactly, so the rules keep them.
OPEN_KINDS = (
    QuestionKind.SCORE,
    QuestionKind.RATING,
    QuestionKind.FINDING,
    QuestionKind.GOOD_PRACTICE,
    QuestionKind.IMPROVEMENT,
)
TOP_K = 2  # neighbours per kind averaged into its score
CUE_BONUS = 0.2  # what a rule's own cue word is worth against the embedding's similarity
DEFAULT_BONUS = 0.0  # a rule that fell through to its default has no cue of its own
MIN_MARGIN = 0.05  # the embedding must beat the rule's kind by this much to change it

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Example:
    """One labelled phrasing of the bank."""

    kind: QuestionKind
    text: str


def render(template: str) -> str:
    """A bank phrasing with its placeholders masked as questions are."""
    return template.replace("{c}", COUNCIL_MASK).replace("{s}", STATEMENT_MASK)


@cache
def load_bank() -> tuple[Example, ...]:
    """The shipped bank of example phrasings."""
    text = resources.files("assistant.understand").joinpath("data/kinds.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return tuple(Example(QuestionKind(r["kind"]), render(r["text"])) for r in rows)


QUESTION_CACHE = 4096  # masked questions whose vectors are kept


class KindScorer:
    """Similarity of a (masked) question to each kind's example phrasings."""

    def __init__(self, embed: Embed, bank: Sequence[Example] | None = None) -> None:
        self._embed = embed
        self.bank = tuple(load_bank() if bank is None else bank)
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()
        self._questions: dict[str, np.ndarray] = {}  # masked question -> vector (questions recur: chat, retries)
        kinds = {e.kind for e in self.bank}
        self._rows = {kind: [i for i, e in enumerate(self.bank) if e.kind == kind] for kind in kinds}

    def _bank_vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                self._vectors = np.asarray(self._embed([e.text for e in self.bank]), dtype=np.float32)
            return self._vectors

    def warm(self) -> None:
        """Embed the example bank now (a service getting ready), not on the first question."""
        self._bank_vectors()

    def scores(self, masked_question: str) -> dict[QuestionKind, float]:
        """Mean cosine similarity of the question to its nearest examples of each kind."""
        vectors = self._bank_vectors()
        query = self._questions.get(masked_question)
        if query is None:
            query = np.asarray(self._embed([masked_question]), dtype=np.float32)[0]
            if len(self._questions) >= QUESTION_CACHE:
                self._questions.clear()
            self._questions[masked_question] = query
        sims = vectors @ query
        out: dict[QuestionKind, float] = {}
        for kind, rows in self._rows.items():  # each kind's examples, listed once
            mine = np.sort(sims[rows])[::-1][:TOP_K]
            out[kind] = float(mine.mean())
        return out

    def best(self, masked_question: str) -> QuestionKind:
        """The kind whose examples the question is nearest to (any kind of the bank)."""
        scores = self.scores(masked_question)
        return max(scores, key=lambda k: scores[k])


def combine(rule_kind: QuestionKind, rule_had_cue: bool, scores: dict[QuestionKind, float]) -> QuestionKind:
    """The rule's kind, unless the embedding clearly prefers another open kind (the rule's cue weighs in)."""
    if rule_kind not in OPEN_KINDS:
        return rule_kind
    bonus = CUE_BONUS if rule_had_cue else DEFAULT_BONUS
    mine = scores.get(rule_kind, 0.0) + bonus
    best = max((k for k in OPEN_KINDS if k in scores), key=lambda k: scores[k], default=rule_kind)
    if best != rule_kind and scores[best] > mine + MIN_MARGIN:
        return best
    return rule_kind


# how a lookup is asked ("how is X getting on with the CQC", "what did they end up with"), never its topic
_LOOKUP_WORDS = frozenset("""
    how what was were is are did does doing done get got getting gets given end ended with from the and for
    they their them its there this that cqc inspectors inspection assessment assessed fare fared rated rating
    result results grade verdict overall judgement score scored scores marks mark out four
    """.split())  # noqa: SIM905


def has_topic(unnamed: str, found: Sequence[str], filler: Collection[str]) -> bool:
    """Whether a question holds two or more words of its own beyond the council and how lookups are asked."""
    words = [w for w in re.findall(r"[a-z]{3,}", unnamed.lower())
             if w not in _LOOKUP_WORDS and w not in filler and not only_council_words(w, found, ())]
    return len(words) >= 2
