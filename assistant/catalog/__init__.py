"""Storage: the SQLite catalog (`sqlite`, `schema`), the Chroma vector store (`store`) and conversations."""
