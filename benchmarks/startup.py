"""Start-up benchmark: one-shot `cqc-assistant ask` per data directory, and `serve` until ready + first answers.

    .venv/bin/python benchmarks/startup.py --data /tmp/small/data /tmp/cqc-scale/data --repeat 5
    .venv/bin/python benchmarks/startup.py --data /tmp/cqc-scale/data --serve

One-shot: each data directory in turn (interleaved, `--repeat` rounds, so the machine's load falls on every
size alike) runs `cqc-assistant ask "<finding question>"` in a fresh process; wall and CPU seconds (the
child's user + system) are printed per run with the load average, then the median of each, and the ratio
of every directory's median to the first's. The data directories must have been ingested (by
`cqc-assistant ingest`, `benchmarks/scale.py`, ...); a first untimed ask per directory lets the first process
after an ingest write the index files if the ingest did not.

`--serve`: starts `cqc-assistant serve` on a free loopback port, polls `/readyz` every 20 ms and reports the
seconds until it answers 200 (and the CPU seconds the server used until then: the load-insensitive
figure on a shared machine), then times the first finding, ranking and score questions over HTTP.
`--bytecode` lets the server use compiled modules as an installed package does (an environment with
PYTHONDONTWRITEBYTECODE=1 and an editable install otherwise compiles the project's ~190 modules at every
start: about 0.3 s of CPU).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "benchmarks":
    sys.path[0] = str(ROOT)  # benchmarks/ingest.py must not shadow the `ingest` package

FINDING = "What did CQC find about safeguarding in Derby?"
FIRST_ASKS = (FINDING, "Which council scored highest on safeguarding?", "What was Derby's score for equity?")


def _env(data_dir: Path, bytecode: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    if bytecode:  # as an installed package runs: its modules compiled once (pip compiles them at install)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"CQC_DATA_DIR": str(data_dir), "CQC_LOG_LEVEL": "WARNING", "CQC_API__RATE_LIMIT_PER_MINUTE": "0"})
    return env


def _cli() -> list[str]:
    return [sys.executable, "-c", "import sys; from assistant.cli import main; sys.argv[0] = 'cqc-assistant'; "
            "sys.exit(main())"]


def one_shot(data_dir: Path, question: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one `cqc-assistant ask` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([*_cli(), "ask", question], env=_env(data_dir), check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_one_shots(dirs: list[Path], repeat: int, question: str) -> None:
    for d in dirs:
        one_shot(d, question)  # untimed: writes the index files if no process has since the ingest
    walls: dict[Path, list[float]] = {d: [] for d in dirs}
    cpus: dict[Path, list[float]] = {d: [] for d in dirs}
    for round_no in range(repeat):
        for d in dirs:
            wall, cpu = one_shot(d, question)
            walls[d].append(wall)
            cpus[d].append(cpu)
            print(f"round {round_no + 1} {d}: wall {wall:.2f} s, CPU {cpu:.2f} s "
                  f"(load average {os.getloadavg()[0]:.2f})")
    base_wall, base_cpu = statistics.median(walls[dirs[0]]), statistics.median(cpus[dirs[0]])
    for d in dirs:
        wall, cpu = statistics.median(walls[d]), statistics.median(cpus[d])
        print(f"median {d}: wall {wall:.2f} s ({wall / base_wall:.2f}x), CPU {cpu:.2f} s ({cpu / base_cpu:.2f}x)")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


def run_serve(data_dir: Path, bytecode: bool) -> None:
    from benchmarks.load import cpu_seconds, free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(data_dir, bytecode)
    if bytecode:  # untimed: compiles (and caches) the modules `serve` imports, as an install does
        subprocess.run([sys.executable, "-c", "import assistant.cli, assistant.api.app, uvicorn"], env=env, check=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen([*_cli(), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server exited with status {proc.returncode}")
            try:
                if httpx.get(url + "/readyz", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 300:
                raise SystemExit("not ready after 300 s")
            time.sleep(0.02)
        ready_s, cpu = time.perf_counter() - t0, cpu_seconds(proc.pid)
        print(f"serve {data_dir}: ready after {ready_s:.2f} s, server CPU {cpu if cpu is None else f'{cpu:.2f}'} s "
              f"({'bytecode cached' if bytecode else 'modules compiled at start'}; load average "
              f"{os.getloadavg()[0]:.2f})")
        with httpx.Client(timeout=60) as http:
            for question in FIRST_ASKS:
                t1 = time.perf_counter()
                r = http.post(url + "/v1/ask", json={"question": question})
                body = r.json()
                print(f"  first ask {1000 * (time.perf_counter() - t1):.1f} ms over HTTP "
                      f"(answer's own elapsed_ms {body.get('elapsed_ms')}, {len(body.get('citations', []))} "
                      f"citations, {len(r.content)} bytes, load average {os.getloadavg()[0]:.2f}): {question}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="ingested data directories")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--question", default=FINDING)
    parser.add_argument("--serve", action="store_true", help="time serve's readiness and first answers instead")
    parser.add_argument("--bytecode", action="store_true",
                        help="with --serve: let Python cache compiled modules (an installed package's are compiled "
                             "at install; without this, PYTHONDONTWRITEBYTECODE=1 compiles every module at each start)")
    args = parser.parse_args()
    if args.serve:
        for d in args.data:
            run_serve(d, args.bytecode)
    else:
        run_one_shots(args.data, args.repeat, args.question)


if __name__ == "__main__":
    main()
