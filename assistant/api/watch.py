"""Each worker follows the catalog's generation in the shared database and rebuilds its index when it moves.

A cheap poll rather than PostgreSQL's LISTEN/NOTIFY: one single-row read per `poll_s` (1 s by default) per
process works the same on SQLite and PostgreSQL, needs no connection held open per worker, and cannot miss a
notification sent while a worker was restarting or its connection was being re-established. When the
generation moves (an ingest or removal on any worker) the watcher opens or builds the new generation's index
and caches in the background (`Assistant.prepare`), so the first question after a change does not pay for it,
and carries the worker's saved sentence vectors over to it (an upload ingested on another worker included).
While it polls, questions reuse its reading of the generation rather than each reading it again
(`ReadingCatalog.follow`).
"""

from __future__ import annotations

import logging
import threading

from assistant.errors import CQCError
from assistant.reading import ReadingCatalog
from assistant.service import Assistant

log = logging.getLogger("assistant.watch")


class GenerationWatcher:
    """Polls the catalog generation and prepares the index of each new one, in a background thread."""

    def __init__(self, assistant: Assistant, poll_s: float) -> None:
        self.assistant = assistant
        self.poll_s = poll_s
        self.seen: int | None = None
        self.rebuilds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="generation-watch", daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()
        self._follow(2 * self.poll_s)  # a poll late by up to one period still counts

    def stop(self) -> None:
        """Stop polling (waits for a rebuild under way)."""
        self._stop.set()
        self._follow(0.0)
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _follow(self, max_age_s: float) -> None:
        catalog = self.assistant.catalog
        if isinstance(catalog, ReadingCatalog):
            catalog.follow(max_age_s)

    def check(self) -> bool:
        """Read the generation once; prepare the new index when it moved. True when it did."""
        generation = self.assistant.catalog.generation()
        if generation == self.seen:
            return False
        first = self.seen is None
        if first:  # at start-up (the model loads beside it); `/readyz` may be preparing it already
            self.assistant.load_embedder()
            self.assistant.prepare_if_new()
        else:
            # a worker that keeps sentence vectors carries them to the new generation (only new text is
            # embedded); one that has none (a fresh data directory) does not embed the corpus in the background
            self.assistant.prepare(sentences=self.assistant.sentences_saved())
        self.seen = generation
        if not first:
            self.rebuilds += 1
            log.info("catalog generation %d: index rebuilt", generation)
        return not first

    def _loop(self) -> None:
        while True:  # the first check opens (or builds) the current index at start-up
            try:
                self.check()
            except CQCError as exc:  # the database or store is unreachable for now: try again next time
                log.warning("generation poll failed: %s", exc.message)
            except Exception:
                log.exception("generation poll failed")
            if self._stop.wait(self.poll_s):
                return
