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
from ingest.deadline import Deadline
from ingest.doc_ids import DocIds, file_identity, upload_identity
from ingest.read.discover import discover as discover  # re-exported for callers and tests
from ingest.read.discover import find_files

if TYPE_CHECKING:
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import VectorStore
    from ingest.embed.base import Embedder

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
    file_chunks: int = 0  # chunks of the file being embedded (0 until it is chunked)
    file_chunks_done: int = 0  # of which stored so far (embedded now or reused from the previous version)


ProgressFn = Callable[[IngestProgress], None]


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


@dataclass(frozen=True)
class _Source:
    """How a file came: an upload's recorded name (None: a file on disk) and the document it replaces."""

    name: str | None = None
    replace: str | None = None


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
        replace: Mapping[Path, str] | None = None,
        deadline: Deadline | None = None,
    ) -> list[IngestOutcome]:
        """Ingest files and folders; each file's failure becomes a "failed" outcome, the rest go on.

        `source_names` maps a named file to the source path the catalog records instead of the file's own
        (the HTTP service passes an upload's original name, so no temporary server path is stored); such a
        file is an upload, identified by its content. `replace` maps a file to the document it explicitly
        replaces. `deadline` stops the work between stages when it passes or is cancelled (`ingest.deadline`).
        """
        from ingest.parse.document import slugify

        found = find_files([Path(p) for p in paths])
        files = [f.path for f in found]
        refusals = {f.path: f.refusal for f in found if f.refusal}
        started = time.perf_counter()
        totals = [0, 0]  # chunks, tokens embedded in this run
        outcomes: list[IngestOutcome] = []
        limit = deadline or Deadline()

        def report(path: Path, outcome: IngestOutcome | None = None, done: int = 0, of: int = 0) -> None:
            if progress is not None:
                progress(IngestProgress(len(files), len(outcomes), str(path), totals[0], totals[1],
                                        time.perf_counter() - started, outcome, of, done))

        for path in files:
            if path in refusals:  # a folder entry refused by the walk (symlink out, unsupported type, ...)
                outcome = IngestOutcome(path=str(path), status="failed", doc_id=slugify(path.stem),
                                        error=refusals[path])
            else:
                source = _Source((source_names or {}).get(path), (replace or {}).get(path))
                outcome = self._ingest_file(path, source, totals, partial(report, path, None), limit)
            outcomes.append(outcome)
            report(path, outcome)
        if any(o.status != "unchanged" for o in outcomes):
            self.collect()  # listing every stored vector is slow at scale: only after a change
        return outcomes

    def _ingest_file(
        self, path: Path, source: _Source, totals: list[int], tick: Callable[[int, int], None], deadline: Deadline
    ) -> IngestOutcome:
        try:
            deadline.acquire(self._lock)
            try:
                return self._ingest_locked(path, source, totals, tick, deadline)
            finally:
                self._lock.release()
        except CQCError as exc:
            message = exc.message
        except Exception as exc:  # a bug or library failure on one file must not stop the others
            message = f"unexpected {type(exc).__name__}: {exc}"
        if not message.startswith(path.name):
            message = f"{path.name}: {message}"
        from ingest.parse.document import slugify

        return IngestOutcome(path=str(path), status="failed", doc_id=source.replace or slugify(path.stem),
                             error=message)

    def _ingest_locked(
        self, path: Path, source: _Source, totals: list[int], tick: Callable[[int, int], None], deadline: Deadline
    ) -> IngestOutcome:
        from ingest.chunk import chunk_document
        from ingest.parse.document import parse_file, slugify

        sha = _file_sha256(path, self.settings)
        identity = upload_identity(sha or path.name) if source.name is not None else file_identity(path)
        got = DocIds(self.catalog).assign(slugify(path.stem, empty=""), identity, sha, source.replace)
        previous = self.catalog.sha256_of(got.doc_id)
        if previous is not None and previous == sha and (same := self._unchanged(path, got.doc_id)):
            return same
        deadline.check("before parsing")
        doc = parse_file(path, self.settings)
        doc = doc.model_copy(update={"doc_id": got.doc_id, **({"source_path": source.name} if source.name else {})})
        chunks = chunk_document(doc, self.settings)
        if not chunks:
            raise BadInputError(f"{path.name}: no indexable text after parsing")
        self._store_version(doc, chunks, totals, tick, None if got.duplicate_of else got.identity, deadline)
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
        self, doc: ParsedDocument, chunks: list[Chunk], totals: list[int], tick: Callable[[int, int], None],
        identity: str | None, deadline: Deadline,
    ) -> None:
        """Upsert the new version's vectors, commit the catalog switch, then drop other versions' vectors."""
        version = chunks[0].version
        reusable = self._previous_vectors(doc.doc_id)
        try:
            for lo in range(0, len(chunks), _EMBED_SLICE):
                deadline.check("while embedding")
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
                tick(lo + len(part), len(chunks))
            deadline.check("before the catalog commit")
            self.catalog.replace_document(doc, chunks, identity)
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

