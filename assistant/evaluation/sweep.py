"""A generated sweep of score, rating and comparison questions, worded by seeded random draws over templates.

Run ``python -m assistant.evaluation.sweep OUT`` to write the tuned seed's and the held-out seed's questions in
the eval JSONL format. The held-out seed also draws from templates the tuned seed never uses, so it measures
unseen wording; golds keep their first sentence to just the asked figure or rating (the exactness rule).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.domain.register import CouncilRegister
from assistant.domain.taxonomy import RATINGS, SCORE_WORDINGS, STATEMENT_NAMES
from assistant.evaluation.sweep_truth import CouncilTruth, council_names, load_truth, misspell


@dataclass(frozen=True)
class Template:
    """One wording: its form, the question group it serves, and the text with {c} {s} {a} {b} slots."""

    form: str
    group: str  # score, rating, percent, all_scores, compare_statement, compare_overall
    text: str
    held_out: bool = False


TEMPLATES: tuple[Template, ...] = (
    Template("plain", "score", "What score did {c} get for {s}?"),
    Template("possessive", "score", "What was {c}'s score for {s}?"),
    Template("terse", "score", "{c} {s} score?"),
    Template("question_first", "score", "{s} - what did {c} score?"),
    Template("how_did", "score", "how did {c} do on {s}"),
    Template("polite", "score", "Could you please tell me what score the CQC gave {c} for {s} in its assessment?"),
    Template("out_of", "score", "what did {c} get out of 4 for {s}"),
    Template("casual", "score", "whats {c} got for {s}"),
    Template("held_mark", "score", "what mark did {c} get on {s}?", held_out=True),
    Template("plain", "rating", "What is {c}'s overall rating?"),
    Template("terse", "rating", "{c} overall rating?"),
    Template("how_did", "rating", "how did {c} do overall"),
    Template("polite", "rating", "Could you tell me the overall CQC rating for adult social care at {c}, please?"),
    Template("question_first", "rating", "overall rating for {c}"),
    Template("held_graded", "rating", "how was {c} graded overall by CQC?", held_out=True),
    Template("out_of", "percent", "what was {c}'s overall score out of 100"),
    Template("out_of", "percent", "{c} overall percentage?"),
    Template("all_scores", "all_scores", "what did {c} score"),
    Template("all_scores", "all_scores", "{c} scores?"),
    Template("all_scores", "all_scores", "show me all of {c}'s scores"),
    Template("compare", "compare_statement", "{a} or {b} on {s}, which did better?"),
    Template("compare", "compare_statement", "is {a} better than {b} at {s}?"),
    Template("compare", "compare_statement", "which scored higher on {s}: {a} or {b}?"),
    Template("compare", "compare_statement", "compare {a} and {b} on {s}"),
    Template("held_ahead", "compare_statement", "who came out ahead on {s}, {a} or {b}", held_out=True),
    Template("compare", "compare_overall", "{a} or {b} overall, which did better?"),
    Template("compare", "compare_overall", "is {a} rated better than {b} overall?"),
    Template("compare", "compare_overall", "which has the better overall rating, {a} or {b}"),
)

# How people name a statement by its theme (written here, independent of the assistant's lexicon); a name
# is listed only where it points at one statement.
THEME_NAMES: dict[str, tuple[str, ...]] = {
    "Assessing needs": ("needs assessment", "assessing people's needs", "the assessing needs one"),
    "Supporting people to live healthier lives": ("healthier lives", "supporting healthier lives",
                                                  "helping people lead healthier lives"),
    "Equity in experience and outcomes": ("equity", "the equity one", "equity of outcomes"),
    "Care provision, integration and continuity": ("care provision", "integration and continuity",
                                                   "care provision and integration"),
    "Partnerships and communities": ("partnerships", "partnership working", "partnerships with communities"),
    "Safe pathways, systems and transitions": ("safe transitions", "safe systems", "safe pathways"),
    "Safeguarding": ("the safeguarding one", "safeguarding adults"),
    "Governance, management and sustainability": ("governance", "governance and management"),
    "Learning, improvement and innovation": ("learning and improvement", "innovation", "learning and innovation"),
}
_GROUP_WEIGHTS = {"score": 45, "rating": 12, "percent": 3, "all_scores": 10, "compare_statement": 20,
                  "compare_overall": 10}
_RANK = {r: i for i, r in enumerate(reversed(RATINGS))}


def _gold(group: str, truths: list[CouncilTruth], statement: str | None) -> str:
    one = truths[0]
    if group == "score" and statement:
        n = one.scores[statement]
        return f"{n} - {SCORE_WORDINGS[n]}."
    if group == "rating":
        return f"{one.rating}."
    if group == "percent":
        return f"{one.out_of_100} out of 100, rated {one.rating}."
    if group == "all_scores":
        listed = ", ".join(f"{name} {one.scores[name]}" for name in STATEMENT_NAMES)
        return f"Rated {one.rating}; {listed}." if one.rating else f"Scores: {listed}."
    a, b = truths
    if group == "compare_statement" and statement:
        sa, sb = a.scores[statement], b.scores[statement]
        if sa == sb:
            return f"Neither: both scored {sa}."
        win, lose = (a, b) if sa > sb else (b, a)
        return f"{win.council}: {win.scores[statement]} vs {lose.council}'s {lose.scores[statement]}."
    assert a.rating and b.rating
    if a.rating == b.rating:
        return f"Neither: both rated {a.rating}."
    win, lose = (a, b) if _RANK[a.rating] > _RANK[b.rating] else (b, a)
    return f"{win.council}: rated {win.rating} vs {lose.council}'s {lose.rating}."


def _fits(group: str, truth: CouncilTruth) -> bool:
    if group in ("score", "compare_statement"):
        return bool(truth.scores)
    if group == "all_scores":
        return truth.all_nine
    if group == "percent":
        return truth.out_of_100 is not None and truth.rating is not None
    return truth.rating is not None


def _eligible(group: str, truths: list[CouncilTruth]) -> list[CouncilTruth]:
    return [t for t in truths if _fits(group, t)]


class Sweep:
    """Draws sweep questions from the truth, the council register and the templates."""

    def __init__(self, truths: list[CouncilTruth], register: CouncilRegister) -> None:
        self.truths = truths
        self.register = register

    def _council_text(self, truth: CouncilTruth, rng: random.Random, variants: list[str]) -> str:
        names = council_names(truth.council, self.register)
        style = rng.choice([s for s in ("full", "place", "place", "alias") if names[s]])
        if style == "alias":
            variants.append("alias")
        return rng.choice(names[style])

    def _statement_text(self, statement: str, rng: random.Random, variants: list[str]) -> str:
        if rng.random() < 0.5:
            variants.append("theme_named")
            return rng.choice(THEME_NAMES[statement])
        return statement.lower() if rng.random() < 0.5 else statement

    def question(self, rng: random.Random, number: int, prefix: str, held_out: bool) -> dict[str, object]:
        """One question row in the eval JSONL format (plus `form` and `variants`)."""
        groups = list(_GROUP_WEIGHTS)
        group = rng.choices(groups, weights=[_GROUP_WEIGHTS[g] for g in groups])[0]
        template = rng.choice([t for t in TEMPLATES if t.group == group and (held_out or not t.held_out)])
        pool = _eligible(group, self.truths)
        variants: list[str] = []
        statement: str | None = None
        if group.startswith("compare"):
            picked = rng.sample(pool, 2)
            if group == "compare_statement":
                shared = [s for s in STATEMENT_NAMES if all(s in t.scores for t in picked)]
                while not shared:
                    picked = rng.sample(pool, 2)
                    shared = [s for s in STATEMENT_NAMES if all(s in t.scores for t in picked)]
                statement = rng.choice(shared)
        else:
            picked = [rng.choice(pool)]
            if group == "score":
                statement = rng.choice(sorted(picked[0].scores))
        slots = {"c": self._council_text(picked[0], rng, variants)}
        if len(picked) == 2:
            slots = {"a": slots["c"], "b": self._council_text(picked[1], rng, variants)}
        if statement:
            slots["s"] = self._statement_text(statement, rng, variants)
        if rng.random() < 0.3:
            key = rng.choice(sorted(slots))
            if (wrong := misspell(slots[key], rng)) is not None and wrong != slots[key]:
                slots[key] = wrong
                variants.append("misspelt")
        text = re.sub(r"(?<=s)'s\b", "'", template.text.format(**slots))
        roll = rng.random()
        if roll < 0.35:
            text = text.lower() if roll < 0.3 else text.upper()
            variants.append("lower" if roll < 0.3 else "upper")
        if text.endswith("?") and rng.random() < 0.3:
            text = text[:-1]
            variants.append("no_question_mark")
        kind = "comparison" if group.startswith("compare") else \
            "rating_lookup" if group in ("rating", "percent") else "score_lookup"
        docs = [t.doc for t in picked]
        return {"id": f"{prefix}-{number:03d}", "question": text, "kind": kind,
                "council": picked[0].council if len(picked) == 1 else None, "quality_statement": statement,
                "gold_answer": _gold(group, picked, statement), "gold_doc": docs[0],
                "gold_docs": docs if len(docs) > 1 else [], "gold_quotes": [],
                "split": "held_out" if held_out else "tuned", "form": template.form, "variants": variants}

    def draw(self, seed: int, count: int, held_out: bool) -> list[dict[str, object]]:
        """`count` questions from one seed; the held-out draw may use held-out templates."""
        rng = random.Random(seed)
        prefix = f"sweep-{'h' if held_out else 't'}{seed}"
        return [self.question(rng, i + 1, prefix, held_out) for i in range(count)]


def write_sweep(out: Path, scores_json: Path, dev_questions: Path, tuned: tuple[int, int] = (12, 300),
                held_out: tuple[int, int] = (6012, 150)) -> int:
    """Write the tuned and held-out draws to `out` (JSON lines); returns the number written."""
    sweep = Sweep(load_truth(scores_json, dev_questions), CouncilRegister.load())
    rows = sweep.draw(tuned[0], tuned[1], False) + sweep.draw(held_out[0], held_out[1], True)
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return len(rows)


def main() -> None:
    """Command line: write the sweep file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scores", type=Path, default=Path("corpus-web/scores.json"))
    parser.add_argument("--dev", type=Path, default=Path("eval/dev_questions.jsonl"))
    args = parser.parse_args()
    print(f"wrote {write_sweep(args.out, args.scores, args.dev)} questions to {args.out}")


if __name__ == "__main__":
    main()
