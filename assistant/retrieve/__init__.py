"""Hybrid retrieval: BM25 (`bm25`), the per-generation index (`state`: built or opened; `files`: saved with
its generation in the data directory, opened memory-mapped; `index`: open-or-build and dense search), filters
(`filters`), the retriever that fuses them (`retriever`), and the sentence vectors saved per generation for
ranking sentences by meaning (`sentences`)."""
