"""The embedders: the bundled ONNX MiniLM (real model), the LangChain adapter, provider configuration."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.errors import ConfigurationError
from assistant.settings import EmbeddingSettings
from ingest.embed.base import Embedder
from ingest.embed.factory import build_embedder, get_embedder
from ingest.embed.onnx import OnnxEmbedder
from ingest.embed.providers import LangChainEmbedder

SENTENCES = [
    "Safeguarding enquiries were completed promptly and people were kept safe.",
    "The council made sure adults at risk of abuse were protected quickly.",
    "The football match ended in a goalless draw after extra time.",
    "Waiting lists for care act assessments had grown over the past year.",
]


def test_onnx_vectors_are_unit_float32_rows(embedder: Embedder) -> None:
    vectors = embedder.embed_documents(SENTENCES)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.dimension == 384
    query = embedder.embed_query(SENTENCES[0])
    assert query.shape == (384,)
    assert float(query @ vectors[0]) == pytest.approx(1.0, abs=1e-5)


def test_related_sentences_are_closer_than_unrelated(embedder: Embedder) -> None:
    v = embedder.embed_documents(SENTENCES)
    related = float(v[0] @ v[1])
    assert related > float(v[0] @ v[2]) + 0.2
    assert related > float(v[1] @ v[2]) + 0.2
    query = embedder.embed_query("How quickly does the council respond to safeguarding concerns?")
    ranking = np.argsort(-(v @ query))
    assert set(ranking[:2]) == {0, 1}


def test_order_batching_and_truncation_do_not_change_vectors(embedder: Embedder) -> None:
    long_text = " ".join(["Assessment waiting times fell while demand for care rose."] * 120)
    texts = [*SENTENCES, long_text, "Short."]
    reference = embedder.embed_documents(texts)
    small_batches = OnnxEmbedder(batch_size=2, max_length=512).embed_documents(list(reversed(texts)))[::-1]
    assert np.allclose(reference, small_batches, atol=1e-5)  # ran in parallel on two threads
    one_thread = OnnxEmbedder(batch_size=2, threads=1).embed_documents(texts)
    assert np.allclose(reference, one_thread, atol=1e-5)
    assert np.allclose(reference[0], embedder.embed_query(texts[0]), atol=1e-5)
    assert embedder.embed_documents([]).shape == (0, 384)
    # float32 products share padded batches; padding and batch mates still do not change a vector
    float_path = OnnxEmbedder(int8_matmul=False)
    batched = float_path.embed_documents(texts)
    singles = OnnxEmbedder(batch_size=1, int8_matmul=False).embed_documents(list(reversed(texts)))[::-1]
    assert np.allclose(batched, singles, atol=1e-4)


def test_int8_products_stay_close_to_the_float_path(embedder: Embedder) -> None:
    texts = [*SENTENCES, "Score: 2 - Evidence shows some shortfalls"]
    cosines = np.sum(embedder.embed_documents(texts) * OnnxEmbedder(int8_matmul=False).embed_documents(texts), axis=1)
    assert cosines.min() > 0.97


def test_get_embedder_is_cached_per_settings() -> None:
    settings = EmbeddingSettings()
    assert get_embedder(settings) is get_embedder(EmbeddingSettings())
    assert get_embedder(settings).name == "all-MiniLM-L6-v2+int8-matmul"
    assert get_embedder(EmbeddingSettings(int8_matmul=False)).name == "all-MiniLM-L6-v2"


def test_langchain_adapter_normalises_and_probes_dimension() -> None:
    fake = LangChainEmbedder(DeterministicFakeEmbedding(size=16), name="fake:16")
    assert isinstance(fake, Embedder)
    assert fake.dimension == 16
    vectors = fake.embed_documents(SENTENCES)
    assert vectors.shape == (4, 16) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(fake.embed_query(SENTENCES[2]), vectors[2], atol=1e-6)
    assert fake.embed_documents([]).shape == (0, 16)


def test_langchain_adapter_rejects_a_wrong_width() -> None:
    from assistant.errors import ModelError

    wrong = LangChainEmbedder(DeterministicFakeEmbedding(size=8), name="fake:8", dimension=16)
    with pytest.raises(ModelError, match="8 dims, expected 16"):
        wrong.embed_query("x")


def test_huggingface_without_sentence_transformers_says_what_to_install() -> None:
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("sentence-transformers is installed here")
    with pytest.raises(ConfigurationError, match="pip install sentence-transformers"):
        build_embedder(EmbeddingSettings(provider="huggingface", model="some/model"))


def test_langchain_providers_are_built_through_the_adapter() -> None:
    ollama = build_embedder(EmbeddingSettings(provider="ollama", model="nomic-embed-text",
                                              base_url="http://127.0.0.1:9"))
    assert isinstance(ollama, LangChainEmbedder) and ollama.name == "ollama:nomic-embed-text"
    openai = build_embedder(EmbeddingSettings(provider="openai", model="text-embedding-3-small",
                                              api_key="sk-test", base_url="http://127.0.0.1:9/v1"))
    assert isinstance(openai, LangChainEmbedder) and openai.name == "openai:text-embedding-3-small"


def test_missing_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        OnnxEmbedder(tmp_path / "missing.onnx")


def test_batches_respect_count_and_padded_token_budget() -> None:
    onnx = OnnxEmbedder(batch_size=4, int8_matmul=False)
    ids = [[1] * n for n in (10, 10, 10, 10, 10, 600, 600, 600, 600)]
    batches = onnx._batches(list(range(len(ids))), ids)
    assert [i for b in batches for i in b] == list(range(len(ids)))
    assert all(len(b) <= 4 and len(b) * max(len(ids[i]) for i in b) <= 2048 for b in batches)
    assert [len(b) for b in batches] == [4, 3, 2]  # 4 x 600 would pad to 2,400 tokens
    assert OnnxEmbedder(batch_size=4)._batches([2, 0, 1], ids) == [[2], [0], [1]]  # int8: each text alone
