"""Warm answer latency over the dev question set, with the naive baseline's retrieval latency beside it.

    .venv/bin/python benchmarks/answer.py                       # private data dir, corpus ingested once
    .venv/bin/python benchmarks/answer.py --data-dir data --rounds 3 --json out.json

The service is prepared as `serve` prepares it before reporting ready (index files opened, the saved
sentence vectors and the kind bank read; a data dir written before sentence vectors were saved gets them
first, as any ingest saves them, unless `--as-is`: without them first asks embed their sentences), a
warm-up asks nine other questions (model session, catalog caches), then `--rounds` timed passes run
`Assistant.ask` over the questions (follow-ups with their context turn as history). The first pass is
each question's first ask; later passes repeat questions and so hit the service's query-embedding cache,
and are reported apart, with nothing beside them. The baseline (LangChain RecursiveCharacterTextSplitter
1000/200 + same embedder + its own in-memory Chroma, top-5) is warmed on the same other questions, then
each question's first search is timed, in the same process: like for like with the first asks. Prints
p50/p95/mean/max in milliseconds (wall, then the process's CPU time of the same asks and searches) and the
load average, since the wall figures are only meaningful on an otherwise idle machine (target, issue 12:
p95 <= 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.domain.taxonomy import STATEMENT_NAMES  # noqa: E402
from assistant.evaluation.harness import EvalQuestion, load_questions  # noqa: E402
from assistant.evaluation.metrics import percentile  # noqa: E402
from assistant.models.questions import Turn  # noqa: E402

DEV = ROOT / "eval" / "dev_questions.jsonl"


def figures(values: list[float]) -> dict[str, float]:
    """p50/p95/mean/max of millisecond timings."""
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "mean": statistics.fmean(values) if values else 0.0, "max": max(values, default=0.0)}


def run(data_dir: Path, questions: list[EvalQuestion], rounds: int,
        save_sentences: bool = True) -> dict[str, dict[str, float]]:
    """Time Assistant.ask and the baseline's search over the questions."""
    from assistant.evaluation.baseline import NaiveBaseline
    from assistant.service import Assistant
    from assistant.settings import load_settings

    assistant = Assistant.open(load_settings(data_dir=data_dir))
    try:
        if not assistant.documents():
            assistant.ingest([ROOT / "corpus"])
        assistant.prepare()  # as a server does before it reports ready: index, saved sentence vectors, kind bank
        if save_sentences and not assistant.sentences_saved():  # a data dir written before they were saved
            report = assistant.save_sentences()
            print(f"saved the sentence vectors an ingest saves ({report.texts} texts, {report.seconds:.1f} s)")
        histories: dict[str, list[Turn]] = {}
        for statement in STATEMENT_NAMES:  # warm-up on other questions (the service caches embeddings)
            assistant.ask(f"What does good look like for {statement.lower()}?")
        for q in questions:  # the context turns follow-ups need
            if q.context:
                first = assistant.ask(q.context)
                histories[q.id] = [Turn(question=q.context, answer=first.answer, analysis=first.analysis)]
        first_ask: list[float] = []
        first_cpu: list[float] = []  # process CPU time of each first ask (the machine's load does not add to it)
        repeat: list[float] = []
        for round_no in range(rounds):
            for q in questions:
                c0, t0 = time.process_time(), time.perf_counter()
                assistant.ask(q.question, histories.get(q.id, []))
                (repeat if round_no else first_ask).append((time.perf_counter() - t0) * 1000.0)
                if not round_no:
                    first_cpu.append((time.process_time() - c0) * 1000.0)
        texts = {d.doc_id: assistant.catalog.document_text(d.doc_id) for d in assistant.documents()}
        load_ours = os.getloadavg()[0]
        baseline = NaiveBaseline(texts, assistant.embedder)
        try:
            for statement in STATEMENT_NAMES:  # the same warm-up as the assistant's: other questions
                baseline.search(f"What does good look like for {statement.lower()}?")
            base: list[float] = []
            base_cpu: list[float] = []
            for q in questions:  # each question's first search, as the assistant's first ask above
                query = f"{q.context} {q.question}" if q.context else q.question
                c0 = time.process_time()
                base.append(baseline.timed_search(query)[1])
                base_cpu.append((time.process_time() - c0) * 1000.0)
        finally:
            baseline.close()
    finally:
        assistant.close()
    load_base = os.getloadavg()[0]
    result = {"answer_first_ask": {**figures(first_ask), "load": load_ours},
              "baseline_first_search": {**figures(base), "load": load_base},
              "answer_first_ask_cpu": {**figures(first_cpu), "load": load_ours},
              "baseline_first_search_cpu": {**figures(base_cpu), "load": load_base}}
    if repeat:
        result["answer_repeated_cached"] = {**figures(repeat), "load": os.getloadavg()[0]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="data dir (default: a temporary one)")
    parser.add_argument("--questions", type=Path, default=DEV)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--as-is", action="store_true",
                        help="time a data dir without saved sentence vectors as it is (sentences embedded on use)")
    args = parser.parse_args()
    questions = load_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="cqc-bench-") as tmp:
        result = run(args.data_dir or Path(tmp), questions, args.rounds, save_sentences=not args.as_is)
    load = os.getloadavg()
    for name, fig in result.items():
        if name == "answer_repeated_cached":
            print("repeats (query vectors cached; the baseline has no cache, so nothing to set beside them):")
        print(f"{name:22} n={fig['n']:.0f} p50={fig['p50']:.1f} ms p95={fig['p95']:.1f} ms "
              f"mean={fig['mean']:.1f} ms max={fig['max']:.1f} ms (load average {fig['load']:.2f})")
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    if args.json is not None:
        args.json.write_text(json.dumps({**result, "loadavg": load}, indent=2))


if __name__ == "__main__":
    main()
