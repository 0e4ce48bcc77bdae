"""Every shipped question set loads, and every gold quote is in the stored text of one of its gold documents.

A gold quote that no document holds makes a question unanswerable for the harness (the answer can never cite
it), so a typo in a set would read as a product failure. Texts are read as ingest stores them (HTML, PDF and
DOCX converted, markup stripped) and compared after the harness's own normalisation.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from assistant.evaluation.harness import EvalQuestion, load_questions
from assistant.evaluation.metrics import normalise
from assistant.settings import load_settings
from ingest.read.load import load_text

ROOT = Path(__file__).resolve().parents[3]
SETS = sorted((ROOT / "eval").glob("*.jsonl"))


def _path(doc: str) -> Path:
    """Where a gold document lives, by the sets' conventions (eval/PARAPHRASES.md)."""
    head = doc.partition("/")[0]
    if head in ("reports", "related"):
        return ROOT / "corpus-web" / doc
    if head in ("layouts_heldout", "layouts_heldout2", "layouts_heldout3", "layouts_heldout4", "layouts_indep"):
        return ROOT / "eval" / doc
    fixture_set, _, name = doc.partition("-")
    if re.fullmatch(r"layouts\d?", fixture_set) and name:  # ingested as <set>-<file>
        return ROOT / "tests" / "fixtures" / fixture_set / name
    return ROOT / "corpus" / doc


@cache
def _stored(path: Path) -> str:
    return normalise(load_text(path, load_settings()).text)


def test_every_set_is_found_and_loads() -> None:
    names = {p.name for p in SETS}
    assert {"dev_questions.jsonl", "web_questions.jsonl", "paraphrases.jsonl", "paraphrases_unseen.jsonl"} <= names
    for path in SETS:
        assert load_questions(path), path.name


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_gold_quotes_are_verbatim_in_their_documents(path: Path) -> None:
    questions: list[EvalQuestion] = load_questions(path)
    missing = []
    for q in questions:
        docs = [d for d in (q.gold_docs or [q.gold_doc]) if d]
        for quote in q.gold_quotes:
            texts = [_stored(_path(d)) for d in docs]
            if not any(normalise(quote) in text for text in texts):
                missing.append(f"{q.id}: {quote[:60]!r} in {docs}")
    assert not missing, "\n".join(missing)
