"""Fault and abuse run, longer than the test suite: kill -9 rounds of ingest and readers under ingest/delete.

    python benchmarks/faults.py [--points 20] [--seconds 60] [--readers 4]

Prints the kill points, documents lost and mixed, forged values accepted, and for an HTTP server on loopback
(a real uvicorn in this process, embedded store) the readers' requests, 5xx and 404 answers while one writer
deletes and re-uploads a document through the API.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.killing import run_rounds  # noqa: E402

QUESTIONS = ["What did CQC find about Derby's hospital discharge?", "How does Derby support unpaid carers?",
             "What was North Lincolnshire's overall rating?", "What does good practice look like for safeguarding?"]
TARGET = "leicestershire-scrutiny-assurance-report-2023.txt"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def forged(service: object, work: Path) -> int:
    """Scores or ratings of Derby that a planted, later-dated 'Score: 4' report changed."""
    from tests.reliability.test_faults import DERBY, FORGED

    real = service.scores(DERBY)[0]  # type: ignore[attr-defined]
    path = work / "derby-city-council-local-authority-assessment.md"
    path.write_text(FORGED, encoding="utf-8")
    service.ingest([path])  # type: ignore[attr-defined]
    now = service.scores(DERBY)[0]  # type: ignore[attr-defined]
    changed = sum(1 for k, v in real.scores.items() if now.scores.get(k) != v)
    return changed + (now.overall_rating != real.overall_rating)


def load(seconds: float, readers: int) -> dict[str, object]:
    """Readers ask and search while a writer deletes and re-uploads one document through the API."""
    import httpx
    import uvicorn

    from assistant.api.app import create_app
    from assistant.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="cqc-faults-"))
    from assistant.settings import ApiSettings

    # the readers share one client identity: the per-client rate limit would answer them 429, not the app
    settings = Settings(_env_file=None, data_dir=work / "data",  # type: ignore[call-arg]
                        api=ApiSettings(rate_limit_per_minute=1_000_000))
    from assistant.service import Assistant

    service = Assistant.open(settings)
    service.ingest([ROOT / "corpus"])
    port = _port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, service), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.started:
            break
        time.sleep(0.1)
    counts: dict[str, int] = {"requests": 0, "5xx": 0, "404": 0, "cycles": 0}
    lock = threading.Lock()
    stop = threading.Event()

    def reader(n: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            i = n
            while not stop.is_set():
                q = QUESTIONS[i % len(QUESTIONS)]
                r = client.post("/v1/ask", json={"question": q}) if i % 2 else client.get("/v1/search", params={"q": q})
                with lock:
                    counts["requests"] += 1
                    counts["5xx"] += r.status_code >= 500
                    counts["404"] += r.status_code == 404
                i += 1

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(readers)]
    for t in threads:
        t.start()
    data = (ROOT / "corpus" / TARGET).read_bytes()
    end = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=300) as admin:
        doc_id = next(d["doc_id"] for d in admin.get("/v1/documents").json()["documents"]
                      if d["source_path"].endswith(TARGET))
        while time.monotonic() < end:
            admin.delete(f"/v1/documents/{doc_id}")
            r = admin.post("/v1/documents", files={"file": (TARGET, data, "text/plain")})
            if r.status_code >= 300:
                raise SystemExit(f"re-upload failed: {r.status_code} {r.text[:300]}")
            doc_id = r.json()["outcome"]["doc_id"]
            counts["cycles"] += 1
    stop.set()
    for t in threads:
        t.join(timeout=120)
    counts["forged_values_accepted"] = forged(service, work)
    server.should_exit = True
    thread.join(timeout=30)
    service.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20, help="kill -9 points")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the reader load")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    from assistant.settings import Settings
    from ingest.embed.factory import get_embedder

    embedder = get_embedder(Settings(_env_file=None).embedding)  # type: ignore[call-arg]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cqc-kill-") as tmp:
        kills = run_rounds(Path(tmp), args.points, embedder, seed=args.seed)
    result = {
        "kill_points": kills.points, "killed_mid_run": kills.killed_mid_run, "documents_lost": kills.lost,
        "documents_mixed": kills.mixed, "kill_seconds": round(time.monotonic() - started, 1),
        "load": load(args.seconds, args.readers),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
