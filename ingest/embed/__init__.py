"""Embedding: the Embedder protocol (`base`), the bundled ONNX model (`onnx`, its graph `rewrite`),
other providers (`providers`) and the cached `factory`."""
