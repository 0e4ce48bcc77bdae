"""Parsing text into a ParsedDocument: lines and sections, document kind, council, CQC scores, LGA analysis."""
