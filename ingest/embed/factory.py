"""The configured embedder, built once per process."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.settings import EmbeddingSettings, Settings
from ingest.embed.base import Embedder
from ingest.embed.onnx import OnnxEmbedder
from ingest.embed.providers import HuggingFaceEmbedder, langchain_embedder


def _secret(settings: EmbeddingSettings) -> str | None:
    return settings.api_key.get_secret_value() if settings.api_key else None


def build_embedder(settings: EmbeddingSettings) -> Embedder:
    """A new embedder for the configured provider."""
    if settings.provider == "onnx":
        return OnnxEmbedder(
            settings.model_path, name=settings.model, max_length=settings.max_length,
            batch_size=settings.batch_size, threads=settings.threads, int8_matmul=settings.int8_matmul,
        )
    if settings.provider == "huggingface":
        source = str(settings.model_path) if settings.model_path else settings.model
        return HuggingFaceEmbedder(source, batch_size=settings.batch_size, max_length=settings.max_length)
    return langchain_embedder(settings)


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(settings: EmbeddingSettings, cache_dir: Path | None = None) -> Embedder:
    """The embedder for these settings, built once per process; an ONNX model not loaded yet keeps its
    optimised graph in `cache_dir` (a data dir's ``models/``; the first caller's, when several data dirs
    share the process's embedder)."""
    key = settings.model_dump_json() + (_secret(settings) or "")
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = build_embedder(settings)
        embedder = _CACHE[key]
        if cache_dir is not None and isinstance(embedder, OnnxEmbedder) and embedder.cache_dir is None:
            embedder.cache_dir = cache_dir
        return embedder


def data_dir_embedder(settings: Settings) -> Embedder:
    """The embedder of these settings, its optimised model graph kept in the data dir's ``models/``."""
    return get_embedder(settings.embedding, settings.data_dir / "models")
