"""Hybrid retrieval: BM25 (`bm25`), the per-generation index (`index`), filters (`filters`) and the
retriever that fuses them (`retriever`)."""
