"""Atomic, idempotent ingest: files -> parse -> chunk -> embed -> Chroma + SQLite catalog.

Per document: the new version is marked pending in the catalog, its vectors are upserted (chunk ids carry
the version), then one catalog transaction swaps the document's rows and chunk rows and drops the pending
mark (the switch readers see), then the old version's vectors are deleted. Readers trust only chunk ids the
catalog lists, so they never see a mix. After an ingest that changed anything (or on `Ingestor.collect`;
never on open: listing every stored vector is slow at scale) vectors of versions neither active nor pending
are collected; a pending mark not refreshed within `pending_grace_s` is a crashed ingest. So
several workers sharing one Chroma server never collect each other's in-flight versions.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import BadInputError, CQCError
from assistant.models.records import Chunk, IngestOutcome, ParsedDocument
from assistant.settings import Settings
from ingest.read.load import EXTENSIONS

if TYPE_CHECKING:
    from assistant.catalog.sqlite import Catalog
    from assistant.catalog.store import VectorStore
    from ingest.embed.base import Embedder

# Folder walks skip the corpus's own index and licence files; naming such a file explicitly ingests it.
_INDEX_STEMS = {"readme", "sources", "license", "licence", "changelog"}
_EMBED_SLICE = 128


@dataclass(frozen=True)
class IngestProgress:
    """A progress report: sent while a file's chunks are embedded and when each file finishes."""

    files_total: int
    files_done: int
    path: str
    chunks: int  # chunks embedded so far in this run
    tokens: int  # tiktoken tokens embedded so far in this run
    elapsed_s: float
    outcome: IngestOutcome | None = None  # set when a file has finished


ProgressFn = Callable[[IngestProgress], None]


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files to ingest: named files as given, folders walked recursively for supported, non-hidden files."""
    found: list[Path] = []
    for root in paths:
        if not root.is_dir():
            found.append(root)
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).parts
            if any(part.startswith(".") for part in rel) or not path.is_file():
                continue
            if path.suffix.lower() in EXTENSIONS and path.stem.lower() not in _INDEX_STEMS:
                found.append(path)
    return list(dict.fromkeys(found))


def _file_sha256(path: Path, settings: Settings) -> str | None:
    """The file's sha256 when it is readable and within the size limit (else let the parser explain)."""
    try:
        if not path.is_file() or path.stat().st_size > settings.ingest.max_file_mb * 1024 * 1024:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def collect_orphans(catalog: Catalog, store: VectorStore, grace_s: float) -> int:
    """Delete vectors of versions neither active nor pending (nor pending beyond `grace_s`); returns how many.

    The store is listed before the catalog is read: a listed vector was upserted after its version was marked
    pending, so that mark (or the commit that replaced it) is in the snapshot. The deletes run under the
    catalog's write lock, so no worker re-marks a doomed version pending until its old vectors are gone.
    """
    listing = store.stored_versions()
    with catalog.collecting(grace_s) as state:
        return store.gc(state.active, state.pending, listing)


class Ingestor:
    """Adds, replaces and removes documents in the catalog and the vector store together."""

    def __init__(self, settings: Settings, catalog: Catalog, store: VectorStore, embedder: Embedder) -> None:
        self.settings = settings
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self._lock = threading.Lock()
        self.collected = 0  # orphan vectors deleted by `collect` (run after each ingest, not on open)

    def collect(self) -> int:
        """Delete orphan vectors (crashed or superseded versions) now; returns how many."""
        with self._lock:
            found = collect_orphans(self.catalog, self.store, self.settings.ingest.pending_grace_s)
        self.collected += found
        return found

    def ingest_paths(
        self,
        paths: Sequence[Path],
        progress: ProgressFn | None = None,
        source_names: Mapping[Path, str] | None = None,
    ) -> list[IngestOutcome]:
        """Ingest files and folders; each file's failure becomes a "failed" outcome, the rest go on.

        `source_names` maps a named file to the source path the catalog records instead of the file's own
        (the HTTP service passes an upload's original name, so no temporary server path is stored).
        """
        from ingest.parse.document import slugify

        files = discover([Path(p) for p in paths])
        started = time.perf_counter()
        totals = [0, 0]  # chunks, tokens embedded in this run
        outcomes: list[IngestOutcome] = []
        seen: dict[str, str] = {}

        def report(path: Path, outcome: IngestOutcome | None = None) -> None:
            if progress is not None:
                progress(IngestProgress(len(files), len(outcomes), str(path), totals[0], totals[1],
                                        time.perf_counter() - started, outcome))

        for path in files:
            doc_id = slugify(path.stem)
            if doc_id in seen:
                outcome = IngestOutcome(path=str(path), status="failed", doc_id=doc_id, error=(
                    f"{path.name}: document id {doc_id!r} is already taken by {seen[doc_id]} in this run"))
            else:
                seen[doc_id] = path.name
                outcome = self._ingest_file(path, doc_id, totals, partial(report, path),
                                            (source_names or {}).get(path))
            outcomes.append(outcome)
            report(path, outcome)
        if any(o.status != "unchanged" for o in outcomes):
            self.collect()  # listing every stored vector is slow at scale: only after a change
        return outcomes

    def _ingest_file(
        self, path: Path, doc_id: str, totals: list[int], tick: Callable[[], None], source_name: str | None = None
    ) -> IngestOutcome:
        try:
            with self._lock:
                return self._ingest_locked(path, doc_id, totals, tick, source_name)
        except CQCError as exc:
            message = exc.message
        except Exception as exc:  # a bug or library failure on one file must not stop the others
            message = f"unexpected {type(exc).__name__}: {exc}"
        if not message.startswith(path.name):
            message = f"{path.name}: {message}"
        return IngestOutcome(path=str(path), status="failed", doc_id=doc_id, error=message)

    def _ingest_locked(
        self, path: Path, doc_id: str, totals: list[int], tick: Callable[[], None], source_name: str | None = None
    ) -> IngestOutcome:
        from ingest.chunk import chunk_document
        from ingest.parse.document import parse_file

        previous = self.catalog.sha256_of(doc_id)
        same = previous is not None and previous == _file_sha256(path, self.settings) and self._unchanged(path, doc_id)
        if same:
            return same
        doc = parse_file(path, self.settings)
        if source_name:
            doc = doc.model_copy(update={"source_path": source_name})
        previous = self.catalog.sha256_of(doc.doc_id)
        same = previous == doc.sha256 and self._unchanged(path, doc.doc_id)  # same content, maybe another doc_id
        if same:
            return same
        chunks = chunk_document(doc, self.settings)
        if not chunks:
            raise BadInputError(f"{path.name}: no indexable text after parsing")
        self._store_version(doc, chunks, totals, tick)
        return IngestOutcome(
            path=str(path), status="added" if previous is None else "replaced", doc_id=doc.doc_id,
            kind=doc.kind, council=doc.council, chunks=len(chunks), tokens=sum(c.token_count for c in chunks),
        )

    def _unchanged(self, path: Path, doc_id: str) -> IngestOutcome | None:
        """The "unchanged" outcome, if this collection holds every vector of the document's active version.

        The catalog is shared by every collection in the data directory: after a switch to a new
        collection (say, for another embedding model) an unchanged file still needs its vectors.
        """
        record = self.catalog.document(doc_id)
        version = self.catalog.active_versions().get(doc_id)
        if version is None or self.store.version_count(doc_id, version) != record.chunk_count:
            return None
        return IngestOutcome(path=str(path), status="unchanged", doc_id=doc_id, kind=record.kind,
                             council=record.council, chunks=record.chunk_count)

    def _store_version(
        self, doc: ParsedDocument, chunks: list[Chunk], totals: list[int], tick: Callable[[], None]
    ) -> None:
        """Upsert the new version's vectors, commit the catalog switch, then drop other versions' vectors."""
        version = chunks[0].version
        reusable = self._previous_vectors(doc.doc_id)
        try:
            for lo in range(0, len(chunks), _EMBED_SLICE):
                self.catalog.mark_pending(doc.doc_id, version)  # before its vectors; refreshed as they come
                part = chunks[lo : lo + _EMBED_SLICE]
                todo = [c for c in part if c.text not in reusable]
                made: dict[str, np.ndarray] = {}
                if todo:
                    fresh = self.embedder.embed_documents([c.text for c in todo])
                    made = {c.id: v for c, v in zip(todo, fresh, strict=True)}
                vectors = np.stack([made[c.id] if c.id in made else reusable[c.text] for c in part])
                self.store.upsert(part, vectors)
                totals[0] += len(todo)
                totals[1] += sum(c.token_count for c in todo)
                tick()
            self.catalog.replace_document(doc, chunks)
        except BaseException:
            self._discard(doc.doc_id, version)
            raise
        self.store.delete_doc(doc.doc_id, keep_version=version)

    def _previous_vectors(self, doc_id: str) -> dict[str, np.ndarray]:
        """text -> vector of the active version's chunks, so a changed document re-embeds only new text."""
        old = self.catalog.document_chunks(doc_id)
        if not old:
            return {}
        stored = self.store.vectors([c.id for c in old])
        return {c.text: stored[c.id] for c in old if c.id in stored}

    def _discard(self, doc_id: str, version: str) -> None:
        """Best effort after a failed ingest: delete the version's vectors, then its pending mark.

        When either step fails the mark stays, and a gc collects the vectors once it is stale.
        """
        try:
            if self.catalog.active_versions().get(doc_id) != version:
                self.store.delete_version(doc_id, version)
            self.catalog.clear_pending(doc_id, version)
        except Exception:  # the store or catalog may be what failed
            return

    def remove(self, doc_id: str) -> None:
        """Remove a document from the catalog (NotFoundError if absent), then its vectors."""
        with self._lock:
            self.catalog.remove_document(doc_id)
            self.store.delete_doc(doc_id)

