"""Overhead the LLM layer adds per answer: prompt packing and answer validation, with LangChain's fake model.

The issue names benchmarks/answer.py (owned by retrieval) for answer latency; this separate script measures
only what assistant.llm adds. Passages are real: the bundled corpus parsed and chunked, the top 5 BM25
chunks for each dev question. The fake model replies instantly with a scripted answer citing the first
sentence of each packed source plus one uncited sentence and one unsupported figure, so validation removes
text on every answer (its slow path).

Run: .venv/bin/python benchmarks/answer_llm.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

# benchmarks/ holds scripts named like our packages (ingest.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel  # noqa: E402

from assistant.llm.compose_llm import LLMComposer  # noqa: E402
from assistant.llm.pack import PackedContext  # noqa: E402
from assistant.llm.prompts import load_prompts  # noqa: E402
from assistant.models.answers import Answer  # noqa: E402
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind  # noqa: E402
from assistant.models.records import Chunk  # noqa: E402
from assistant.retrieve.bm25 import BM25Index, top_k  # noqa: E402
from assistant.settings import LLMSettings, Settings  # noqa: E402
from ingest.chunk import chunk_document  # noqa: E402
from ingest.parse.document import parse_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = [Path("/work/shared/eval/dev_questions.jsonl"), ROOT.parent / "shared/eval/dev_questions.jsonl"]
QUESTIONS = next((p for p in QUESTION_FILES if p.exists()), QUESTION_FILES[0])
FALLBACK_QUESTIONS = ["What did CQC find about safeguarding backlogs?",
                      "How do councils support unpaid carers?",
                      "What does good look like for assessing needs?", "Waiting times for OT assessments"]


def corpus_passages() -> tuple[list[Chunk], dict[str, str], dict[str, str]]:
    """Chunks of the bundled corpus with document titles and source paths."""
    settings = Settings()
    chunks: list[Chunk] = []
    titles: dict[str, str] = {}
    paths: dict[str, str] = {}
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.name == "SOURCES.md":
            continue
        doc = parse_file(path, settings)
        titles[doc.doc_id], paths[doc.doc_id] = doc.title, str(path)
        chunks += chunk_document(doc, settings)
    return chunks, titles, paths


def script_for(packed: PackedContext) -> str:
    """A plausible model answer: one cited sentence per source, one uncited and one with a made-up figure."""
    lines = []
    for s in packed.sources:
        first = re.split(r"(?<=[.!?])\s+", " ".join(s.text.split()))[0][:300]
        lines.append(f"{first.rstrip('.')} [{s.n}].")
    lines.insert(1, "This shows a clear picture overall.")
    lines.append("About 97.5% of people were satisfied [1].")
    return " ".join(lines)


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    """Measure and print p50/p95 of packing, validation and the whole composer call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    args = parser.parse_args()
    chunks, titles, paths = corpus_passages()
    index = BM25Index([" ".join(c.heading_path) + " " + c.text for c in chunks])
    questions = ([json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
                 if QUESTIONS.exists() else FALLBACK_QUESTIONS)
    settings = LLMSettings(provider="openai_compatible", timeout_s=30)
    prompts = load_prompts()
    pack_ms: list[float] = []
    validate_ms: list[float] = []
    total_ms: list[float] = []
    model_ms: list[float] = []
    pack_cpu: list[float] = []
    validate_cpu: list[float] = []
    outcomes: dict[str, int] = {}
    for round_ in range(args.rounds + 1):  # round 0 warms up imports and caches and is not recorded
        if round_ == 1:
            for series in (pack_ms, validate_ms, total_ms, model_ms, pack_cpu, validate_cpu):
                series.clear()
            outcomes.clear()
        for question in questions:
            hits = top_k(index.search(question).scores, 5)
            if not hits:
                continue
            passages = [Passage(chunk_id=c.id, doc_id=c.doc_id, title=titles[c.doc_id], council=c.council,
                                kind=c.kind, heading_path=c.heading_path, theme=c.theme,
                                quality_statement=c.quality_statement, statement_score=c.statement_score,
                                text=c.text, start=c.start, end=c.end, source_path=paths[c.doc_id], score=1.0)
                        for c in (chunks[i] for i in hits)]
            analysis = QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.FINDING)
            extractive = Answer(answer="x [1]", kind=analysis.kind, refused=False, passages=passages,
                                analysis=analysis)
            probe = LLMComposer(GenericFakeChatModel(messages=iter([])), prompts, settings)
            t0, c0 = time.perf_counter(), time.thread_time()
            packed = probe.pack(passages)
            probe.messages(question, packed)
            pack_ms.append((time.perf_counter() - t0) * 1000)
            pack_cpu.append((time.thread_time() - c0) * 1000)
            script = script_for(packed)
            t0, c0 = time.perf_counter(), time.thread_time()
            answer = probe.finish(extractive, script, packed, None)
            validate_ms.append((time.perf_counter() - t0) * 1000)
            validate_cpu.append((time.thread_time() - c0) * 1000)
            outcomes[answer.composer] = outcomes.get(answer.composer, 0) + 1
            fake = GenericFakeChatModel(messages=iter([script]))
            t0 = time.perf_counter()
            list(fake.stream("x"))
            model_ms.append((time.perf_counter() - t0) * 1000)
            composer = LLMComposer(GenericFakeChatModel(messages=iter([script])), prompts, settings)
            t0 = time.perf_counter()
            list(composer.stream(extractive))
            total_ms.append((time.perf_counter() - t0) * 1000)
    overhead = [a + b for a, b in zip(pack_ms, validate_ms, strict=True)]
    overhead_cpu = [a + b for a, b in zip(pack_cpu, validate_cpu, strict=True)]
    print(f"answers measured: {len(overhead)} ({len(questions)} questions x {args.rounds} rounds, "
          f"top-5 BM25 passages from the bundled corpus)")
    print(f"outcomes: {outcomes}")
    for name, values in (("pack (facts+passages, tiktoken) + render prompt", pack_ms),
                         ("validate + verbatim citations", validate_ms),
                         ("LLM-layer overhead (pack + validate), wall", overhead),
                         ("LLM-layer overhead (pack + validate), CPU", overhead_cpu),
                         ("fake model alone (LangChain streaming)", model_ms),
                         ("whole composer call with fake model", total_ms)):
        print(f"{name:50s} p50 {statistics.median(values):6.2f} ms   p95 {pct(values, 95):6.2f} ms")
    for label, values in (("wall", overhead), ("CPU", overhead_cpu)):
        verdict = "OK" if pct(values, 95) <= 10 else "OVER"
        print(f"target: overhead p95 <= 10 ms ({label} time) -> {verdict}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average while measuring: {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
