"""Atomic, idempotent ingest: files -> parse -> chunk -> embed -> Chroma + SQLite catalog.

Per document: the new version's vectors are upserted first (chunk ids carry the version), then one
catalog transaction swaps the document's rows and chunk rows (the switch readers see), then the old
version's vectors are deleted. Readers trust only chunk ids the catalog lists, so they never see a mix;
vectors orphaned by a crash between the steps are collected when the next Ingestor opens.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import BadInputError, CQCError
from assistant.models import Chunk, IngestOutcome, ParsedDocument
from assistant.settings import Settings
from ingest.load import EXTENSIONS

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.store import VectorStore
    from ingest.embed import Embedder

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


class Ingestor:
    """Adds, replaces and removes documents in the catalog and the vector store together."""

    def __init__(self, settings: Settings, catalog: Catalog, store: VectorStore, embedder: Embedder) -> None:
        self.settings = settings
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self._lock = threading.Lock()
        self.collected = store.gc(catalog.active_versions())  # orphans of an interrupted ingest

    def ingest_paths(self, paths: Sequence[Path], progress: ProgressFn | None = None) -> list[IngestOutcome]:
        """Ingest files and folders; each file's failure becomes a "failed" outcome, the rest go on."""
        from ingest.parse import slugify

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
                outcome = self._ingest_file(path, doc_id, totals, partial(report, path))
            outcomes.append(outcome)
            report(path, outcome)
        return outcomes

    def _ingest_file(
        self, path: Path, doc_id: str, totals: list[int], tick: Callable[[], None]
    ) -> IngestOutcome:
        try:
            with self._lock:
                return self._ingest_locked(path, doc_id, totals, tick)
        except CQCError as exc:
            message = exc.message
        except Exception as exc:  # a bug or library failure on one file must not stop the others
            message = f"unexpected {type(exc).__name__}: {exc}"
        if not message.startswith(path.name):
            message = f"{path.name}: {message}"
        return IngestOutcome(path=str(path), status="failed", doc_id=doc_id, error=message)

    def _ingest_locked(
        self, path: Path, doc_id: str, totals: list[int], tick: Callable[[], None]
    ) -> IngestOutcome:
        from ingest.chunk import chunk_document
        from ingest.parse import parse_file

        previous = self.catalog.sha256_of(doc_id)
        if previous is not None and previous == _file_sha256(path, self.settings):
            record = self.catalog.document(doc_id)
            return IngestOutcome(path=str(path), status="unchanged", doc_id=doc_id, kind=record.kind,
                                 council=record.council, chunks=record.chunk_count)
        doc = parse_file(path, self.settings)
        previous = self.catalog.sha256_of(doc.doc_id)
        if previous == doc.sha256:  # same content under a doc_id the parser chose differently
            record = self.catalog.document(doc.doc_id)
            return IngestOutcome(path=str(path), status="unchanged", doc_id=doc.doc_id, kind=record.kind,
                                 council=record.council, chunks=record.chunk_count)
        chunks = chunk_document(doc, self.settings)
        if not chunks:
            raise BadInputError(f"{path.name}: no indexable text after parsing")
        self._store_version(doc, chunks, totals, tick)
        return IngestOutcome(
            path=str(path), status="added" if previous is None else "replaced", doc_id=doc.doc_id,
            kind=doc.kind, council=doc.council, chunks=len(chunks), tokens=sum(c.token_count for c in chunks),
        )

    def _store_version(
        self, doc: ParsedDocument, chunks: list[Chunk], totals: list[int], tick: Callable[[], None]
    ) -> None:
        """Upsert the new version's vectors, commit the catalog switch, then drop other versions' vectors."""
        version = chunks[0].version
        try:
            for lo in range(0, len(chunks), _EMBED_SLICE):
                part = chunks[lo : lo + _EMBED_SLICE]
                vectors = self.embedder.embed_documents([c.text for c in part])
                self.store.upsert(part, vectors)
                totals[0] += len(part)
                totals[1] += sum(c.token_count for c in part)
                tick()
            self.catalog.replace_document(doc, chunks)
        except BaseException:
            self._discard(doc.doc_id, version)
            raise
        self.store.delete_doc(doc.doc_id, keep_version=version)

    def _discard(self, doc_id: str, version: str) -> None:
        """Best effort: remove a version's vectors after a failed ingest (gc catches what this misses)."""
        if self.catalog.active_versions().get(doc_id) == version:
            return
        try:
            self.store.delete_version(doc_id, version)
        except Exception:  # the store may be what failed; the next open's gc removes the orphans
            return

    def remove(self, doc_id: str) -> None:
        """Remove a document from the catalog (NotFoundError if absent), then its vectors."""
        with self._lock:
            self.catalog.remove_document(doc_id)
            self.store.delete_doc(doc_id)

