"""The saved optimised graph of the bundled model: same vectors, rebuilt when stale, no cache when unwritable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort

from assistant.settings import EmbeddingSettings
from ingest.embed.factory import get_embedder
from ingest.embed.onnx import OnnxEmbedder
from ingest.embed.session_cache import cache_key

TEXTS = [
    "Safeguarding enquiries were completed promptly and people were kept safe.",
    "The council had a backlog of 600 applications awaiting assessment, and people waited too long for them.",
]


def _vectors(cache_dir: Path | None) -> tuple[np.ndarray, OnnxEmbedder]:
    embedder = OnnxEmbedder()
    embedder.cache_dir = cache_dir
    return np.vstack([embedder.embed_documents([t]) for t in TEXTS]), embedder


def test_cached_graph_gives_the_same_vectors_and_is_reused(tmp_path: Path) -> None:
    plain, _ = _vectors(None)
    first, embedder = _vectors(tmp_path / "models")
    saved = list((tmp_path / "models").iterdir())
    key = cache_key(embedder.model_path, True, ort.__version__)
    assert [p.name for p in saved] == [f"embedder-{key}.onnx"]  # no partial file left behind
    stamp = saved[0].stat().st_mtime_ns
    again, _ = _vectors(tmp_path / "models")
    assert saved[0].stat().st_mtime_ns == stamp  # loaded, not written again
    assert np.array_equal(plain, first) and np.array_equal(plain, again)


def test_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    plain, embedder = _vectors(None)
    models = tmp_path / "models"
    models.mkdir()
    key = cache_key(embedder.model_path, True, ort.__version__)
    (models / f"embedder-{key}.onnx").write_bytes(b"not a model")
    (models / "embedder-0123456789abcdef.onnx").write_bytes(b"an older key's graph")
    vectors, _ = _vectors(models)
    assert np.array_equal(plain, vectors)
    assert [p.name for p in models.iterdir()] == [f"embedder-{key}.onnx"]
    assert (models / f"embedder-{key}.onnx").stat().st_size > 1_000_000
    assert cache_key(embedder.model_path, False, ort.__version__) != key  # the float graph has its own


def test_unwritable_cache_falls_back_to_building(tmp_path: Path) -> None:
    plain, _ = _vectors(None)
    blocked = tmp_path / "models"
    blocked.write_text("a file where the directory would be")
    vectors, _ = _vectors(blocked)
    assert np.array_equal(plain, vectors) and blocked.is_file()


def test_get_embedder_gives_a_fresh_onnx_embedder_the_first_cache_dir(tmp_path: Path) -> None:
    settings = EmbeddingSettings(batch_size=7)  # a key no other test shares: a fresh embedder
    embedder = get_embedder(settings, tmp_path / "a")
    assert isinstance(embedder, OnnxEmbedder) and embedder.cache_dir == tmp_path / "a"
    assert get_embedder(settings, tmp_path / "b") is embedder and embedder.cache_dir == tmp_path / "a"
