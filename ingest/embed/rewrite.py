"""Rewrites of the embedding model's ONNX graph that make it faster on the CPU, applied at load.

- Softmax NaN guards are dropped. This is exact: the guards never fire on our inputs.
- The exporter's five-operator erf GELU becomes one fused Gelu (same function, float rounding aside).
- Matrix products with int8 weights run in int8 (optional). The bundled MiniLM stores each weight
  matrix as int8 with a per-column scale, but its graph turns the weights back into float32 and
  multiplies in float32, which is most of the embedding time. Each such product becomes the pattern
  onnxruntime's dynamic quantisation emits: the activation is quantised to uint8 per run
  (DynamicQuantizeLinear; the embedder runs each text alone), multiplied with the shipped int8 weights
  exactly (MatMulInteger), and scaled back to float32; onnxruntime fuses this into its int8 kernels.
  Only the activations lose precision: cosine to the float path ≥ 0.98 (mean 0.995) on the sample
  corpus, with the same retrieval quality (tests/ingest/test_onnx_rewrite.py).

Measured on two cores, the first two cut about a fifth of the int8 run time. The rewrites take about
0.3 s; `ingest.embed.session_cache` keeps the rewritten, optimised graph in the data dir.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import ConfigurationError

if TYPE_CHECKING:
    from onnx import GraphProto, ModelProto, NodeProto, TensorProto


def _int8_weight(
    node: NodeProto, producers: dict[str, NodeProto], initializers: dict[str, TensorProto]
) -> tuple[str, str] | None:
    """(int8 weight, float scale) initializer names if `node` is MatMul(x, Mul(Cast(int8 W), scale))."""
    from onnx import TensorProto

    if node.op_type != "MatMul" or len(node.input) != 2:
        return None
    scaled = producers.get(node.input[1])
    if scaled is None or scaled.op_type != "Mul":
        return None
    cast_out, scale = scaled.input
    if scale not in initializers:  # Mul is commutative: the scale may come first
        cast_out, scale = scale, cast_out
    cast = producers.get(cast_out)
    if cast is None or cast.op_type != "Cast" or scale not in initializers:
        return None
    weight = initializers.get(cast.input[0])
    if weight is None or weight.data_type != TensorProto.INT8 or len(weight.dims) != 2:
        return None
    scale_dims = [d for d in initializers[scale].dims if d != 1]
    if scale_dims not in ([], [weight.dims[1]]):  # one scale per tensor or per output column
        return None
    return weight.name, scale


def int8_matmul_model(model: ModelProto) -> tuple[ModelProto, int]:
    """The model with every int8-weight MatMul run as an int8 product, and how many were rewritten."""
    from onnx import TensorProto, helper

    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}
    quantised: dict[str, tuple[str, str, str]] = {}  # activation -> (uint8, scale, zero point)
    nodes: list[NodeProto] = []
    rewritten = 0
    for node in graph.node:
        found = _int8_weight(node, producers, initializers)
        if found is None:
            nodes.append(node)
            continue
        weight, weight_scale = found
        x, y = node.input[0], node.output[0]
        if x not in quantised:
            quantised[x] = (f"{x}__u8", f"{x}__scale", f"{x}__zero")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x], list(quantised[x]), name=f"{x}__quantise"))
        x_u8, x_scale, x_zero = quantised[x]
        name = node.name or y
        nodes += [
            helper.make_node("Mul", [x_scale, weight_scale], [f"{name}__scales"], name=f"{name}__scales"),
            helper.make_node("MatMulInteger", [x_u8, weight, x_zero], [f"{name}__i32"], name=f"{name}__int8"),
            helper.make_node("Cast", [f"{name}__i32"], [f"{name}__f32"], to=TensorProto.FLOAT, name=f"{name}__cast"),
            helper.make_node("Mul", [f"{name}__f32", f"{name}__scales"], [y], name=f"{name}__rescale"),
        ]
        rewritten += 1
    del graph.node[:]
    graph.node.extend(nodes)
    _prune(graph)  # the Cast/Mul pairs that turned the weights back into float32
    return model, rewritten


def drop_softmax_nan_guards(model: ModelProto) -> tuple[ModelProto, int]:
    """The model without `Where(IsNaN(p), 0, p)` after attention softmaxes, and how many were dropped.

    The exporter guards against rows whose keys are all masked (softmax of all -inf is NaN). Every row
    here keeps at least the [CLS] and [SEP] tokens unmasked, so the guard never fires, and it cost about
    a tenth of the run time (a full pass over every attention matrix).
    """
    graph = model.graph
    producers = {out: node for node in graph.node for out in node.output}
    alias: dict[str, str] = {}
    for node in graph.node:
        if node.op_type != "Where" or len(node.input) != 3:
            continue
        test, probs = producers.get(node.input[0]), producers.get(node.input[2])
        if test is None or probs is None or test.op_type != "IsNaN" or probs.op_type != "Softmax":
            continue
        if test.input[0] == node.input[2]:
            alias[node.output[0]] = node.input[2]
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in alias:
                node.input[i] = alias[name]
    _prune(graph)
    return model, len(alias)


def fuse_erf_gelu(model: ModelProto) -> tuple[ModelProto, int]:
    """The model with each exported `x * (0.5 * (1 + erf(x / sqrt 2)))` as one Gelu, and how many.

    onnxruntime fuses only some orderings of these five operators itself, not the exporter's; its
    Gelu kernel computes the same function (differences at float rounding level) in one pass.
    """
    from onnx import helper

    graph = model.graph
    producers = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    constants = _constants(graph)

    def only_consumer(node: NodeProto, op_type: str) -> NodeProto | None:
        found = consumers.get(node.output[0], [])
        return found[0] if len(found) == 1 and found[0].op_type == op_type else None

    def other_input(node: NodeProto, known: str) -> str:
        return str(node.input[1] if node.input[0] == known else node.input[0])

    replace: dict[int, NodeProto] = {}  # id of the final Mul -> its Gelu
    for erf in [n for n in graph.node if n.op_type == "Erf"]:
        div = producers.get(erf.input[0])
        add = only_consumer(erf, "Add")
        half = only_consumer(add, "Mul") if add else None
        times_x = only_consumer(half, "Mul") if half else None
        if div is None or div.op_type != "Div" or add is None or half is None or times_x is None:
            continue
        x = div.input[0]
        if not (
            _near(constants.get(div.input[1]), 2**0.5)
            and _near(constants.get(other_input(add, erf.output[0])), 1.0)
            and _near(constants.get(other_input(half, add.output[0])), 0.5)
            and other_input(times_x, half.output[0]) == x
        ):
            continue
        replace[id(times_x)] = helper.make_node("Gelu", [x], list(times_x.output), domain="com.microsoft",
                                                name=f"{times_x.name or x}__gelu")
    if replace:
        nodes = [replace.get(id(node), node) for node in graph.node]
        del graph.node[:]
        graph.node.extend(nodes)
        if not any(o.domain == "com.microsoft" for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
        _prune(graph)
    return model, len(replace)


def _constants(graph: GraphProto) -> dict[str, float]:
    """Scalar values of one-element initializers and Constant nodes, by name."""
    from onnx import numpy_helper

    tensors = {i.name: i for i in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            tensors[node.output[0]] = node.attribute[0].t
    out: dict[str, float] = {}
    for name, tensor in tensors.items():
        if int(np.prod(tensor.dims)) == 1:
            out[name] = float(numpy_helper.to_array(tensor).reshape(-1)[0])
    return out


def _near(value: float | None, target: float) -> bool:
    return value is not None and abs(value - target) <= 1e-5 * abs(target)


def _prune(graph: GraphProto) -> None:
    """Remove nodes and initializers nothing reaches from the graph's outputs."""
    if any(a.g.node or a.graphs for node in graph.node for a in node.attribute):
        return  # subgraphs may read outer names; leave such a graph whole
    needed = {o.name for o in graph.output}
    kept: list[NodeProto] = []
    for node in reversed(graph.node):
        if any(out in needed for out in node.output):
            kept.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(kept))
    live = [i for i in graph.initializer if i.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(live)


def prepare_model(path: Path, *, int8_matmul: bool) -> bytes:
    """The ONNX file at `path`, serialised with the exact rewrites and, if asked, with int8 products."""
    try:
        import onnx
    except ImportError as exc:  # pragma: no cover - onnx is a dependency
        raise ConfigurationError("the onnx embedding provider needs the 'onnx' package") from exc
    try:
        model, _ = drop_softmax_nan_guards(onnx.load(str(path)))
        model, _ = fuse_erf_gelu(model)
        rewritten = int8_matmul_model(model)[1] if int8_matmul else None
    except Exception as exc:  # onnx's own error types
        raise ConfigurationError(f"cannot read embedding model {path}: {exc}") from exc
    if rewritten == 0:
        raise ConfigurationError(
            f"{path} has no int8-weight matrix products to run in int8; set CQC_EMBEDDING__INT8_MATMUL=false"
        )
    data: bytes = model.SerializeToString()
    return data
