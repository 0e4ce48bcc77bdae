"""Ingest pipeline: load files, parse their structure and facts, chunk, embed, store (`pipeline`), with
collision-free document ids (`doc_ids`) and a cooperative deadline between stages (`deadline`)."""
