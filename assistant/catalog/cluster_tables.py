"""Tables that let several workers share one database: the ingest job queue and the rate-limit buckets.

Created by Alembic revision 0002 (`assistant/catalog/migrations/versions/0002_jobs_and_limits.py`).
Times are epoch seconds (float) from the workers' clocks, the same type in SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text, text

metadata = MetaData()

ingest_jobs = Table(
    "ingest_jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("status", String(16), nullable=False),  # queued | running | done | failed
    Column("filename", String(255), nullable=False),
    Column("replace_doc", String(200)),
    Column("doc_key", String(300), nullable=False),  # one running ingest per key, across machines
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # the upload's bytes (emptied when the job finishes)
    Column("worker", String(200)),
    Column("lease_until", Float),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("stage", String(40), nullable=False, server_default="queued"),
    Column("chunks_done", Integer, nullable=False, server_default="0"),
    Column("chunks_total", Integer, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("doc_id", String(200)),
    Column("version", String(64)),
    Column("outcome_json", Text),
    Column("error", Text),
    Column("error_status", Integer),
)
Index("ix_ingest_jobs_status_created", ingest_jobs.c.status, ingest_jobs.c.created_at)
Index(
    "ux_ingest_jobs_running_key",
    ingest_jobs.c.doc_key,
    unique=True,
    sqlite_where=text("status = 'running'"),
    postgresql_where=text("status = 'running'"),
)

rate_limits = Table(
    "rate_limits",
    metadata,
    Column("subject", String(300), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("granted", Integer, nullable=False, server_default="1"),
)
Index("ix_rate_limits_updated", rate_limits.c.updated_at)
