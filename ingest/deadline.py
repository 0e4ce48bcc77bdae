"""Cooperative cancellation of ingest work: a deadline and a cancel flag checked between stages.

The HTTP service cannot kill the worker thread of an upload whose client got a 504 or went away, so it hands
the ingest a `Deadline` and cancels it; the pipeline checks it before parsing, between embedding slices,
before the catalog commit and while waiting for the ingest lock, and stops with AbandonedError, discarding
the version it was writing. The lock is released within one embedding slice instead of minutes later.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from assistant.errors import AbandonedError


@dataclass
class Deadline:
    """A monotonic deadline (None: none) and a flag the requester sets when it gives up."""

    at: float | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    reason: str = "its request was abandoned"

    @classmethod
    def after(cls, seconds: float | None) -> Deadline:
        """A deadline `seconds` from now (None: only cancellation stops the work)."""
        return cls(None if seconds is None else time.monotonic() + seconds)

    def cancel(self, reason: str = "its request was abandoned") -> None:
        """Ask the work to stop at its next check."""
        self.reason = reason
        self.cancelled.set()

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None without a deadline."""
        return None if self.at is None else max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        """Whether the work should stop."""
        return self.cancelled.is_set() or (self.at is not None and time.monotonic() >= self.at)

    def check(self, stage: str) -> None:
        """AbandonedError when the work should stop (`stage`: where it stopped, for the message)."""
        if self.cancelled.is_set():
            raise AbandonedError(f"ingest stopped {stage}: {self.reason}")
        if self.at is not None and time.monotonic() >= self.at:
            raise AbandonedError(f"ingest stopped {stage}: its deadline passed")

    def acquire(self, lock: threading.Lock, stage: str = "waiting for another ingest") -> None:
        """Take a lock, giving up (AbandonedError) when cancelled or past the deadline."""
        while not lock.acquire(timeout=0.2):
            self.check(stage)
        if self.expired():
            lock.release()
            self.check(stage)
