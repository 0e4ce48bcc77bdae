"""Ingest pipeline: load files, parse their structure and facts, chunk, embed, store."""
