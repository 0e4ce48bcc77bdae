"""Real servers for the cluster tests and benchmarks/cluster.py: a Chroma server (`chroma run`), PostgreSQL
(`tests.pg`) and worker processes (`cqc-assistant serve`, one uvicorn process each, own data directory).

Workers share nothing but the database URL and the Chroma URL, as on separate machines.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, seconds: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Until `url` answers 200 (AssertionError after `seconds` or when `proc` exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready after {seconds} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a process (kill it after 20 s)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A Chroma server on a free loopback port storing under `path`; (process, URL)."""
    port = free_port()
    proc = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/api/v2/heartbeat", 60, proc)
    except BaseException:
        stop(proc)
        raise
    return proc, url


def clean_env(**values: str) -> dict[str, str]:
    """This environment without CQC_* settings, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    return {**env, "PYTHONPATH": str(ROOT), **values}


@dataclass
class Worker:
    """One `cqc-assistant serve` process with its own data directory and port."""

    name: str
    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Worker:
        """Start the process (returns at once; see `wait_ready`)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = (self.data_dir / "serve.log").open("ab")
        self.proc = subprocess.Popen(
            [str(BIN / "cqc-assistant"), "serve", "--port", str(self.port)],
            env={**self.env, "CQC_DATA_DIR": str(self.data_dir)}, cwd=self.data_dir, stdout=log, stderr=log)
        return self

    def wait_ready(self, seconds: float = 240) -> None:
        """Until /readyz answers 200 (the index is open)."""
        wait_http(self.url + "/readyz", seconds, self.proc)

    def kill(self) -> None:
        """SIGKILL, as a machine that dies."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """Terminate it."""
        if self.proc is not None:
            stop(self.proc)

    @property
    def pid(self) -> int:
        """The serving process's id."""
        assert self.proc is not None
        return self.proc.pid


def worker_env(database_url: str, chroma_url: str, keys: list[str], admin_keys: list[str],
               **extra: str) -> dict[str, str]:
    """The environment of a worker: shared database and Chroma server, keys, quick polls, quiet logs."""
    import json

    return clean_env(
        CQC_DATABASE_URL=database_url, CQC_CHROMA_URL=chroma_url,
        CQC_API__READER_KEYS=json.dumps(keys), CQC_API__ADMIN_KEYS=json.dumps(admin_keys),
        CQC_EMBEDDING__THREADS="1", CQC_LOG_LEVEL="WARNING", **extra)


def populate(database_url: str, chroma_url: str, data_dir: Path, files: list[Path], embedder: object = None) -> int:
    """Ingest `files` into the shared database and Chroma server (with `embedder`, say a cached one); returns
    how many documents were loaded."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    settings = Settings(_env_file=None, data_dir=data_dir, database_url=database_url,  # type: ignore[call-arg]
                        chroma_url=chroma_url)
    loader = Assistant.open(settings)
    try:
        if embedder is not None:
            loader.ingestor.embedder = embedder  # type: ignore[assignment]
        outcomes = loader.ingest(files)
        failed = [o.error for o in outcomes if o.status == "failed"]
        assert not failed, failed
        return len(loader.documents())
    finally:
        loader.close()
