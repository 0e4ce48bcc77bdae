"""One writer per data directory: an exclusive lock file for the embedded Chroma store.

An embedded (PersistentClient) Chroma store is for one process: a second process writing to it leaves the
first one's handle stale (its searches fail with "Error finding id" until a restart). So `serve` on an
embedded store, and the CLI's `ingest`, `remove` and `demo`, hold ``DATA_DIR/writer.lock`` (``fcntl.flock``,
released by the kernel when the process dies, so a kill -9 never leaves it stuck). The lock is per process
and re-entrant: a server that ingests uploads in its own process holds it once. Against a Chroma server
(``CQC_CHROMA_URL``) nothing is locked: the server serialises writers itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import ConflictError
from assistant.settings import Settings

LOCK_NAME = "writer.lock"
_held: dict[Path, tuple[int, int]] = {}  # lock path -> (fd, holders in this process)
_guard = threading.Lock()


def lock_path(data_dir: Path) -> Path:
    """Where a data directory's writer lock lives."""
    return Path(data_dir).resolve() / LOCK_NAME


def holder(data_dir: Path) -> dict[str, object]:
    """What the lock file says about its holder ({} when unknown)."""
    try:
        found = json.loads(lock_path(data_dir).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _refusal(data_dir: Path, role: str) -> ConflictError:
    """The error for a writer that found the lock taken, saying what to do instead."""
    who = holder(data_dir)
    pid = who.get("pid", "?")
    if who.get("role") == "serve":
        return ConflictError(
            f"the data directory {data_dir} is in use by a running `cqc-assistant serve` (pid {pid}) on its "
            f"embedded Chroma store, which allows one writing process; refusing to {role} next to it. Upload "
            "through the server instead (POST /v1/documents, DELETE /v1/documents/DOC_ID), stop the server "
            "first, or run a Chroma server (`chroma run --path DIR`, CQC_CHROMA_URL) that several writers share."
        )
    return ConflictError(
        f"the data directory {data_dir} is being written by another cqc-assistant process "
        f"({who.get('role', 'a writer')}, pid {pid}); its embedded Chroma store allows one writing process. "
        f"Wait for it to finish and {role} again, or use a Chroma server (CQC_CHROMA_URL)."
    )


def acquire(data_dir: Path, role: str) -> None:
    """Take this process's writer lock on a data directory (ConflictError when another process holds it)."""
    path = lock_path(data_dir)
    with _guard:
        if path in _held:
            fd, count = _held[path]
            _held[path] = (fd, count + 1)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise _refusal(Path(data_dir), role) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "role": role, "since": time.time()}).encode(), 0)
        _held[path] = (fd, 1)


def release(data_dir: Path) -> None:
    """Give back one hold of this process's writer lock (the last one unlocks the file)."""
    path = lock_path(data_dir)
    with _guard:
        if path not in _held:
            return
        fd, count = _held[path]
        if count > 1:
            _held[path] = (fd, count - 1)
            return
        del _held[path]
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def held(data_dir: Path) -> bool:
    """Whether this process holds the data directory's writer lock."""
    with _guard:
        return lock_path(data_dir) in _held


@contextmanager
def writing(settings: Settings, role: str) -> Iterator[None]:
    """Hold the writer lock while the block runs, when the store is embedded (no-op with a Chroma server)."""
    if settings.chroma_url:
        yield
        return
    acquire(settings.data_dir, role)
    try:
        yield
    finally:
        release(settings.data_dir)
