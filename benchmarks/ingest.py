"""Ingest benchmark: the bundled corpus into a fresh data dir (cold), then again (unchanged re-ingest).

Prints files, chunks, wordpieces embedded (counted with the model's own tokenizer, after truncation: what
the model runs on; the chunker's tiktoken count is printed beside it), wordpieces/s, wall time and peak RSS
for each run: first the pipeline alone (chunks embedded), then what `Assistant.ingest` and `cqc-assistant
ingest` do after it (the generation's index files and its sentence vectors, embedded with the same model),
each timed, and the whole ingest's wall time with chunk wordpieces per wall second over all of it. Because
the machine may be shared, it also prints the process CPU time and the load average: wordpieces per
CPU-second times the core count estimates the throughput of an otherwise idle machine.

    .venv/bin/python benchmarks/ingest.py [--corpus DIR] [--batch-size N] [--max-length N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the `ingest` package.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.catalog.documents import Catalog  # noqa: E402
from assistant.catalog.store import open_store  # noqa: E402
from assistant.settings import EmbeddingSettings, Settings  # noqa: E402
from ingest.embed.base import Embedder  # noqa: E402
from ingest.embed.factory import build_embedder  # noqa: E402
from ingest.pipeline import Ingestor  # noqa: E402


class TimedEmbedder:
    """Wraps the real embedder to time the embedding calls alone."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.seconds = 0.0
        self.wordpieces = 0  # what the model runs on: its own tokenizer's ids, after truncation
        self.texts = 0

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        tokenizer = getattr(self.inner, "_tokenizer", None)
        if tokenizer is not None:  # counted outside the timed embedding call (the model tokenizes again)
            self.wordpieces += sum(len(e.ids) for e in tokenizer.encode_batch(list(texts)))
        self.texts += len(texts)
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def after_ingest(settings: Settings, embedder: TimedEmbedder) -> tuple[float, float, int, int]:
    """What `Assistant.ingest` does next: the generation's index files, then its sentence vectors (embedded
    with the timed embedder). Returns (index seconds, sentence seconds, sentence texts, of them embedded)."""
    from assistant.service import Assistant

    assistant = Assistant.open(settings)
    try:
        t0 = time.perf_counter()
        assistant.prepare()  # opens or builds the index files; the sentence vectors only open
        t1 = time.perf_counter()
        built = assistant.docs.meaning is not None and assistant.docs.meaning.saved is None
        report = assistant.save_sentences(embed=embedder.embed_documents) if built else None
        t2 = time.perf_counter()
    finally:
        assistant.close()
    return t1 - t0, t2 - t1, report.texts if report else 0, report.embedded if report else 0


def run(label: str, settings: Settings, corpus: Path) -> None:
    """One ingest of the corpus, opening everything from scratch, and its figures: the chunks (the pipeline),
    then what follows an ingest (index files, sentence vectors), each timed, and the whole."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    embedder = TimedEmbedder(build_embedder(settings.embedding))
    catalog = Catalog.open(settings)
    outcomes = Ingestor(settings, catalog, open_store(settings, embedder), embedder).ingest_paths([corpus])
    catalog.close()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    tiktoken_tokens = sum(o.tokens for o in outcomes)  # the chunker's count (cl100k), not the model's
    tokens = embedder.wordpieces  # MiniLM wordpieces the model ran on, [CLS]/[SEP] included
    chunks = sum(o.chunks for o in outcomes)
    statuses = {s: sum(o.status == s for o in outcomes) for s in ("added", "replaced", "unchanged", "failed")}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cores = os.cpu_count() or 1
    print(f"{label}: files={len(outcomes)} {statuses} chunks={chunks} texts_embedded={embedder.texts} "
          f"wordpieces_embedded={tokens} (tiktoken count of the same chunks: {tiktoken_tokens})")
    if tokens:
        embed_rate = tokens / max(embedder.seconds, 1e-9)
        idle = tokens / max(cpu, 1e-9) * cores
        print(f"  wordpieces/s={tokens / wall:.0f} (wall)  embedding-only={embed_rate:.0f}"
              f"  idle-machine estimate={idle:.0f} (wordpieces per CPU-second x {cores})")
    print(f"  wall={wall:.1f}s cpu={cpu:.1f}s peak_rss={peak_mb:.0f}MB load_avg={os.getloadavg()[0]:.1f}")
    chunk_seconds, chunk_pieces, chunk_texts = embedder.seconds, embedder.wordpieces, embedder.texts
    if any(o.status in ("added", "replaced") for o in outcomes):
        index_s, sentence_s, texts, fresh = after_ingest(settings, embedder)
        print(f"{label}, after the pipeline: index files {index_s:.1f} s; sentence vectors {sentence_s:.1f} s "
              f"({texts} distinct texts, {fresh} embedded: {embedder.texts - chunk_texts} texts, "
              f"{embedder.wordpieces - chunk_pieces} wordpieces, embedding {embedder.seconds - chunk_seconds:.1f} s)")
        total = time.perf_counter() - wall0
        print(f"  whole ingest as `cqc-assistant ingest` runs it: wall={total:.1f}s "
              f"chunk wordpieces per wall second={chunk_pieces / total:.0f} "
              f"(all wordpieces embedded: {embedder.wordpieces}, {embedder.wordpieces / total:.0f}/s)")


def main() -> None:
    """Cold ingest, then unchanged re-ingest, of the bundled corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--batch-size", type=int, default=EmbeddingSettings().batch_size)
    parser.add_argument("--max-length", type=int, default=EmbeddingSettings().max_length)
    args = parser.parse_args()
    embedding = EmbeddingSettings(batch_size=args.batch_size, max_length=args.max_length)
    with tempfile.TemporaryDirectory(prefix="cqc-bench-") as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), embedding=embedding)  # type: ignore[call-arg]
        print(f"corpus={args.corpus} batch_size={args.batch_size} max_length={args.max_length}")
        run("cold", settings, args.corpus)
        run("re-ingest", settings, args.corpus)


if __name__ == "__main__":
    main()
