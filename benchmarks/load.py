"""Load test: N concurrent clients asking the fixed question mix over HTTP for a bounded time.

    .venv/bin/python benchmarks/load.py                      # starts a server on loopback itself
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000 --key KEY --clients 50 --duration 60

Without --url the script loads the bundled sample corpus into a private data directory (once, cached
under --data-dir), starts `cqc-assistant serve` on a free loopback port with the rate limit off, and
stops it at the end. Questions: `benchmarks/questions.py`'s fixed mix (scores, ratings, findings, good
practice, comparisons, rankings in equal numbers) over the loaded councils; `--kinds score` for score
questions alone. Prints requests/s, p50/p95/p99 latency overall and per kind, the error count and the load
average, and for a server it started, the server's CPU milliseconds per request (the figure the load
average moves least; --json writes them all as JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import ssl
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "benchmarks":
    sys.path[0] = str(ROOT)  # benchmarks/ingest.py must not shadow the `ingest` package

from benchmarks.questions import KINDS, question_mix  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_data(data_dir: Path) -> None:
    """Ingest the bundled corpus into data_dir unless documents are already there."""
    from assistant.service import Assistant
    from assistant.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    assistant = Assistant.open(settings)
    try:
        if not assistant.documents():
            outcomes = assistant.ingest([ROOT / "corpus"])
            print(f"ingested {sum(o.status != 'failed' for o in outcomes)} documents into {data_dir}")
    finally:
        assistant.close()


def start_server(data_dir: Path, port: int, workers: int, extra: dict[str, str],
                 log: Path | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    env.update(extra)
    env.update({"CQC_DATA_DIR": str(data_dir), "CQC_API__RATE_LIMIT_PER_MINUTE": "0", "CQC_LOG_LEVEL": "WARNING"})
    cmd = [
        str(Path(sys.executable).parent / "cqc-assistant"),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - the server's lifetime
    return subprocess.Popen(cmd, env=env, cwd=data_dir, stdout=out, stderr=out)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a local process has used (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def wait_ready(url: str, proc: subprocess.Popen[bytes] | None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} not ready after {seconds:.0f} s")


def questions(url: str, headers: dict[str, str], kinds: Sequence[str] = KINDS, per_kind: int = 30
              ) -> list[tuple[str, str]]:
    """(kind, question): the fixed mix over every loaded council with an assessment."""
    from assistant.domain.councils import core_name

    councils = [
        core_name(c["name"])
        for c in httpx.get(url + "/v1/councils", headers=headers, timeout=30).json()
        if c.get("overall_rating")
    ]
    if not councils:
        raise SystemExit("no assessed council is loaded")
    return [(k, q) for k, q in question_mix(councils, per_kind) if k in kinds]


async def client_loop(
    http: httpx.AsyncClient,
    url: str,
    qs: list[tuple[str, str]],
    offset: int,
    stop_at: float,
    latencies: list[tuple[str, float]],
    errors: list[str],
    refused: list[str],
) -> None:
    i = offset
    while time.monotonic() < stop_at:
        kind, question = qs[i % len(qs)]
        i += 1
        started = time.perf_counter()
        try:
            r = await http.post(url + "/v1/ask", json={"question": question})
            elapsed = time.perf_counter() - started
            if r.status_code != 200:
                errors.append(f"{r.status_code}: {r.text[:120]}")
            else:
                latencies.append((kind, elapsed))
                if r.json().get("refused"):
                    refused.append(question)
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")


async def run(url: str, headers: dict[str, str], clients: int, duration: float,
              kinds: Sequence[str] = KINDS) -> dict[str, Any]:
    qs = questions(url, headers, kinds)
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    refused: list[str] = []
    # One connection per simulated client, each in its own pool: httpcore's pool does O(connections) work
    # (socket probes included) per request, so one shared 50-connection pool makes the load generator,
    # not the server, the bottleneck (encode/httpcore#1035).
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tls = ssl.create_default_context()  # built once: each client building its own costs ~0.2 s of CPU
    https = [httpx.AsyncClient(headers=headers, limits=limits, timeout=60, verify=tls) for _ in range(clients)]
    try:
        started = time.monotonic()
        stop_at = started + duration
        await asyncio.wait_for(
            asyncio.gather(
                *(client_loop(h, url, qs, n * 7, stop_at, latencies, errors, refused) for n, h in enumerate(https))
            ),
            timeout=duration + 120,
        )
        wall = time.monotonic() - started
    finally:
        await asyncio.gather(*(h.aclose() for h in https))
    ordered = sorted(t for _, t in latencies)

    def pct(p: float, values: list[float] = ordered) -> float:
        return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000 if values else float("nan")

    per_kind = {k: sorted(t for kind, t in latencies if kind == k) for k in dict.fromkeys(k for k, _ in qs)}

    for e in sorted(set(errors))[:5]:
        print("  error:", e)
    return {
        "clients": clients,
        "duration_s": round(wall, 1),
        "requests": len(latencies) + len(errors),
        "ok": len(latencies),
        "errors": len(errors),
        "refused": len(refused),
        "requests_per_s": round((len(latencies) + len(errors)) / wall, 1),
        "p50_ms": round(pct(50), 1),
        "p95_ms": round(pct(95), 1),
        "p99_ms": round(pct(99), 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else float("nan"),
        "by_kind": {k: {"ok": len(v), "p50_ms": round(pct(50, v), 1), "p95_ms": round(pct(95, v), 1)}
                    for k, v in per_kind.items()},
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="A running server; default: start one on loopback.")
    parser.add_argument("--key", help="API key (reader) for --url.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of load (bounded).")
    parser.add_argument("--workers", type=int, default=1, help="Workers of the started server.")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "bench-load")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--server-log", type=Path, help="Write the started server's output here (else dropped).")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"Question kinds to ask (of {','.join(KINDS)}).")
    parser.add_argument(
        "--set", action="append", default=[], metavar="CQC_NAME=VALUE", help="Extra setting for the started server."
    )
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("load is only sent to loopback addresses")
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    proc = None
    url = args.url
    if url is None:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        prepare_data(args.data_dir.resolve())
        port = free_port()
        extra = dict(item.split("=", 1) for item in args.set)
        proc = start_server(args.data_dir.resolve(), port, args.workers, extra, args.server_log)
        url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc)
        server0 = cpu_seconds(proc.pid) if proc is not None else None
        own0 = time.process_time()
        figures = asyncio.run(run(url, headers, args.clients, min(args.duration, 600.0), args.kinds.split(",")))
        server1 = cpu_seconds(proc.pid) if proc is not None else None
        if server0 is not None and server1 is not None and figures["requests"]:
            # CPU per request is what the load average does not move much: the figure to compare across runs
            figures["server_cpu_ms_per_request"] = round((server1 - server0) * 1000 / figures["requests"], 2)
        figures["client_cpu_s"] = round(time.process_time() - own0, 1)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    print(" ".join(f"{k}={v}" for k, v in figures.items() if k != "by_kind"))
    for kind, fig in figures["by_kind"].items():
        print(f"  {kind:14} " + " ".join(f"{k}={v}" for k, v in fig.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
