"""Group commit: concurrent writes of one process to a SQLite database share one transaction.

SQLite has one writer per file. Under load every request's small write (a conversation turn) otherwise takes
the write lock in turn, and each hand-off costs a GIL round trip per statement while dozens of threads
compete for it, so the writes, not the answers, set the throughput. Here a thread queues its write; the first
thread to get the write lock runs every queued write in one transaction, each in its own savepoint (a write
that fails with a project error, say an unknown conversation, is rolled back alone; a write that raises its
project errors before it changes anything needs no savepoint and says so), and hands each its result.
PostgreSQL writes run as they come: its rows lock separately and it groups commits itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from assistant.catalog.database import Database
from assistant.errors import CQCError

T = TypeVar("T")


@dataclass
class _Write(Generic[T]):
    work: Callable[[Connection], T]
    savepoint: bool = True
    result: T | None = None
    error: BaseException | None = None
    done: bool = False


class GroupCommit:
    """Runs writes in the database, grouping those that arrive together into one transaction (SQLite)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.grouped = database.dialect == "sqlite"
        self._queue_lock = threading.Lock()
        self._writer = threading.Lock()
        self._queue: list[_Write[Any]] = []
        self.transactions = 0  # committed or rolled back, for tests and metrics
        self.writes = 0

    def run(self, work: Callable[[Connection], T], *, savepoint: bool = True) -> T:
        """Run `work` in a write transaction (perhaps shared with other threads' writes) and return its result.

        `savepoint=False` when `work` raises its project errors (CQCError) only before its first change: then
        it runs in the shared transaction without a savepoint of its own (two statements fewer per write).
        """
        if not self.grouped:
            with self.database.write() as conn:
                return work(conn)
        mine: _Write[T] = _Write(work, savepoint)
        with self._queue_lock:
            self._queue.append(mine)
        with self._writer:
            if not mine.done:  # nobody took it yet: this thread writes everything queued so far
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._commit(batch)
        if mine.error is not None:
            raise mine.error
        return mine.result  # type: ignore[return-value]  # set when no error was recorded

    def _commit(self, batch: list[_Write[Any]]) -> None:
        self.transactions += 1
        self.writes += len(batch)
        try:
            with self.database.write() as conn:
                for write in batch:
                    if len(batch) == 1 or not write.savepoint:  # alone, its transaction is its savepoint
                        try:
                            write.result = write.work(conn)
                        except CQCError as exc:
                            if write.savepoint:  # alone: it may have changed something, roll it back
                                raise
                            write.error = exc  # raised before its first change: nothing to undo
                        continue
                    try:
                        with conn.begin_nested():
                            write.result = write.work(conn)
                    except CQCError as exc:
                        write.error = exc
        except BaseException as exc:  # the transaction rolled back: no write of the group was kept
            for write in batch:
                write.error, write.result = write.error or exc, None
        finally:
            for write in batch:
                write.done = True
