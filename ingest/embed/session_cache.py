"""The embedding model's onnxruntime session, built from a saved optimised graph when one fits.

Building a session from the bundled file costs about 0.6 s of CPU at every start: the graph rewrites
(`ingest.embed.rewrite`, with the onnx import) and onnxruntime's graph optimisation. The first build
saves the optimised graph (`SessionOptions.optimized_model_filepath`) under the cache directory (the data
dir's ``models/``); later starts load that file with optimisations off (about 0.1 s), the same graph
and so the same vectors. The file is keyed by the model file's SHA-256, the rewrite code, the int8 flag,
the onnxruntime version and the processor (onnxruntime's fully optimised graphs may hold
processor-specific layouts), so any change builds anew. A missing, stale, unreadable or unwritable
cache only means the session is built as without one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_PREFIX = "embedder-"


def _processor() -> str:
    """The machine type and the processor's feature flags (Linux), as one string."""
    flags = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            flags = next((line for line in cpuinfo if line.startswith(("flags", "Features"))), "")
    except OSError:
        pass
    return f"{platform.machine()} {' '.join(sorted(flags.split(':', 1)[-1].split()))}"


def cache_key(model_path: Path, int8_matmul: bool, ort_version: str) -> str:
    """A digest of everything the optimised graph depends on."""
    digest = hashlib.sha256()
    with open(model_path, "rb") as model:
        digest.update(hashlib.file_digest(model, "sha256").digest())
    digest.update(Path(__file__).with_name("rewrite.py").read_bytes())
    digest.update(f"|int8={int8_matmul}|ort={ort_version}|{_processor()}".encode())
    return digest.hexdigest()[:32]


def _options(ort: Any, optimise: bool) -> Any:
    options = ort.SessionOptions()  # defaults: all graph optimisations, sequential, memory arena
    options.intra_op_num_threads = 1  # parallel across batches instead (see OnnxEmbedder)
    options.inter_op_num_threads = 1
    if not optimise:
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return options


def build_session(model_path: Path, int8_matmul: bool, cache_dir: Path | None) -> Any:
    """An InferenceSession of the rewritten model: from the cache when it holds this key, else built (and
    its optimised graph saved when `cache_dir` is given and writable)."""
    import onnxruntime as ort

    providers = ["CPUExecutionProvider"]
    cached: Path | None = None
    if cache_dir is not None:
        try:
            cached = cache_dir / f"{_PREFIX}{cache_key(model_path, int8_matmul, ort.__version__)}.onnx"
            if cached.is_file():
                return ort.InferenceSession(str(cached), sess_options=_options(ort, False), providers=providers)
        except Exception as exc:  # unreadable or corrupt: build as without a cache (and save it again)
            log.warning("embedding model cache %s not used: %s", cached, exc)
    from ingest.embed.rewrite import prepare_model

    model = prepare_model(model_path, int8_matmul=int8_matmul)
    options = _options(ort, True)
    partial = None
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
            options.optimized_model_filepath = str(partial)
            options.log_severity_level = 3  # its warning that the saved graph fits this processor: the key has it
        except OSError as exc:
            log.warning("embedding model cache %s not writable: %s", cached.parent, exc)
            partial = None
    try:
        session = ort.InferenceSession(model, sess_options=options, providers=providers)
    except Exception:
        if partial is None:
            raise
        partial.unlink(missing_ok=True)  # saving failed (or the model did): try once more without saving
        return ort.InferenceSession(model, sess_options=_options(ort, True), providers=providers)
    if partial is not None and cached is not None:
        _publish(partial, cached)
    return session


def _publish(partial: Path, cached: Path) -> None:
    """Move the saved graph into place (atomically) and drop this model's older cached graphs."""
    try:
        if not partial.is_file():
            return
        os.replace(partial, cached)
        for old in cached.parent.glob(f"{_PREFIX}*.onnx"):
            if old != cached:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("embedding model cache %s not saved: %s", cached, exc)
        partial.unlink(missing_ok=True)
