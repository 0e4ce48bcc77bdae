"""One lazily opened SQLite connection shared by a store's threads, one at a time (SQLite serialises writers
anyway); `close` drops it and the next use opens it again."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SharedConnection:
    """The connection of one store: opened on first use with these PRAGMA settings, used under a lock."""

    def __init__(self, path: Path, *pragmas: str) -> None:
        self.path = path
        self.pragmas = ("busy_timeout = 10000", *pragmas)
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        path.parent.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def use(self) -> Iterator[sqlite3.Connection]:
        """The connection, held by this thread until the block ends."""
        with self._lock:
            if self._db is None:
                db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
                for pragma in self.pragmas:
                    db.execute(f"PRAGMA {pragma}")
                self._db = db
            yield self._db

    def close(self) -> None:
        """Close the connection (a later use reopens it)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
