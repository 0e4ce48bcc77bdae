"""Document ids that cannot collide, and which file replaces which document.

An id is the file name's slug (`ingest.parse.document.slugify`), but a file replaces a document only when it
is the same source: the same path re-ingested (identity ``file:/absolute/path``), an upload of identical
content (``upload:SHA256``), or an upload that names the document it replaces. A file whose slug is taken by
another source, or folds to nothing ('Отчёт.txt', '報告.txt'), gets the slug (or 'document') plus a short
hash of its source identity. Identical content already loaded under another id is that document, unchanged.
The catalog records each document's identity (`Catalog.source_ids`) and refuses, in the commit transaction,
an id another writer gave to another source meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.errors import NotFoundError
from assistant.models.records import DocumentRecord

HASH_CHARS = 8


class SourceCatalog(Protocol):
    """What id assignment reads from the catalog."""

    def documents(self) -> list[DocumentRecord]: ...
    def source_ids(self) -> dict[str, str]: ...


def file_identity(path: Path) -> str:
    """The identity of a file ingested from disk: its absolute path."""
    return "file:" + str(Path(path).resolve())


def upload_identity(sha256: str) -> str:
    """The identity of an upload: its content (uploads have no lasting path)."""
    return "upload:" + sha256


def short_hash(identity: str) -> str:
    """A short, stable hash of a source identity."""
    return hashlib.sha256(identity.encode()).hexdigest()[:HASH_CHARS]


@dataclass(frozen=True)
class Assigned:
    """The id a file gets, the identity recorded with it, and the document it duplicates (same content)."""

    doc_id: str
    identity: str
    duplicate_of: str | None = None


@dataclass
class DocIds:
    """Id assignment for one ingest run, over the catalog as it was when the run started."""

    catalog: SourceCatalog
    records: dict[str, DocumentRecord] = field(init=False)
    owners: dict[str, str] = field(init=False)  # doc_id -> identity
    taken: dict[str, str] = field(default_factory=dict)  # ids given in this run -> identity

    def __post_init__(self) -> None:
        self.records = {d.doc_id: d for d in self.catalog.documents()}
        self.owners = self.catalog.source_ids()

    def _owner(self, doc_id: str) -> str | None:
        """The identity that owns an id (a document ingested before identities: its stored path's)."""
        if doc_id in self.taken:
            return self.taken[doc_id]
        if doc_id in self.owners:
            return self.owners[doc_id]
        record = self.records.get(doc_id)
        if record is None:
            return None
        stored = Path(record.source_path)
        return file_identity(stored) if stored.is_absolute() or stored.exists() else "legacy:" + record.source_path

    def assign(self, slug: str, identity: str, sha256: str | None, replace: str | None = None) -> Assigned:
        """The id for a file with this slug ('' when it folds to nothing), identity and content hash."""
        if replace is not None:
            if replace not in self.records:
                raise NotFoundError(f"No loaded document {replace[:100]!r} to replace.")
            return self._give(replace, self.owners.get(replace, identity))
        for doc_id, owner in self.owners.items():
            if owner == identity and doc_id in self.records:
                return self._give(doc_id, identity)
        same = next((d.doc_id for d in self.records.values() if sha256 and d.sha256 == sha256), None)
        if same is not None:  # identical content is already loaded: that document (recorded as its own source)
            return self._give(same, identity) if self._owner(same) == identity else Assigned(same, identity, same)
        base = slug or "document"
        if slug and self._owner(base) in (None, identity):
            return self._give(base, identity)
        return self._give(f"{base}-{short_hash(identity)}", identity)

    def _give(self, doc_id: str, identity: str) -> Assigned:
        self.taken[doc_id] = identity
        return Assigned(doc_id, identity)
