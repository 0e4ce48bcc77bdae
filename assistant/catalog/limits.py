"""Rate-limit token buckets in the database, so every worker charges the same bucket per caller.

One row per caller: its tokens and when they were last counted. `take` refills and takes a token in one
upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, in SQLite and PostgreSQL alike), which the database
runs atomically per row, so requests of one key on any number of workers add up. The database rather than
Redis: the deployment already has it, and a council's IT team then runs, secures and backs up one service
fewer. A bucket untouched for longer than it takes to refill is full, so such rows are deleted now and then.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func
from sqlalchemy.dialects import postgresql, sqlite

from assistant.catalog.tables import rate_limits as r

if TYPE_CHECKING:
    from assistant.catalog.database import Database

PRUNE_EVERY_S = 60.0


class DatabaseBuckets:
    """Token buckets of `capacity` tokens refilled at `rate` tokens per second, one per subject."""

    def __init__(self, database: Database, capacity: float, rate: float) -> None:
        self.database = database
        self.capacity = capacity
        self.rate = rate
        self._pruned = 0.0
        self._lock = threading.Lock()
        postgres = database.dialect == "postgresql"
        self._insert: Any = postgresql.insert if postgres else sqlite.insert
        self._least: Any = func.least if postgres else func.min  # SQLite's two-argument min() is scalar
        self._greatest: Any = func.greatest if postgres else func.max

    def take(self, subject: str, now: float) -> tuple[bool, float]:
        """Refill the subject's bucket to `now` and take one token: (granted, tokens left)."""
        elapsed = self._greatest(0.0, now - r.c.updated_at)  # another machine's clock may run a little ahead
        refill = self._least(self.capacity, r.c.tokens + elapsed * self.rate)
        statement = self._insert(r).values(subject=subject, tokens=self.capacity - 1.0, updated_at=now, granted=1)
        statement = statement.on_conflict_do_update(
            index_elements=[r.c.subject],
            set_={
                "tokens": case((refill >= 1.0, refill - 1.0), else_=refill),
                "granted": case((refill >= 1.0, 1), else_=0),
                "updated_at": self._greatest(r.c.updated_at, now),
            },
        ).returning(r.c.granted, r.c.tokens)
        with self.database.write() as conn:
            granted, tokens = conn.execute(statement).one()
        self._prune(now)
        return bool(granted), float(tokens)

    def _prune(self, now: float) -> None:
        """Delete buckets that are full again (idle for longer than a refill), at most once a minute."""
        with self._lock:
            if now - self._pruned < PRUNE_EVERY_S:
                return
            self._pruned = now
        idle = self.capacity / self.rate if self.rate > 0 else PRUNE_EVERY_S
        with self.database.write() as conn:
            conn.execute(delete(r).where(r.c.updated_at < now - idle - PRUNE_EVERY_S))
