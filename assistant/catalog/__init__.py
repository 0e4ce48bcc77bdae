"""Storage: the SQLite catalog (`sqlite`, `schema`), the Chroma vector store (`store`), conversations, and the
one-writer lock of a data directory with an embedded store (`writer`)."""
