"""Scale benchmark: >= 300 CQC reports derived from the real ones, then first-ask latency and peak RSS.

    .venv/bin/python benchmarks/scale.py                         # 305 documents (cached in --work) + measure
    .venv/bin/python benchmarks/scale.py --work /tmp/cqc-150 --copies 75 --rounds 2 --json out.json

`--copies N` derives N reports from each of the two real CQC assessments: 2N + 5 documents in all.

Derived reports: each real CQC assessment in corpus/ is rewritten under other councils' names (every
spelling of the source council's name replaced) with its quality statement scores varied (a per-copy
mapping of score values, applied to the "Score: N" and "N - Evidence shows ..." lines alike, so
summary and sections agree). The five real documents stay loaded too.

Saving time (documented shortcut): ingest uses a *reusing embedder* that embeds each distinct chunk
text once, keyed on the text with council names and score values masked; a derived copy's chunk whose
text differs from an already-embedded one only in names/scores reuses that vector. Chunks whose text
differs otherwise (boundaries shifted by longer names) are embedded for real. The baseline's
fixed-size chunks shift with every name, so at scale its derived-copy chunks get the source chunk's
vector when the key matches and otherwise a deterministic pseudo-random unit vector: its *latency* is
measured, not its quality.

After the ingest the generation's index files and sentence vectors are written (as `Assistant.ingest`
does), and the time each took is printed. Measurement runs in fresh subprocesses (the serving process's
figures, not the ingest's): open and readiness time, then the fixed question mix of
`benchmarks/questions.py` (the same kinds and counts at every size), each question's first ask timed and,
interleaved with it question by question, the baseline's first search of the same question in the same
process; neither side has asked a timed question before (the warm-up uses other questions). Peak RSS is
read in a process of its own that answers the mix with no baseline beside it, and in the timing process.
`--rounds 2` adds repeated asks, reported apart because they hit the query-vector cache. Load averages
are printed beside the figures, and each side's CPU milliseconds per question (process time: what a shared
machine's load moves least). Targets: first-ask p50 <= the baseline's, p95 <= 50 ms, ranking
citations <= 20, RSS <= 1 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.domain.taxonomy import SCORE_WORDINGS  # noqa: E402
from assistant.evaluation.metrics import percentile  # noqa: E402
from assistant.settings import Settings  # noqa: E402

_PLACE_TEXT = """
Ashcombe Barrowfield Beckford Birchley Blackmere Bramwell Brookhurst Burnside Calderton Castleford
Chalkbury Chesterwick Clayfield Coldharbour Cranbourne Dalesworth Deepdale Dunmere Eastbrook
Elmsworth Fairhaven Fenwick Fernleigh Foxley Glenfield Goldthorpe Greystone Hallowmere Harrowgate
Hartwell Hazelbury Heathfield Highmoor Hollinsworth Ironbridge Kestrel Kingsmere Larkhill Leafield
Lindenshaw Longmarsh Lowther Maplebury Marshfield Meadowbank Millbrook Moorcroft Netherby Newholme
Northwick Oakhampton Oldcastle Ormsby Otterburn Pebbleton Pennington Queensbury Ravenscar Redhill
Ridgeway Riverton Rookwood Rosedale Saltmarsh Sandford Seacombe Shelbourne Silverdale Southmoor
Springfield Stanmore Stoneleigh Summerhill Sutherby Thornbury Thornwick Underwood Upperton
Valebridge Wakeley Walbrook Waterside Wayford Westbury Whitcombe Whitmoor Wildmoor Willowby
Windermere Woodhall Wrenfield Yarrowby Alderholt Ambleside Applewick Ashby Aylesford Bakewell
Banbury Barnstaple Bedale Belper Beverley Bideford Bingham Bourne Brampton Bridport Brigg Buxton
Caistor Camborne Carnforth Chard Cheadle Clitheroe Cromer Crowland Dartmouth Dereham Diss Dorking
Driffield Dursley Ely Epworth Evesham Falmouth Fakenham Frome Gainsborough Glossop Goole Grantham
Halesworth Haltwhistle Harleston Hexham Holbeach Honiton Horncastle Hunstanton Ilkley Kendal Keswick
Kirkby Launceston Ledbury Leek Louth Ludlow Lydney Malton Matlock Melton Minehead Morpeth Nantwich
Newent Oakham Olney Otley Oundle Penrith Pickering Redruth Ripon Romsey Rothbury Saxmundham Sedbergh
Settle Sherborne Skegness Sleaford Spalding Stamford Stokesley Swaffham Tadcaster Tavistock Tetbury
Thirsk Totnes Truro Uppingham Wantage Wareham Wells Whitby Wigton Wimborne Wirksworth Woodbridge
Yeovil
"""
PLACES: tuple[str, ...] = tuple(_PLACE_TEXT.split())

# source file -> spellings of its council's name, longest first, each mapped to a template
SOURCES: dict[str, list[tuple[str, str]]] = {
    "derby-city-cqc-assessment-2024.md": [(r"\bDerby City Council\b", "{p} City Council"),
                                          (r"\bDerby City\b", "{p} City"), (r"\bDerby\b(?!shire)", "{p}")],
    "north-lincolnshire-cqc-assessment-2023.txt": [(r"\bNorth Lincolnshire Council\b", "{p} Council"),
                                                   (r"\bNorth Lincolnshire\b", "{p}"),
                                                   (r"\bNorth Lincs\b", "{p}")],
}
SCORE_MAPS: list[dict[int, int]] = [{}, {2: 3, 3: 2}, {2: 1}, {3: 4}, {2: 3}, {3: 2}, {1: 2, 2: 4}]
_WORDING = re.compile(r"\b([1-4]) - Evidence shows (significant shortfalls|some shortfalls|a good standard|"
                      r"an exceptional standard)")
_SCORE = re.compile(r"(Score:\s*)([1-4])\b")


def vary_scores(text: str, mapping: dict[int, int]) -> str:
    """Apply a score-value mapping to every score line and score wording."""
    text = _SCORE.sub(lambda m: m.group(1) + str(mapping.get(int(m.group(2)), int(m.group(2)))), text)
    def reword(m: re.Match[str]) -> str:
        score = mapping.get(int(m.group(1)), int(m.group(1)))
        return f"{score} - {SCORE_WORDINGS[score]}"

    return _WORDING.sub(reword, text)


def build_corpus(out: Path, copies: int) -> list[str]:
    """Write the real documents plus `copies` derived copies of each CQC report; return derived places."""
    out.mkdir(parents=True, exist_ok=True)
    for src in (ROOT / "corpus").iterdir():
        if src.name != "SOURCES.md":
            (out / src.name).write_text(src.read_text())
    rng = random.Random(7)
    places: list[str] = []
    names = [p for p in PLACES if p not in {"Derby", "Leicester"}]
    for s_index, (source, patterns) in enumerate(SOURCES.items()):
        text = (ROOT / "corpus" / source).read_text()
        for i in range(copies):
            place = names[(s_index * copies + i) % len(names)]
            if (s_index * copies + i) >= len(names):
                place = f"{place} Vale"
            derived = text
            for pattern, template in patterns:
                derived = re.sub(pattern, template.format(p=place), derived)
            derived = vary_scores(derived, rng.choice(SCORE_MAPS))
            slug = re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")
            (out / f"{slug}-{source}").write_text(derived)
            places.append(place)
    return places


class ReusingEmbedder:
    """Embeds each distinct masked text once; `fill` decides what misses get (real vectors or random)."""

    def __init__(self, inner: object, mask: re.Pattern[str], real_misses: bool = True) -> None:
        self.inner = inner
        self.name: str = inner.name  # type: ignore[attr-defined]
        self.dimension: int = inner.dimension  # type: ignore[attr-defined]
        self.mask = mask
        self.real_misses = real_misses
        self.cache: dict[str, np.ndarray] = {}
        self.embedded = 0
        self.reused = 0

    def key(self, text: str) -> str:
        masked = _WORDING.sub("§score", _SCORE.sub(r"\1§", text))
        return self.mask.sub("§", masked)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)  # type: ignore[attr-defined,no-any-return]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        self.reused += sum(k in self.cache for k in keys)
        todo = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if todo and self.real_misses:
            firsts = {k: t for t, k in zip(texts, keys, strict=True)}
            vectors = self.inner.embed_documents([firsts[k] for k in todo])  # type: ignore[attr-defined]
            self.cache.update(zip(todo, vectors, strict=True))
            self.embedded += len(todo)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, k in enumerate(keys):
            vec = self.cache.get(k)
            if vec is None:  # latency-only filler, deterministic per text
                seed = int.from_bytes(hashlib.sha256(k.encode()).digest()[:8], "little")
                vec = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
                vec /= np.linalg.norm(vec)
            out[i] = vec
        return out


def name_mask(places: list[str]) -> re.Pattern[str]:
    names = sorted({*places, "Derby City Council", "Derby City", "Derby", "North Lincolnshire Council",
                    "North Lincolnshire"}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?: Vale)?\b")


def ingest(work: Path, copies: int) -> None:
    """Build the derived corpus and ingest it into work/data (skipped when already there)."""
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store
    from assistant.settings import load_settings
    from ingest.embed.factory import get_embedder
    from ingest.pipeline import Ingestor

    settings = load_settings(data_dir=work / "data")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.open(settings)
    try:
        if len(catalog.documents()) >= 2 * copies:
            print(f"reusing {len(catalog.documents())} documents in {settings.data_dir}")
            write_index(settings)
            return
        places = build_corpus(work / "corpus", copies)
        (work / "places.json").write_text(json.dumps(places))
        embedder = ReusingEmbedder(get_embedder(settings.embedding), name_mask(places))
        store = open_store(settings, embedder)  # type: ignore[arg-type]
        t0 = time.perf_counter()
        outcomes = Ingestor(settings, catalog, store, embedder).ingest_paths(  # type: ignore[arg-type]
            [work / "corpus"])
        failed = [o for o in outcomes if o.status == "failed"]
        print(f"ingested {len(outcomes) - len(failed)} documents ({len(failed)} failed) in "
              f"{time.perf_counter() - t0:.0f} s; {len(catalog.active_chunks())} chunks; "
              f"embedded {embedder.embedded}, reused {embedder.reused}")
        for o in failed[:5]:
            print("  failed:", o.path, o.error)
        write_index(settings)
    finally:
        catalog.close()


def write_index(settings: Settings) -> None:
    """What `Assistant.ingest` does after an ingest: save the generation's index files (opened if saved)."""
    from assistant.service import Assistant

    t0 = time.perf_counter()
    assistant = Assistant.open(settings)
    try:
        assistant.prepare()
        how = "opened" if assistant.retriever.index.opened_from_files else "built and saved"
        print(f"index files {how} in {time.perf_counter() - t0:.1f} s (load average {os.getloadavg()[0]:.2f})")
        meaning = assistant.docs.meaning
        if meaning is not None and getattr(meaning, "saved", False) is None:  # (older builds save none)
            r = assistant.save_sentences()
            print(f"sentence vectors built and saved: {r.texts} distinct texts, {r.embedded} embedded now, "
                  f"{r.seconds:.1f} s (load average {os.getloadavg()[0]:.2f})")
    finally:
        assistant.close()


WARM_UP = ("How was {c} rated by CQC?", "{c} safeguarding score", "What did inspectors say about staff in {c}?")


def figures(values: Sequence[float]) -> dict[str, float]:
    """p50/p95 of millisecond timings."""
    return {"n": len(values), "p50": percentile(list(values), 50), "p95": percentile(list(values), 95)}


def _open_warm(work: Path) -> tuple[Any, list[str], list[tuple[str, str]], float, dict[str, bool]]:
    """The assistant opened and ready, warmed on other questions; its councils, the mix, the ready time."""
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from benchmarks.questions import question_mix

    t0 = time.perf_counter()
    assistant = Assistant.open(load_settings(data_dir=work / "data"))
    ready = assistant.readiness()
    ready_s = time.perf_counter() - t0
    councils = [c.council for c in assistant.scores()]
    for template in WARM_UP:
        assistant.ask(template.format(c=councils[len(councils) // 3]))
    return assistant, councils, question_mix(councils), ready_s, ready


def measure_rss(work: Path) -> dict[str, object]:
    """Peak RSS of a process that opens, gets ready and answers the whole mix (no baseline beside it)."""
    assistant, _, mix, _, _ = _open_warm(work)
    for _, question in mix:
        assistant.ask(question)
    assistant.close()
    return {"assistant_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


def measure(work: Path, rounds: int) -> dict[str, object]:
    """First-ask latency of Assistant.ask and of the baseline on the same fixed question mix, interleaved.

    Like for like: no question is asked before it is timed, by either side (the warm-up asks other
    questions, so models, index pages and Chroma are warm, but no query vector is cached). Each question is
    asked of both in turn (the assistant first on even questions, the baseline first on odd ones), so both
    see the same load. Repeats of the same questions (`rounds` > 1) hit the assistant's query-vector cache
    and are reported apart.
    """
    from assistant.evaluation.baseline import NaiveBaseline

    places: list[str] = json.loads((work / "places.json").read_text())
    assistant, councils, mix, ready_s, ready = _open_warm(work)
    texts = {d.doc_id: assistant.catalog.document_text(d.doc_id) for d in assistant.documents()}
    baseline = NaiveBaseline(texts, ReusingEmbedder(assistant.embedder, name_mask(places),  # type: ignore[arg-type]
                                                    real_misses=False))
    for template in WARM_UP:
        baseline.search(template.format(c=councils[len(councils) // 3]))
    first: dict[str, list[float]] = {}
    cites: dict[str, int] = {}
    base: list[float] = []
    cpu: dict[str, list[float]] = {"assistant": [], "baseline": []}  # CPU ms: what the machine's load moves least

    def search(question: str) -> None:
        c0 = time.process_time()
        base.append(baseline.timed_search(question)[1])  # each question's first search
        cpu["baseline"].append((time.process_time() - c0) * 1000.0)

    load_start = os.getloadavg()
    for i, (kind, question) in enumerate(mix):
        if i % 2:
            search(question)
        t1, c1 = time.perf_counter(), time.process_time()
        answer = assistant.ask(question)
        first.setdefault(kind, []).append((time.perf_counter() - t1) * 1000.0)
        cpu["assistant"].append((time.process_time() - c1) * 1000.0)
        cites[kind] = max(cites.get(kind, 0), len(answer.citations))
        if not i % 2:
            search(question)
    load_end = os.getloadavg()
    repeat = []
    for _ in range(rounds - 1):
        for _, question in mix:
            t1 = time.perf_counter()
            assistant.ask(question)
            repeat.append((time.perf_counter() - t1) * 1000.0)
    chunks = assistant.retriever.index.current().size
    baseline.close()
    assistant.close()
    everything = [v for values in first.values() for v in values]
    return {"documents": len(texts), "chunks": chunks, "questions": len(mix), "ready": ready,
            "ready_s": ready_s, "first": figures(everything),
            "by_kind": {k: {**figures(v), "max_citations": cites[k]} for k, v in first.items()},
            "repeat": figures(repeat) if repeat else None, "baseline": figures(base),
            "cpu": {side: figures(values) for side, values in cpu.items()},
            "loadavg_start": load_start, "loadavg": load_end,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


def _subprocess(work: Path, *flags: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--work", str(work), *flags], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        raise SystemExit(proc.returncode)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/cqc-scale"))
    parser.add_argument("--copies", type=int, default=150, help="derived copies per real CQC report")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the mix (later ones: cached)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rss-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.work, args.rounds)))
        return
    if args.rss_only:
        print(json.dumps(measure_rss(args.work)))
        return
    ingest(args.work, args.copies)
    r = _subprocess(args.work, "--rounds", str(args.rounds), "--measure-only")
    r.update(_subprocess(args.work, "--rss-only"))
    cpus = os.cpu_count()
    print(f"{r['documents']} documents, {r['chunks']} chunks, {r['questions']} questions "
          f"(fixed mix, {r['questions'] // 6} per kind); open -> ready {r['ready_s']:.2f} s {r['ready']}")
    f, b = r["first"], r["baseline"]
    load = f"(load average {r['loadavg_start'][0]:.2f} -> {r['loadavg'][0]:.2f} on {cpus} CPUs)"
    print(f"first ask, assistant   p50={f['p50']:.1f} ms p95={f['p95']:.1f} ms  {load}")
    print(f"first search, baseline p50={b['p50']:.1f} ms p95={b['p95']:.1f} ms  (interleaved with the asks)")
    fc, bc = r["cpu"]["assistant"], r["cpu"]["baseline"]
    print(f"CPU per question: assistant p50={fc['p50']:.1f} ms p95={fc['p95']:.1f} ms, "
          f"baseline p50={bc['p50']:.1f} ms p95={bc['p95']:.1f} ms")
    for kind, k in r["by_kind"].items():
        print(f"  {kind:14} p50={k['p50']:.1f} ms p95={k['p95']:.1f} ms max citations {k['max_citations']}")
    if r["repeat"]:
        print(f"repeated asks (query vectors cached; no baseline equivalent) p50={r['repeat']['p50']:.1f} ms "
              f"p95={r['repeat']['p95']:.1f} ms")
    print(f"peak RSS {r['assistant_peak_rss_mb']:.0f} MB for the assistant alone (its own process), "
          f"{r['peak_rss_mb']:.0f} MB with the baseline built beside it")
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
