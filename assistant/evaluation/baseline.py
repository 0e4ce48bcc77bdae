"""The naive RAG baseline the eval compares against: fixed-size character chunks + dense top-k.

LangChain's RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) over the same
documents' stored text, embedded with the same model, in a throw-away Chroma collection of its own
(in-memory client; nothing touches the real store).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.retrieve.retriever import QueryEmbedder


class DocumentEmbedder(QueryEmbedder, Protocol):
    """The embedder methods the baseline uses (`ingest.embed.onnx.Embedder` satisfies it)."""

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class BaselineHit:
    """One retrieved baseline chunk."""

    doc_id: str
    start: int
    end: int
    text: str
    similarity: float


class NaiveBaseline:
    """Character-split chunks in an in-memory Chroma collection, searched by embedding only."""

    def __init__(self, documents: Mapping[str, str], embedder: DocumentEmbedder,
                 chunk_size: int = 1000, chunk_overlap: int = 200) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                                  add_start_index=True)
        self.embedder = embedder
        self.hits: list[BaselineHit] = []
        for doc_id, text in documents.items():
            for piece in splitter.create_documents([text], metadatas=[{"doc_id": doc_id}]):
                start = int(piece.metadata["start_index"])
                self.hits.append(BaselineHit(doc_id, start, start + len(piece.page_content),
                                             piece.page_content, 0.0))
        client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
        self._client = client
        self._collection: Any = client.create_collection(
            f"baseline_{uuid.uuid4().hex[:12]}", metadata={"hnsw:space": "cosine"})
        vectors = embedder.embed_documents([h.text for h in self.hits])
        batch = 1000
        for lo in range(0, len(self.hits), batch):
            self._collection.add(ids=[str(i) for i in range(lo, min(lo + batch, len(self.hits)))],
                                 embeddings=vectors[lo:lo + batch].tolist())

    def search(self, question: str, k: int = 5) -> list[BaselineHit]:
        """The k chunks nearest the question."""
        if not self.hits:
            return []
        embedding = self.embedder.embed_query(question)
        result = self._collection.query(query_embeddings=[embedding.tolist()],
                                        n_results=min(k, len(self.hits)))
        out: list[BaselineHit] = []
        for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            h = self.hits[int(chunk_id)]
            out.append(BaselineHit(h.doc_id, h.start, h.end, h.text, 1.0 - float(distance)))
        return out

    def timed_search(self, question: str, k: int = 5) -> tuple[list[BaselineHit], float]:
        """`search` and its wall time in milliseconds."""
        t0 = time.perf_counter()
        hits = self.search(question, k)
        return hits, (time.perf_counter() - t0) * 1000.0

    def close(self) -> None:
        """Drop the temporary collection."""
        with contextlib.suppress(Exception):  # best effort: the collection is in memory anyway
            self._client.delete_collection(self._collection.name)
