"""The catalog as one question reads it: its generation read once per question, not once per cache.

Answering a question checks the catalog's generation in several places (the facts cache, the document
cache's pinned snapshot, the retrieval index), each a query under the catalog connection's lock; under
concurrent load those reads queue behind each other. `ReadingCatalog.reading()` reads the generation once
and every `generation()` call of the same thread inside the block returns it, so one question also sees one
generation throughout. Other threads (an ingest, another question) read their own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.catalog.documents import Catalog


class ReadingCatalog(Catalog):
    """A `Catalog` whose generation can be pinned for the calling thread while it answers one question."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._reader = threading.local()

    def generation(self) -> int:
        """The generation pinned by this thread's `reading()` block, else a fresh read."""
        pinned: int | None = getattr(self._reader, "generation", None)
        return super().generation() if pinned is None else pinned

    @contextmanager
    def reading(self) -> Iterator[int]:
        """Pin the current generation for this thread until the block ends (blocks nest)."""
        outer: int | None = getattr(self._reader, "generation", None)
        self._reader.generation = super().generation() if outer is None else outer
        try:
            yield self._reader.generation
        finally:
            self._reader.generation = outer


def reading(catalog: object) -> contextlib.AbstractContextManager[object]:
    """The catalog's generation pinned for one question, when the catalog can pin it (a `ReadingCatalog`)."""
    if isinstance(catalog, ReadingCatalog):
        return catalog.reading()
    return contextlib.nullcontext()
