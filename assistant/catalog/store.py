"""The Chroma vector store: one cosine collection of chunk vectors that we embed ourselves.

Embedded (PersistentClient under ``settings.chroma_path``) unless ``settings.chroma_url`` names a server.
The collection records the embedding model's name and dimension; opening it with another model is refused
instead of silently mixing vector spaces.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from assistant.catalog.chroma_version import check_server
from assistant.errors import BadInputError, ConfigurationError, ConflictError, UnavailableError
from assistant.models.records import Chunk
from assistant.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from ingest.embed.base import Embedder

_PAGE = 1000


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Chroma metadata of a chunk (missing values as "" and -1, since Chroma has no null)."""
    return {
        "doc_id": chunk.doc_id,
        "version": chunk.version,
        "council": chunk.council or "",
        "kind": chunk.kind.value,
        "theme": chunk.theme or "",
        "quality_statement": chunk.quality_statement or "",
        "statement_score": chunk.statement_score if chunk.statement_score is not None else -1,
    }


def _client(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if not url.hostname:
                raise BadInputError(f"CQC_CHROMA_URL {settings.chroma_url!r} has no host")
            ssl, port = url.scheme == "https", url.port or (443 if url.scheme == "https" else 8000)
            check_server(settings.chroma_url)  # before the client: a server of another release fails obscurely
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except (BadInputError, ConfigurationError, UnavailableError):
        raise
    except Exception as exc:  # chromadb raises plain exceptions for connection failures
        where = settings.chroma_url or settings.chroma_path
        raise UnavailableError(f"cannot open the Chroma store at {where}: {exc}") from exc


def _reopen_embedded(settings: Settings) -> ClientAPI:
    """A fresh embedded client: Chroma caches one System per directory, whose view goes stale when another
    process writes the directory; dropping it makes the next client read the files again."""
    from chromadb.api.shared_system_client import SharedSystemClient

    # dropped, not stopped: other handles in this process (say, an ingest's) keep working until they reopen
    SharedSystemClient._identifier_to_system.pop(str(settings.chroma_path), None)
    return _client(settings)


class VectorStore:
    """Chunk vectors in one Chroma collection (opened on first use when made by `open_store(lazy=True)`).

    An embedded store whose files another process changed answers "Error finding id" or stale ids: reads
    reopen it once (`reopen`) and retry, then fail with UnavailableError (503)."""

    def __init__(
        self, client: ClientAPI | None, collection: Collection | None, batch_size: int,
        reopen: Callable[[], tuple[ClientAPI, Collection]] | None = None,
        opener: Callable[[], VectorStore] | None = None, name: str = "",
    ) -> None:
        self._parts = None if client is None or collection is None else (client, collection, batch_size)
        self._reopen = reopen
        self._opener = opener
        self._open_lock = threading.Lock()
        self.name = collection.name if collection is not None else name
        self.reopened = 0

    def _opened(self) -> tuple[ClientAPI, Collection, int]:
        if self._parts is None:
            with self._open_lock:
                if self._parts is None:
                    if self._opener is None:
                        raise UnavailableError("the vector store was closed")
                    opened = self._opener()
                    self._reopen = opened._reopen
                    self._parts = opened._opened()
        return self._parts

    @property
    def opened(self) -> bool:
        """Whether Chroma has been opened yet (a question answered from the index files never opens it)."""
        return self._parts is not None

    @property
    def _client(self) -> ClientAPI:
        return self._opened()[0]

    @property
    def _collection(self) -> Collection:
        return self._opened()[1]

    @property
    def batch_size(self) -> int:
        """Largest batch sent to Chroma at once."""
        return self._opened()[2]

    def reopen(self) -> bool:
        """Open the embedded store afresh (False with a Chroma server, which is never stale)."""
        batch = self._opened()[2]
        if self._reopen is None:
            return False
        client, collection = self._reopen()
        self._parts = (client, collection, batch)
        self.reopened += 1
        return True

    def _get_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for lo in range(0, len(ids), self.batch_size):
            page = self._collection.get(ids=ids[lo : lo + self.batch_size], include=["embeddings"])
            embeddings = page["embeddings"]
            if embeddings is None:
                continue
            for i, vector in zip(page["ids"], embeddings, strict=True):
                out[i] = np.asarray(vector, dtype=np.float32)
        return out

    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None:
        """Store (or overwrite) vectors for these chunks, in server-sized batches."""
        if len(chunks) != len(embeddings):
            raise BadInputError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        vectors = np.asarray(embeddings, dtype=np.float32)
        for lo in range(0, len(chunks), self.batch_size):
            part = chunks[lo : lo + self.batch_size]
            self._collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[lo : lo + len(part)],
                metadatas=[chunk_metadata(c) for c in part],
            )

    def _query_once(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        result = self._collection.query(
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],  # type: ignore[arg-type]
            n_results=k,
            where=where or None,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks, best first."""
        if k <= 0:
            return []
        try:  # no count() per query: Chroma answers fewer than k (or none) when it holds fewer
            return self._query_once(embedding, k, where)
        except Exception as exc:  # older Chroma servers refuse to query an empty collection
            if self.count() == 0:
                return []
            if not self.reopen():
                raise
            try:
                return self._query_once(embedding, k, where)
            except Exception as again:
                raise UnavailableError(f"the vector store failed to answer a query: {again}") from exc

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of these chunk ids (missing ids are left out).

        An error on an embedded store means its handle may be stale ("Error finding id" after another process
        wrote the directory): it is reopened once and read again; a second failure is UnavailableError (503).
        """
        wanted = list(ids)
        try:
            return self._get_vectors(wanted)
        except Exception as exc:
            if not self.reopen():
                raise UnavailableError(f"the vector store failed to read vectors: {exc}") from exc
            try:
                return self._get_vectors(wanted)
            except Exception as again:
                raise UnavailableError(f"the vector store failed to read vectors after reopening: {again}") from exc

    def delete_doc(self, doc_id: str, keep_version: str | None = None) -> None:
        """Delete a document's vectors, all versions or all but `keep_version`."""
        where: dict[str, Any] = {"doc_id": doc_id} if keep_version is None else {
            "$and": [{"doc_id": doc_id}, {"version": {"$ne": keep_version}}]}
        self._collection.delete(where=where)

    def version_count(self, doc_id: str, version: str) -> int:
        """How many vectors one version of a document has in this collection."""
        found = self._collection.get(where={"$and": [{"doc_id": doc_id}, {"version": version}]}, include=[])
        return len(found["ids"])

    def delete_version(self, doc_id: str, version: str) -> None:
        """Delete one version's vectors of a document."""
        self._collection.delete(where={"$and": [{"doc_id": doc_id}, {"version": version}]})

    def _all_metadata(self) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = []
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            metas = page["metadatas"] or []
            out.extend((i, dict(m or {})) for i, m in zip(page["ids"], metas, strict=True))
            if len(page["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def stored_versions(self) -> list[tuple[str, str, str]]:
        """(chunk id, doc_id, version) of every stored vector."""
        return [(i, str(m.get("doc_id")), str(m.get("version"))) for i, m in self._all_metadata()]

    def gc(
        self,
        active: dict[str, str],
        pending: Iterable[tuple[str, str]] = (),
        listing: Sequence[tuple[str, str, str]] | None = None,
    ) -> int:
        """Delete vectors whose (doc_id, version) is neither active nor pending; returns how many.

        `listing` (from `stored_versions`) lets a caller list the store before it reads the catalog.
        """
        keep = {*active.items(), *pending}
        rows = self.stored_versions() if listing is None else listing
        orphans = [i for i, doc_id, version in rows if (doc_id, version) not in keep]
        for lo in range(0, len(orphans), self.batch_size):
            self._collection.delete(ids=orphans[lo : lo + self.batch_size])
        return len(orphans)

    def ids(self) -> set[str]:
        """Every stored chunk id."""
        return {i for i, _ in self._all_metadata()}

    def count(self) -> int:
        """Number of stored vectors."""
        return int(self._collection.count())

    def ping(self) -> bool:
        """True when the store answers."""
        try:
            self._client.heartbeat()
            self._collection.count()
        except Exception:  # any failure means not ready
            return False
        return True


def open_store(settings: Settings, embedder: Embedder, lazy: bool = False) -> VectorStore:
    """Open (or create) the collection for this embedder; ConflictError when it was built with another.

    `lazy`: return at once and open Chroma (and check the model) on first use; importing and opening Chroma
    takes about a second, which a question answered from the saved index files does not need.
    """
    if lazy:
        return VectorStore(None, None, 0, opener=lambda: open_store(settings, embedder), name=settings.collection)
    client = _client(settings)
    wanted = {"embedding_model": embedder.name, "embedding_dimension": embedder.dimension}
    try:
        collection = client.get_or_create_collection(
            settings.collection,
            metadata={"hnsw:space": "cosine", **wanted},
            embedding_function=None,
        )
    except Exception as exc:  # invalid names, server errors
        raise UnavailableError(f"cannot open Chroma collection {settings.collection!r}: {exc}") from exc
    meta = collection.metadata or {}
    built = (meta.get("embedding_model"), meta.get("embedding_dimension"))
    if built != (wanted["embedding_model"], wanted["embedding_dimension"]):
        raise ConflictError(
            f"collection {settings.collection} was built with model {built[0]} ({built[1]} dims); "
            f"configured model {embedder.name} ({embedder.dimension} dims) — configure that model again, "
            "or set a new CQC_COLLECTION and run `cqc-assistant ingest` to embed the documents into it"
        )
    batch = max(1, min(client.get_max_batch_size(), settings.ingest.upsert_batch_size))

    def reopen() -> tuple[ClientAPI, Collection]:
        fresh = _reopen_embedded(settings)
        return fresh, fresh.get_collection(settings.collection, embedding_function=None)

    return VectorStore(client, collection, batch, None if settings.chroma_url else reopen)
