"""Baseline: the schema of the SQLite catalog's version 2 (documents, facts, chunks, the generation counter,
conversations and feedback).

On an empty database it creates everything. On a catalog made before Alembic (`meta` holds schema_version
1 or 2, no `alembic_version` table) it creates only the tables it lacks (conversation tables appear on a
catalog's first conversation, `feedback` came with version 2) and adds version 2's columns to `documents`,
so that catalog carries on without a new ingest. The tables are written out here, not imported from
`tables.py`, so this revision stays what it was when later ones change the schema.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, Text

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

LEGACY_COLUMNS = ("council_code", "published_as")  # documents columns added by the catalog's version 2


def _doc_id(primary_key: bool = False) -> Column[str]:
    return Column("doc_id", Text, ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=primary_key,
                  nullable=False)


def _score_columns() -> list[Column[object]]:
    return [Column("statement", Text, nullable=False), Column("theme", Text, nullable=False),
            Column("score", Integer, nullable=False), Column("wording", Text), Column("label", Text, nullable=False),
            Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
            Column("origin", Text, nullable=False)]


def baseline() -> MetaData:
    """The tables of revision 0001."""
    metadata = MetaData()
    Table("meta", metadata, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))

    Table(
        "documents", metadata,
        Column("doc_id", Text, primary_key=True), Column("title", Text, nullable=False),
        Column("kind", Text, nullable=False), Column("council", Text), Column("publisher", Text),
        Column("published", Text), Column("source_path", Text, nullable=False),
        Column("source_format", Text, nullable=False), Column("sha256", Text, nullable=False),
        Column("version", Text, nullable=False), Column("ingested_at", Text, nullable=False),
        Column("text", Text, nullable=False), Column("parsed_json", Text, nullable=False),
        Column("council_code", Text), Column("published_as", Text),
        Index("documents_council", "council"),
    )

    Table(
        "assessments", metadata,
        _doc_id(primary_key=True), Column("council", Text, nullable=False), Column("published", Text),
        Column("assessment_start", Text), Column("assessment_end", Text), Column("overall_rating", Text),
        Column("rating_wording", Text), Column("rating_start", Integer), Column("rating_end", Integer),
        Column("indicative", Integer, nullable=False), Column("overall_percentage", Integer),
        Column("percentage_start", Integer), Column("percentage_end", Integer),
        Index("assessments_council", "council"),
    )

    Table(
        "statement_scores", metadata,
        _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True), *_score_columns(),
    )

    Table(
        "score_conflicts", metadata,
        _doc_id(primary_key=True), Column("conflict", Integer, primary_key=True),
        Column("ordinal", Integer, primary_key=True), *_score_columns(),
    )

    Table(
        "sections", metadata,
        _doc_id(primary_key=True), Column("ordinal", Integer, nullable=False), Column("id", Text, primary_key=True),
        Column("heading", Text, nullable=False), Column("role", Text, nullable=False),
        Column("level", Integer, nullable=False), Column("path", Text, nullable=False),
        Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
        Column("body_start", Integer, nullable=False), Column("theme", Text), Column("quality_statement", Text),
        Column("parent_id", Text),
    )

    Table(
        "good_practice", metadata,
        _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True),
        Column("statement", Text, nullable=False), Column("subsection", Text), Column("label", Text, nullable=False),
        Column("text", Text, nullable=False), Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Index("good_practice_statement", "statement"),
    )

    Table(
        "statement_analyses", metadata,
        _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True),
        Column("statement", Text, nullable=False), Column("section_id", Text, nullable=False),
        Column("subsections", Text, nullable=False), Column("councils_scoring_3", Integer),
        Column("count_start", Integer), Column("count_end", Integer),
    )

    Table(
        "chunks", metadata,
        Column("id", Text, primary_key=True), _doc_id(), Column("version", Text, nullable=False),
        Column("ordinal", Integer, nullable=False), Column("text", Text, nullable=False),
        Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
        Column("token_count", Integer, nullable=False), Column("council", Text), Column("kind", Text, nullable=False),
        Column("theme", Text), Column("quality_statement", Text), Column("statement_score", Integer),
        Column("heading_path", Text, nullable=False), Column("section_id", Text), Column("unit", Text, nullable=False),
        Index("chunks_doc", "doc_id", "ordinal"),
    )

    Table(
        "pending_versions", metadata,
        Column("doc_id", Text, primary_key=True), Column("version", Text, primary_key=True),
        Column("started_at", Text, nullable=False),
    )

    # which source each document came from ('file:/abs/path' or 'upload:SHA256'): a file replaces a document only
    # when it is the same source (documents ingested before this table have no row)
    Table(
        "document_sources", metadata,
        Column("doc_id", Text, primary_key=True), Column("identity", Text, nullable=False),
    )

    Table(
        "feedback", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True), Column("at", Text, nullable=False),
        Column("owner", Text, nullable=False), Column("rating", Text, nullable=False), Column("comment", Text),
        Column("conversation_id", Text), Column("question", Text, nullable=False),
        Column("answer", Text, nullable=False),
        Column("citations_json", Text, nullable=False),
        Index("feedback_at", "at"),
        sqlite_autoincrement=True,
    )

    Table(
        "api_conversations", metadata,
        Column("id", Text, primary_key=True), Column("owner", Text, nullable=False),
        Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False),
        Index("api_conversations_updated", "updated_at"),
    )

    Table(
        "api_turns", metadata,
        Column("conversation_id", Text, ForeignKey("api_conversations.id", ondelete="CASCADE"), primary_key=True,
               nullable=False),
        Column("ordinal", Integer, primary_key=True), Column("question", Text, nullable=False),
        Column("answer", Text, nullable=False), Column("analysis_json", Text, nullable=False),
        Column("answer_json", Text, nullable=False), Column("at", Text, nullable=False),
    )
    return metadata


def upgrade() -> None:
    """Create what the database lacks of the baseline; take up a pre-Alembic catalog's rows as they are."""
    bind = op.get_bind()
    have = set(sa.inspect(bind).get_table_names())
    metadata = baseline()
    metadata.create_all(bind, tables=[t for t in metadata.sorted_tables if t.name not in have])
    if "documents" in have:
        columns = {c["name"] for c in sa.inspect(bind).get_columns("documents")}
        for name in LEGACY_COLUMNS:
            if name not in columns:
                op.add_column("documents", Column(name, Text))
    meta = metadata.tables["meta"]
    found = {r.key: r.value for r in bind.execute(sa.select(meta.c.key, meta.c.value))}
    if "schema_version" in found:  # what pre-Alembic builds check; this build checks alembic_version
        bind.execute(meta.update().where(meta.c.key == "schema_version").values(value="2"))
    else:
        bind.execute(meta.insert().values(key="schema_version", value="2"))
    if "generation" not in found:
        bind.execute(meta.insert().values(key="generation", value="0"))


def downgrade() -> None:
    """Drop every baseline table."""
    baseline().drop_all(op.get_bind())
