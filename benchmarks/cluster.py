"""Cluster benchmark: PostgreSQL, a Chroma server and 3 workers (separate data directories), 50 clients, a
worker killed with SIGKILL and restarted while an ingest job runs.

    .venv/bin/python benchmarks/cluster.py                         # 60 s run, kill at 20 s, restart at 40 s
    .venv/bin/python benchmarks/cluster.py --seconds 30 --scale-seconds 10     # shorter

Loads the sample corpus once (document vectors from the tests' embedding cache when present), then:
1. scaling: `--clients` clients for `--scale-seconds` against 1, 2 and 3 workers: p95 and throughput each;
2. failover: the clients for `--seconds` against all 3 through a client-side round-robin balancer (a
   request whose worker is unreachable is sent to the next one). Each client holds conversations: a score or
   finding question, then follow-ups, each turn on the next worker; good-practice questions in between. At
   `--kill-at` worker 3 is killed (SIGKILL), an ingest job is uploaded, and at `--restart-at` worker 3 is
   started again (same data directory, its index files a generation behind).
Prints the answers lost beyond the requests in flight on the killed worker (must be 0), whether every
conversation continued on another worker, whether the restarted worker serves the new document, p95 and
throughput per worker count (and their ratio: 2 CPU cores), with the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "benchmarks":
    sys.path[0] = str(ROOT)  # benchmarks/ingest.py must not shadow the `ingest` package

from benchmarks.questions import GOOD_PRACTICE, STATEMENTS, TOPICS  # noqa: E402
from tests.cluster.harness import Worker, populate, start_chroma, stop, worker_env  # noqa: E402

READER, ADMIN = "reader-key-cluster-bench-0123", "admin-key-cluster-bench-01234"
NEW_DOC = ("# Sandford carers hub evaluation\n\nThe Sandford carers hub evaluation found that every unpaid "
           "carer was offered a same-week carers assessment and a named link worker.\n")
NEW_QUERY = "Sandford carers hub evaluation same-week link worker"


@dataclass
class Stats:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # requests that got no answer from any worker
    retried_in_flight: int = 0  # requests cut off by the kill, answered by another worker
    cut_offs: dict[str, int] = field(default_factory=dict)  # why a worker was left out: reason -> count
    conversations: int = 0
    broken: list[str] = field(default_factory=list)  # follow-ups that lost their conversation's council
    continued: int = 0  # conversations whose every follow-up kept its council, turns on several workers
    one_worker: int = 0  # ... kept their council, but every turn went to one worker (the others were out)


class Balancer:
    """Round-robin over the workers that are up; a worker that fails to answer is left out until readmitted."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = list(workers)
        self.up = {w.name for w in workers}
        self.turn = itertools.count()
        self.in_flight: dict[str, int] = {w.name: 0 for w in workers}

    def leave_out(self, worker: Worker, reason: str, stats: Stats) -> None:
        """Stop sending to a worker that failed; `readmit` probes it and takes it back once it is ready."""
        stats.cut_offs[reason] = stats.cut_offs.get(reason, 0) + 1
        self.up.discard(worker.name)

    async def readmit(self, until: float) -> None:
        """Every half second, take back the workers that are left out and answer /readyz again."""
        async with httpx.AsyncClient() as client:
            while time.monotonic() < until:
                for worker in [w for w in self.workers if w.name not in self.up]:
                    try:
                        if (await client.get(worker.url + "/readyz", timeout=2)).status_code == 200:
                            self.up.add(worker.name)
                    except httpx.HTTPError:
                        pass
                await asyncio.sleep(0.5)

    def pick(self, avoid: str = "") -> Worker:
        """The next worker that is up, other than `avoid` when another is up."""
        candidates = [w for w in self.workers if w.name in self.up] or self.workers  # all left out: try anyway
        others = [w for w in candidates if w.name != avoid] or candidates
        return others[next(self.turn) % len(others)]

    async def ask(self, client: httpx.AsyncClient, body: dict[str, Any], stats: Stats,
                  avoid: str = "") -> tuple[dict[str, Any], str]:
        """POST /v1/ask to the next worker (not `avoid`, then the others): (answer, worker name)."""
        cut_off = False
        for _ in range(len(self.workers) + 1):
            worker = self.pick(avoid)
            self.in_flight[worker.name] += 1
            t0 = time.perf_counter()
            try:
                r = await client.post(worker.url + "/v1/ask", json=body, timeout=60)
            except httpx.TransportError as exc:
                self.leave_out(worker, f"{worker.name}: {type(exc).__name__}", stats)
                cut_off = True
                continue
            finally:
                self.in_flight[worker.name] -= 1
            if r.status_code == 200:
                stats.latencies.append(time.perf_counter() - t0)
                stats.retried_in_flight += int(cut_off)
                return r.json(), worker.name
            if r.status_code in (502, 503):
                self.leave_out(worker, f"{worker.name}: {r.status_code} {r.text[:80]}", stats)
                cut_off = True
                continue
            stats.failed.append(f"{r.status_code} {r.text[:120]}")
            return {}, worker.name
        stats.failed.append("no worker answered")
        return {}, ""


async def client_loop(n: int, balancer: Balancer, councils: list[str], until: float, stats: Stats) -> None:
    """One client: conversations (a question and follow-ups) and good-practice questions until `until`."""
    headers = {"Authorization": f"Bearer {READER}"}
    async with httpx.AsyncClient(headers=headers) as client:
        for i in itertools.count(n):
            if time.monotonic() >= until:
                return
            council = councils[i % len(councils)]
            if i % 4 == 3:
                await balancer.ask(client, {"question": GOOD_PRACTICE[i % len(GOOD_PRACTICE)]}, stats)
                continue
            first = (f"What was {council}'s score for {STATEMENTS[i % 9]}?" if i % 2 else
                     f"What did CQC find about {TOPICS[i % len(TOPICS)]} in {council}?")
            answer, where = await balancer.ask(client, {"question": first}, stats)
            if not answer:
                continue
            stats.conversations += 1
            want, conversation, seen, kept = answer["analysis"]["councils"], answer["conversation_id"], {where}, True
            for follow in (f"and for {STATEMENTS[(i + 3) % 9]}?", f"what did they find about {TOPICS[(i + 1) % 10]}?"):
                body = {"question": follow, "conversation_id": conversation}
                more, where = await balancer.ask(client, body, stats, avoid=where)  # each turn on another worker
                seen.add(where)
                if more and more["analysis"]["councils"] != want:
                    stats.broken.append(f"{first} / {follow}: {want} -> {more['analysis']['councils']}")
                kept = kept and bool(more) and more["analysis"]["councils"] == want
            stats.continued += int(kept and len(seen) > 1)
            stats.one_worker += int(kept and len(seen) == 1)  # the balancer had no other worker to give


async def drive(workers: list[Worker], councils: list[str], clients: int, seconds: float,
                events: list[tuple[float, Any]] = ()) -> tuple[Stats, float, Balancer]:  # type: ignore[assignment]
    """`clients` clients for `seconds` over the workers; `events` are (at second, coroutine function) run on time."""
    stats, balancer = Stats(), Balancer(workers)
    start = time.monotonic()
    loops = [client_loop(n, balancer, councils, start + seconds, stats) for n in range(clients)]

    async def timed(at: float, action: Any) -> None:
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        await action(balancer)

    actions = asyncio.gather(balancer.readmit(start + seconds), *(timed(at, action) for at, action in events))
    await asyncio.gather(*loops)
    elapsed = time.monotonic() - start
    await actions  # a restart may still be waiting for its worker to be ready
    return stats, elapsed, balancer


async def warm(workers: list[Worker], councils: list[str]) -> None:
    """One conversation and one good-practice question on each worker, so no measured phase pays first use."""
    for worker in workers:
        await drive([worker], councils, 1, 0.1)


def p95(values: list[float]) -> float:
    """The 95th percentile in milliseconds."""
    return round(statistics.quantiles(values, n=20)[-1] * 1000, 1) if len(values) >= 20 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="Failover run length.")
    parser.add_argument("--kill-at", type=float, default=None, help="Kill worker 3 at (default: a third in).")
    parser.add_argument("--restart-at", type=float, default=None, help="Restart it at (default: two thirds).")
    parser.add_argument("--scale-seconds", type=float, default=20.0, help="Run per worker count (0: skip).")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args()
    kill_at = args.kill_at if args.kill_at is not None else args.seconds / 3
    restart_at = args.restart_at if args.restart_at is not None else 2 * args.seconds / 3
    work = Path(tempfile.mkdtemp(prefix="cqc-cluster-bench-"))
    from tests.pg import PostgresServer

    pg = PostgresServer().start()
    chroma, chroma_url = start_chroma(work / "chroma")
    workers: list[Worker] = []
    try:
        figures = asyncio.run(run(args, work, pg.url(), chroma_url, workers, kill_at, restart_at))
    finally:
        for w in workers:
            w.stop()
        stop(chroma)
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


async def run(args: argparse.Namespace, work: Path, database_url: str, chroma_url: str, workers: list[Worker],
              kill_at: float, restart_at: float) -> dict[str, Any]:
    """Load the corpus, start the workers, run the scaling and failover phases; print and return the figures.

    The rate limit is on but out of reach: every request still charges its bucket in PostgreSQL."""
    t0 = time.monotonic()
    loaded = populate(database_url, chroma_url, work / "loader", [ROOT / "corpus"], cached_embedder())
    print(f"loaded {loaded} documents in {time.monotonic() - t0:.0f} s", flush=True)
    env = worker_env(database_url, chroma_url, [READER], [ADMIN], CQC_API__RATE_LIMIT_PER_MINUTE="1000000",
                     CQC_CLUSTER__JOB_POLL_S="0.5", CQC_CLUSTER__JOB_LEASE_S="10")
    workers.extend(Worker(f"w{i}", work / f"worker{i}", env).start() for i in (1, 2, 3))
    for w in workers:
        await asyncio.to_thread(w.wait_ready)
    admin = {"Authorization": f"Bearer {ADMIN}"}
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {READER}"}) as client:
        scores = (await client.get(workers[0].url + "/v1/scores", timeout=60)).json()
    councils = sorted({row["council"] for row in (scores if isinstance(scores, list) else scores["councils"])})
    figures: dict[str, Any] = {"clients": args.clients, "documents": loaded, "scaling": {}}
    await warm(workers, councils)
    for n in (1, 2, 3) if args.scale_seconds > 0 else ():
        stats, elapsed, _ = await drive(workers[:n], councils, args.clients, args.scale_seconds)
        rate = len(stats.latencies) / elapsed
        figures["scaling"][n] = {"p95_ms": p95(stats.latencies), "answers_per_s": round(rate, 1),
                                 "errors": len(stats.failed), "left_out": stats.cut_offs,
                                 "loadavg": [round(x, 2) for x in os.getloadavg()]}
        print(f"{n} worker(s): p95 {figures['scaling'][n]['p95_ms']} ms, {rate:.1f} answers/s, "
              f"{len(stats.failed)} errors, load average {os.getloadavg()[0]:.2f}"
              + (f", left out: {stats.cut_offs}" if stats.cut_offs else ""), flush=True)
    job: dict[str, Any] = {}
    victim = workers[2]

    async def kill(balancer: Balancer) -> None:
        job["in_flight"] = balancer.in_flight[victim.name]
        victim.kill()
        async with httpx.AsyncClient(headers=admin) as c:
            r = await c.post(workers[0].url + "/v1/documents", files={"file": ("sandford-hub-evaluation.md",
                             NEW_DOC.encode())}, timeout=60)
            job["id"] = r.json()["id"]
        print(f"  killed {victim.name} with {job['in_flight']} request(s) in flight; job {job['id']} queued",
              flush=True)

    async def restart(balancer: Balancer) -> None:
        victim.start()
        await asyncio.to_thread(victim.wait_ready)
        balancer.up.add(victim.name)
        print(f"  restarted {victim.name}: ready after {time.monotonic() - started_at - restart_at:.1f} s", flush=True)

    started_at = time.monotonic()
    stats, elapsed, _ = await drive(workers, councils, args.clients, args.seconds,
                                    [(kill_at, kill), (restart_at, restart)])
    async with httpx.AsyncClient(headers=admin) as c:
        for _ in range(240):
            done = (await c.get(workers[0].url + f"/v1/jobs/{job['id']}", timeout=30)).json()
            if done["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)  # one generation poll
        hits = (await c.get(victim.url + "/v1/search", params={"q": NEW_QUERY}, timeout=60)).json()
    serves = bool(hits) and hits[0]["doc_id"] == done.get("doc_id")
    lost = len(stats.failed)
    figures["failover"] = {
        "seconds": round(elapsed, 1), "answers": len(stats.latencies), "p95_ms": p95(stats.latencies),
        "answers_per_s": round(len(stats.latencies) / elapsed, 1), "in_flight_at_kill": job.get("in_flight"),
        "retried_after_cut_off": stats.retried_in_flight, "lost": lost, "lost_examples": stats.failed[:3],
        "conversations": stats.conversations, "continued_on_another_worker": stats.continued,
        "kept_on_one_worker": stats.one_worker,
        "follow_ups_that_lost_their_council": stats.broken[:5], "workers_left_out": stats.cut_offs,
        "job": {k: done.get(k) for k in ("status", "attempts", "worker", "doc_id", "error")},
        "restarted_worker_serves_new_document": serves, "loadavg": [round(x, 2) for x in os.getloadavg()]}
    f = figures["failover"]
    print(f"failover over {f['seconds']} s: {f['answers']} answers, p95 {f['p95_ms']} ms, {f['answers_per_s']}/s")
    print(f"  answers lost beyond the killed worker's in-flight requests: {lost} "
          f"({f['in_flight_at_kill']} in flight at the kill; {f['retried_after_cut_off']} requests cut off or refused "
          "by the dead worker were re-sent to another and answered)")
    print(f"  conversations: {f['conversations']}, continued on another worker with their council: "
          f"{f['continued_on_another_worker']}; kept their council on the one worker left: "
          f"{f['kept_on_one_worker']}" + (f"; lost: {stats.broken[:2]}" if stats.broken else ""))
    print(f"  workers left out by the balancer (reason: count): {stats.cut_offs}")
    print(f"  ingest job during the outage: {f['job']}")
    print(f"  restarted worker serves the new document: {serves}")
    scaling = figures["scaling"]
    if 1 in scaling and 3 in scaling and scaling[1]["answers_per_s"]:
        ratio = [round(scaling[n]["answers_per_s"] / scaling[1]["answers_per_s"], 2) for n in (1, 2, 3)]
        figures["throughput_ratio_1_2_3"] = ratio
        print(f"throughput ratio 1:2:3 workers = {ratio[0]}:{ratio[1]}:{ratio[2]} on {os.cpu_count()} CPU cores")
    print(f"load average {tuple(round(x, 2) for x in os.getloadavg())}")
    return figures


def cached_embedder() -> Any:
    """The embedder, with document vectors from the tests' cache (pytest's cache directory) when present."""
    from assistant.settings import Settings
    from ingest.embed.factory import get_embedder
    from tests.conftest import DiskCachedEmbedder

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    cache = ROOT / ".pytest_cache" / "d" / "cqc-embeddings"
    cache.mkdir(parents=True, exist_ok=True)
    return DiskCachedEmbedder(get_embedder(settings.embedding), cache, settings.embedding.model_dump_json())


if __name__ == "__main__":
    main()
