"""Independent ground truth for the generated lookup sweep, and the wording noise it is put through.

Truth comes from hand-checked files only — ``corpus-web/scores.json`` (web councils) and the gold answers of
the dev set's score and rating rows (sample councils) — never from our own catalog, so a reading error in
ingestion shows up as a wrong answer instead of a wrong gold.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.register import CouncilRegister
from assistant.domain.taxonomy import RATINGS, STATEMENT_NAMES, match_statement_heading

_DEV_SCORE = re.compile(r"\b([1-4])\s*-\s*Evidence shows")


@dataclass
class CouncilTruth:
    """What the independent sources state for one council."""

    council: str
    doc: str
    rating: str | None = None
    out_of_100: int | None = None
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def all_nine(self) -> bool:
        """Whether every quality statement's score is known."""
        return len(self.scores) == len(STATEMENT_NAMES)


def from_scores_json(path: Path) -> list[CouncilTruth]:
    """The web councils as `scores.json` states them (unknown scores left out)."""
    items = json.loads(path.read_text())
    return [CouncilTruth(council=item["council"], doc=item["file"], rating=item.get("overall"),
                         out_of_100=item.get("overall_score_out_of_100"),
                         scores={k: int(v) for k, v in item["scores"].items() if v is not None})
            for item in items]


def from_dev_golds(path: Path) -> list[CouncilTruth]:
    """The sample councils' scores and ratings as the dev set's gold answers state them."""
    found: dict[str, CouncilTruth] = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        council, gold = row.get("council"), row.get("gold_answer", "")
        if not council or row["kind"] not in ("score_lookup", "rating_lookup"):
            continue
        truth = found.setdefault(council, CouncilTruth(council=council, doc=row["gold_doc"]))
        if row["kind"] == "score_lookup" and (m := _DEV_SCORE.search(gold)) and row.get("quality_statement"):
            name = match_statement_heading(row["quality_statement"]) or row["quality_statement"]
            if name in STATEMENT_NAMES:
                truth.scores[name] = int(m.group(1))
        elif row["kind"] == "rating_lookup" and row.get("quality_statement") is None:
            lead = next((r for r in RATINGS if gold.startswith(r)), None)
            truth.rating = lead or truth.rating
    return [t for t in found.values() if t.scores or t.rating]


def load_truth(scores_json: Path, dev_questions: Path) -> list[CouncilTruth]:
    """Every council with independently stated scores or rating."""
    return from_dev_golds(dev_questions) + from_scores_json(scores_json)


def council_names(council: str, register: CouncilRegister) -> dict[str, list[str]]:
    """How a council may be named: its full name, its place, and the register's short forms."""
    entry = next((c for c in register.all() if c.name == council), None)
    if entry is None:
        return {"full": [council], "place": [], "alias": []}
    return {"full": [council], "place": [entry.short_name], "alias": list(entry.aliases)}


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str, rng: random.Random) -> str:
    """One deletion, transposition or substitution inside a word of 6 or more letters (else unchanged)."""
    if len(word) < 6 or not word.isalpha():
        return word
    op = rng.choice(("delete", "transpose", "substitute"))
    i = rng.randrange(1, len(word) - 1)
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "transpose" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    choices = [c for c in _LETTERS if c != word[i].lower()]
    return word[:i] + rng.choice(choices) + word[i + 1:]


def misspell(phrase: str, rng: random.Random) -> str | None:
    """The phrase with one typo in one of its words of 6+ letters, or None when it has none."""
    words = phrase.split(" ")
    long_ones = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_ones:
        return None
    i = rng.choice(long_ones)
    words[i] = typo(words[i], rng)
    return " ".join(words)
