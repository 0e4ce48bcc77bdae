"""Jobs and limits shared by every worker: the ingest job queue (an upload's bytes travel with its job) and the
rate-limit token buckets. Written out here, not imported from `tables.py`, so this revision stays
what it was when later ones change the schema.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ingest_jobs and rate_limits."""
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("replace_doc", sa.String(200)),
        sa.Column("doc_key", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("worker", sa.String(200)),
        sa.Column("lease_until", sa.Float),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("stage", sa.String(40), nullable=False, server_default="queued"),
        sa.Column("chunks_done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("chunks_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("finished_at", sa.Float),
        sa.Column("doc_id", sa.String(200)),
        sa.Column("version", sa.String(64)),
        sa.Column("outcome_json", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("error_status", sa.Integer),
    )
    op.create_index("ix_ingest_jobs_status_created", "ingest_jobs", ["status", "created_at"])
    op.create_index("ux_ingest_jobs_running_key", "ingest_jobs", ["doc_key"], unique=True,
                    sqlite_where=sa.text("status = 'running'"), postgresql_where=sa.text("status = 'running'"))
    op.create_table(
        "rate_limits",
        sa.Column("subject", sa.String(300), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.Column("granted", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_rate_limits_updated", "rate_limits", ["updated_at"])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_rate_limits_updated", table_name="rate_limits")
    op.drop_table("rate_limits")
    op.drop_index("ux_ingest_jobs_running_key", table_name="ingest_jobs")
    op.drop_index("ix_ingest_jobs_status_created", table_name="ingest_jobs")
    op.drop_table("ingest_jobs")
