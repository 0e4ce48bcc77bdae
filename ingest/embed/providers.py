"""Embedders that wrap other libraries: sentence-transformers models and LangChain embedding providers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import ConfigurationError, ModelError
from ingest.embed.base import normalise

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.settings import EmbeddingSettings


class HuggingFaceEmbedder:
    """A sentence-transformers model by hub name or local directory (needs sentence-transformers)."""

    def __init__(self, model: str, *, batch_size: int = 32, max_length: int = 512) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigurationError(
                "embedding provider 'huggingface' needs sentence-transformers: "
                "run `pip install sentence-transformers`, or use CQC_EMBEDDING__PROVIDER=onnx"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise ConfigurationError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        self._model.max_seq_length = max_length
        dim = self._model.get_sentence_embedding_dimension()
        if not dim:
            raise ConfigurationError(f"model {model!r} does not report its embedding dimension")
        self.dimension = int(dim)
        self.name = f"huggingface:{model}"
        self.batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for passages."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True)
        return normalise(np.asarray(vectors))

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query."""
        row: np.ndarray = self.embed_documents([text])[0]
        return row


class LangChainEmbedder:
    """Adapts any LangChain `Embeddings` (OpenAI, Azure, Ollama, fakes) to the `Embedder` protocol."""

    def __init__(self, embeddings: Embeddings, name: str, dimension: int | None = None) -> None:
        self._embeddings = embeddings
        self.name = name
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        """Vector length; probed with one short text when the provider's is not known in advance."""
        if self._dimension is None:
            self._dimension = int(self._call(lambda: [self._embeddings.embed_query("dimension")])[0].shape[0])
        return self._dimension

    def _call(self, fn: Any) -> np.ndarray:
        try:
            rows = fn()
        except Exception as exc:  # provider SDKs raise many types: network, auth, rate limit
            raise ModelError(f"embedding provider {self.name} failed: {exc}") from exc
        arr = normalise(np.asarray(rows, dtype=np.float32))
        if self._dimension is not None and arr.shape[1] != self._dimension:
            raise ModelError(
                f"embedding provider {self.name} returned {arr.shape[1]} dims, expected {self._dimension}"
            )
        return arr

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for passages."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._call(lambda: self._embeddings.embed_documents(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query."""
        row: np.ndarray = self._call(lambda: [self._embeddings.embed_query(text)])[0]
        return row


def langchain_embedder(settings: EmbeddingSettings) -> LangChainEmbedder:
    """A LangChain embedding provider (openai, azure or ollama) behind the `Embedder` protocol."""
    provider = settings.provider
    options: dict[str, Any] = {"model": settings.model}
    if settings.api_key is not None:
        options["api_key"] = settings.api_key
    try:
        if provider == "openai":
            from langchain_openai import OpenAIEmbeddings

            options["base_url"] = settings.base_url
            emb: Embeddings = OpenAIEmbeddings(**options)
        elif provider == "azure":
            from langchain_openai import AzureOpenAIEmbeddings

            options.update(azure_deployment=settings.model, api_version=settings.api_version)
            emb = AzureOpenAIEmbeddings(azure_endpoint=settings.base_url, **options)
        else:
            from langchain_ollama import OllamaEmbeddings

            emb = OllamaEmbeddings(model=settings.model, base_url=settings.base_url)
    except ImportError as exc:
        raise ConfigurationError(f"embedding provider {provider!r} needs a missing package: {exc}") from exc
    except Exception as exc:  # e.g. pydantic validation of a missing key or endpoint
        raise ConfigurationError(f"cannot configure embedding provider {provider!r}: {exc}") from exc
    return LangChainEmbedder(emb, name=f"{provider}:{settings.model}")
