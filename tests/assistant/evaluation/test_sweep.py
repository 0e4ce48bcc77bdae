"""The generated lookup sweep: format, reproducibility, held-out wording, and golds derivable from scores.json."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from assistant.domain.councils import CouncilMatcher
from assistant.domain.register import CouncilRegister
from assistant.domain.taxonomy import SCORE_WORDINGS
from assistant.evaluation.harness import EvalQuestion
from assistant.evaluation.metrics import is_exact, requirements
from assistant.evaluation.sweep import TEMPLATES, Sweep, write_sweep
from assistant.evaluation.sweep_truth import from_dev_golds, load_truth, misspell, typo

ROOT = Path(__file__).resolve().parents[3]
SCORES = ROOT / "corpus-web" / "scores.json"
DEV = ROOT / "eval" / "dev_questions.jsonl"
WEB = {item["council"]: item for item in json.loads(SCORES.read_text())}


def _sweep() -> Sweep:
    return Sweep(load_truth(SCORES, DEV), CouncilRegister.load())


def test_rows_parse_as_eval_questions_and_repeat_for_a_seed(tmp_path: Path) -> None:
    out = tmp_path / "sweep.jsonl"
    assert write_sweep(out, SCORES, DEV, tuned=(3, 40), held_out=(4, 20)) == 60
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    questions = [EvalQuestion.model_validate(r) for r in rows]
    assert {q.kind for q in questions} <= {"score_lookup", "rating_lookup", "comparison"}
    assert [q.split for q in questions] == ["tuned"] * 40 + ["held_out"] * 20
    assert all(q.form and q.gold_doc for q in questions)
    assert len({q.id for q in questions}) == 60
    again = tmp_path / "again.jsonl"
    write_sweep(again, SCORES, DEV, tuned=(3, 40), held_out=(4, 20))
    assert again.read_text() == out.read_text()


def test_held_out_templates_never_appear_in_a_tuned_draw() -> None:
    held_forms = {t.form for t in TEMPLATES if t.held_out}
    assert len(held_forms) == 3
    tuned = _sweep().draw(7, 300, held_out=False)
    assert not {r["form"] for r in tuned} & held_forms
    held = _sweep().draw(8, 300, held_out=True)
    assert {r["form"] for r in held} & held_forms


def _web_score(council: str, statement: str) -> int:
    return int(WEB[council]["scores"][statement])


def test_every_web_gold_follows_from_scores_json() -> None:
    matcher = CouncilMatcher([*WEB, "Derby City Council", "North Lincolnshire Council"])
    rows = _sweep().draw(11, 250, held_out=True)
    checked = 0
    for row in rows:
        gold, kind, statement = str(row["gold_answer"]), str(row["kind"]), row["quality_statement"]
        assert is_exact(gold, kind, gold, False, matcher), gold  # the gold passes its own rule
        req = requirements(gold, kind, matcher)
        assert req.figures or req.ratings or req.negative, gold
        docs = [row["gold_doc"], *row["gold_docs"]]  # type: ignore[list-item]
        councils = [c for c, item in WEB.items() if item["file"] in docs]
        if len(councils) != len(docs):
            continue  # a sample council: checked against the dev golds below
        checked += 1
        if kind == "score_lookup" and statement:
            n = _web_score(councils[0], str(statement))
            assert gold == f"{n} - {SCORE_WORDINGS[n]}."
        elif kind == "score_lookup":
            assert all(f"{s} {v}" in gold for s, v in WEB[councils[0]]["scores"].items())
        elif kind == "rating_lookup":
            assert gold.rstrip(".").endswith(WEB[councils[0]]["overall"])
        elif statement:
            a, b = (_web_score(c, str(statement)) for c in councils)
            assert gold.startswith("Neither") == (a == b)
            assert re.findall(r"\b[1-4]\b", gold) == ([str(a)] if a == b else [str(max(a, b)), str(min(a, b))])
        else:
            ra, rb = (WEB[c]["overall"] for c in councils)
            assert gold.startswith("Neither") == (ra == rb) and ra in gold and rb in gold
    assert checked > 100


def test_sample_council_truth_comes_from_dev_golds() -> None:
    truths = {t.council: t for t in from_dev_golds(DEV)}
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    for row in rows:
        if row["kind"] == "score_lookup" and row["council"] in truths:
            score = re.search(r"([1-4]) - Evidence", row["gold_answer"])
            assert score and int(score.group(1)) in truths[row["council"]].scores.values()
    assert truths["Derby City Council"].rating == "Requires improvement"
    assert truths["Derby City Council"].scores["Safe pathways, systems and transitions"] == 2


def test_typos_change_one_letter_of_long_words_only() -> None:
    rng = random.Random(1)
    for _ in range(200):
        word = typo("safeguarding", rng)
        assert word != "safeguarding"
        assert abs(len(word) - len("safeguarding")) <= 1 and word[0] == "s"
    assert typo("derby", rng) == "derby"
    assert misspell("Kent", rng) is None
    wrong = misspell("North Lincolnshire", rng)
    assert wrong is not None and wrong.startswith("North ") and wrong != "North Lincolnshire"
