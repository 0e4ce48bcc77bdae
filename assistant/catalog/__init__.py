"""Storage: one database (`database`, `tables`, `dialect`, `migrate` + `migrations/`: SQLite or PostgreSQL) holding
the catalog (`documents`, `merge`, `schema`), conversations, feedback, ingest jobs and rate-limit buckets; the
Chroma vector store (`store`, `chroma_version`); the one-writer lock of a data directory with an embedded store
(`writer`)."""
