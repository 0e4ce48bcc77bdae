"""kill -9 at random points of `cqc-assistant ingest`, and the check that catalog and store still agree.

Shared by tests/reliability/test_kill.py (a few points) and benchmarks/faults.py (20 or more). Two versions of a
small document set: v1 is ingested first; each round starts `cqc-assistant ingest` of v2 (or v1 again) in a
subprocess, kills it with SIGKILL after a random delay, and then checks, with the catalog and store opened
afresh: every document of v1 is still loaded (none lost), each is wholly one version (its catalog sha256 is
v1's or v2's, and the store holds exactly that version's vectors), and a recovery ingest restores v2.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.databases import new_settings, url_for

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FILES = ("leicestershire-scrutiny-assurance-report-2023.txt", "north-lincolnshire-cqc-assessment-2023.txt")
CHANGE = "\n\n## Update\n\nThe council added a further review of waiting times for carers' assessments in {n}.\n"


@dataclass
class KillReport:
    """What the kill rounds found."""

    points: int = 0
    killed_mid_run: int = 0  # rounds whose process was still running when killed
    lost: int = 0
    mixed: int = 0
    delays: list[float] = field(default_factory=list)


def write_version(folder: Path, version: int) -> dict[str, str]:
    """The document set as version `version` (0 = the corpus text); returns file name -> sha256."""
    import hashlib

    folder.mkdir(parents=True, exist_ok=True)
    shas: dict[str, str] = {}
    for name in FILES:
        data = (CORPUS / name).read_text(encoding="utf-8") + (CHANGE.format(n=2000 + version) if version else "")
        (folder / name).write_text(data, encoding="utf-8")
        shas[name] = hashlib.sha256(data.encode()).hexdigest()
    return shas


def cli_env(data_dir: Path) -> dict[str, str]:
    """Environment for a CLI subprocess on this data directory (one ONNX thread: the machine is shared)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    env.update({"CQC_DATA_DIR": str(data_dir), "CQC_DATABASE_URL": url_for(data_dir), "CQC_EMBEDDING__THREADS": "1",
                "PYTHONPATH": str(ROOT)})
    return env


def cli(*args: str) -> list[str]:
    """The command line of `cqc-assistant ARGS` with this interpreter and this tree."""
    return [sys.executable, "-c", "from assistant.cli import main; main()", *args]


def check(data_dir: Path, versions: list[dict[str, str]], embedder: Any) -> tuple[int, int]:
    """(lost, mixed) documents: v1's documents missing; documents whose catalog and store versions disagree."""
    from chromadb.api.shared_system_client import SharedSystemClient

    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store

    settings = new_settings(data_dir)
    SharedSystemClient._identifier_to_system.pop(str(settings.chroma_path), None)  # read the files afresh
    catalog = Catalog.open(settings)
    try:
        store = open_store(settings, embedder)
        records = {Path(d.source_path).name: d for d in catalog.documents()}
        lost = sum(1 for name in FILES if name not in records)
        known = {sha for v in versions for sha in v.values()}
        active = catalog.active_versions()
        chunk_ids = {c.id for c in catalog.active_chunks()}
        stored = {i for i, _doc, _ver in store.stored_versions()}
        mixed = 0
        for record in records.values():
            version = active[record.doc_id]
            ok = record.sha256 in known and store.version_count(record.doc_id, version) == record.chunk_count
            mixed += 0 if ok else 1
        if not chunk_ids <= stored:  # an active chunk without its vector
            mixed += 1
        return lost, mixed
    finally:
        catalog.close()


def ingest_in_process(data_dir: Path, docs: Path, embedder: Any) -> None:
    """Ingest the document set in this process (the embedder may cache vectors: setup and recovery are quick)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store
    from ingest.pipeline import Ingestor

    settings = new_settings(data_dir)
    SharedSystemClient._identifier_to_system.pop(str(settings.chroma_path), None)
    catalog = Catalog.open(settings)
    try:
        outcomes = Ingestor(settings, catalog, open_store(settings, embedder), embedder).ingest_paths([docs])
    finally:
        catalog.close()
    failed = [o.error for o in outcomes if o.status == "failed"]
    if failed:
        raise RuntimeError(f"ingest failed: {failed}")


def run_rounds(
    work: Path, rounds: int, embedder: Any, seed: int = 13, max_delay_s: float = 12.0, min_delay_s: float = 1.0
) -> KillReport:
    """v1 ingested, then `rounds` kill -9 rounds of `cqc-assistant ingest` of v2, v3, ... and a recovery ingest."""
    rng = random.Random(seed)
    data_dir, docs = work / "data", work / "docs"
    shutil.rmtree(work, ignore_errors=True)
    versions = [write_version(docs, 0)]
    env = cli_env(data_dir)
    ingest_in_process(data_dir, docs, embedder)
    report = KillReport()
    for n in range(1, rounds + 1):
        versions.append(write_version(docs, n))
        delay = rng.uniform(min_delay_s, max_delay_s)
        proc = subprocess.Popen(cli("ingest", "-q", str(docs)), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            report.killed_mid_run += 1
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        report.points += 1
        report.delays.append(round(delay, 2))
        lost, mixed = check(data_dir, versions, embedder)
        report.lost += lost
        report.mixed += mixed
    started = time.monotonic()
    ingest_in_process(data_dir, docs, embedder)  # recovery, as the next `ingest` would do it
    lost, mixed = check(data_dir, versions[-1:], embedder)  # recovered: every document is the last version
    report.lost += lost
    report.mixed += mixed
    report.delays.append(round(time.monotonic() - started, 2))
    return report
