"""The catalog as one question reads it: its generation read once per question, not once per cache.

Answering a question checks the catalog's generation in several places (the facts cache, the document
cache's pinned snapshot, the retrieval index), each a query under the catalog connection's lock; under
concurrent load those reads queue behind each other. `ReadingCatalog.reading()` reads the generation once
and every `generation()` call of the same thread inside the block returns it, so one question also sees one
generation throughout. Other threads (an ingest, another question) read their own.

A server's generation watcher polls the generation anyway (`api/watch.py`, every `generation_poll_s`); once
it calls `follow`, a question takes the latest value read by anyone when it is younger than the given age
instead of reading it again, so a question sees another worker's change after at most that age (as the
watcher's own index rebuild does), and a change made through this catalog at once (it forgets the value).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from assistant.catalog.documents import Catalog
from assistant.errors import NotFoundError
from assistant.models.records import DocumentRecord


class ReadingCatalog(Catalog):
    """A `Catalog` whose generation can be pinned for the calling thread while it answers one question."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._reader = threading.local()
        self._seen_lock = threading.Lock()
        self._seen: int | None = None  # the latest generation read, and when its read began
        self._seen_at = 0.0
        self._max_age_s = 0.0  # 0: every question reads the generation
        self._documents: tuple[int, list[DocumentRecord]] | None = None  # the records of one generation

    def follow(self, max_age_s: float) -> None:
        """Let questions reuse a generation read less than `max_age_s` ago (someone polls it that often)."""
        self._max_age_s = max_age_s

    def _fresh(self) -> int:
        started = time.monotonic()
        value = super().generation()
        with self._seen_lock:
            if started >= self._seen_at:  # a read that began earlier never replaces a later one
                self._seen, self._seen_at = value, started
        return value

    def generation(self) -> int:
        """The generation pinned by this thread's `reading()` block, else a fresh read."""
        pinned: int | None = getattr(self._reader, "generation", None)
        return self._fresh() if pinned is None else pinned

    def _current(self) -> int:
        seen, at = self._seen, self._seen_at
        if seen is not None and time.monotonic() - at < self._max_age_s:
            return seen
        return self._fresh()

    def documents(self) -> list[DocumentRecord]:
        """All loaded documents, read once per generation (getting ready, the index and the document cache
        each list them; the read extracts every source URL from the stored parse, ~0.2 s at 300 documents)."""
        generation = self.generation()
        cached = self._documents
        if cached is not None and cached[0] == generation:
            return list(cached[1])
        records = super().documents()
        if self._fresh() == generation:  # nothing changed during the read: the records are this generation's
            self._documents = (generation, records)
        return list(records)

    def warm(self) -> None:
        """Run once each read a question makes per citation or passage (matching nothing), so that
        SQLAlchemy compiles their statements while the service gets ready, not in the first questions (1-2 ms
        each)."""
        with self.database.holding():
            self.sections_at("", 0)
            self.section_starts("")
            self.chunks_by_id([""])
            self.document_chunks("", 0, 1)
            with contextlib.suppress(NotFoundError):
                self.sections("")

    @contextmanager
    def reading(self) -> Iterator[int]:
        """Pin the current generation for this thread until the block ends (blocks nest)."""
        outer: int | None = getattr(self._reader, "generation", None)
        with self.database.holding():  # the question's reads (the generation's first) share one connection
            self._reader.generation = self._current() if outer is None else outer
            try:
                yield self._reader.generation
            finally:
                self._reader.generation = outer

    @contextmanager
    def _transaction(self, bump: bool = True) -> Iterator[Connection]:
        with super()._transaction(bump) as conn:
            yield conn
        if bump:  # this process's own change: the next question reads the new generation
            with self._seen_lock:
                self._seen, self._seen_at = None, time.monotonic()


def reading(catalog: object) -> contextlib.AbstractContextManager[object]:
    """The catalog's generation pinned for one question, when the catalog can pin it (a `ReadingCatalog`)."""
    if isinstance(catalog, ReadingCatalog):
        return catalog.reading()
    return contextlib.nullcontext()
