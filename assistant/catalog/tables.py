"""Every table of the database in one SQLAlchemy `MetaData`: the catalog (documents and what was read from
them), the generation counter (`meta`), conversations and feedback; and (revision 0002) what several workers
share: the ingest job queue and the rate-limit buckets.

The schema of Alembic revision 0001 (the SQLite catalog's schema version 2) plus 0002; a later revision changes
this file and adds a migration under `migrations/versions/` (tests compare the two).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text, text

metadata = MetaData()


def _doc_id(primary_key: bool = False) -> Column[str]:
    return Column("doc_id", Text, ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=primary_key,
                  nullable=False)


def _score_columns() -> list[Column[object]]:
    return [Column("statement", Text, nullable=False), Column("theme", Text, nullable=False),
            Column("score", Integer, nullable=False), Column("wording", Text), Column("label", Text, nullable=False),
            Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
            Column("origin", Text, nullable=False)]


meta = Table("meta", metadata, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))

documents = Table(
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

assessments = Table(
    "assessments", metadata,
    _doc_id(primary_key=True), Column("council", Text, nullable=False), Column("published", Text),
    Column("assessment_start", Text), Column("assessment_end", Text), Column("overall_rating", Text),
    Column("rating_wording", Text), Column("rating_start", Integer), Column("rating_end", Integer),
    Column("indicative", Integer, nullable=False), Column("overall_percentage", Integer),
    Column("percentage_start", Integer), Column("percentage_end", Integer),
    Index("assessments_council", "council"),
)

statement_scores = Table(
    "statement_scores", metadata,
    _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True), *_score_columns(),
)

score_conflicts = Table(
    "score_conflicts", metadata,
    _doc_id(primary_key=True), Column("conflict", Integer, primary_key=True),
    Column("ordinal", Integer, primary_key=True), *_score_columns(),
)

sections = Table(
    "sections", metadata,
    _doc_id(primary_key=True), Column("ordinal", Integer, nullable=False), Column("id", Text, primary_key=True),
    Column("heading", Text, nullable=False), Column("role", Text, nullable=False),
    Column("level", Integer, nullable=False), Column("path", Text, nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("body_start", Integer, nullable=False), Column("theme", Text), Column("quality_statement", Text),
    Column("parent_id", Text),
)

good_practice = Table(
    "good_practice", metadata,
    _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True),
    Column("statement", Text, nullable=False), Column("subsection", Text), Column("label", Text, nullable=False),
    Column("text", Text, nullable=False), Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("good_practice_statement", "statement"),
)

statement_analyses = Table(
    "statement_analyses", metadata,
    _doc_id(primary_key=True), Column("ordinal", Integer, primary_key=True),
    Column("statement", Text, nullable=False), Column("section_id", Text, nullable=False),
    Column("subsections", Text, nullable=False), Column("councils_scoring_3", Integer),
    Column("count_start", Integer), Column("count_end", Integer),
)

chunks = Table(
    "chunks", metadata,
    Column("id", Text, primary_key=True), _doc_id(), Column("version", Text, nullable=False),
    Column("ordinal", Integer, nullable=False), Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("token_count", Integer, nullable=False), Column("council", Text), Column("kind", Text, nullable=False),
    Column("theme", Text), Column("quality_statement", Text), Column("statement_score", Integer),
    Column("heading_path", Text, nullable=False), Column("section_id", Text), Column("unit", Text, nullable=False),
    Index("chunks_doc", "doc_id", "ordinal"),
)

pending_versions = Table(
    "pending_versions", metadata,
    Column("doc_id", Text, primary_key=True), Column("version", Text, primary_key=True),
    Column("started_at", Text, nullable=False),
)

# which source each document came from ('file:/abs/path' or 'upload:SHA256'): a file replaces a document only
# when it is the same source (documents ingested before this table have no row)
document_sources = Table(
    "document_sources", metadata,
    Column("doc_id", Text, primary_key=True), Column("identity", Text, nullable=False),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), Column("at", Text, nullable=False),
    Column("owner", Text, nullable=False), Column("rating", Text, nullable=False), Column("comment", Text),
    Column("conversation_id", Text), Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations_json", Text, nullable=False),
    Index("feedback_at", "at"),
    sqlite_autoincrement=True,
)

api_conversations = Table(
    "api_conversations", metadata,
    Column("id", Text, primary_key=True), Column("owner", Text, nullable=False),
    Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False),
    Index("api_conversations_updated", "updated_at"),
)

api_turns = Table(
    "api_turns", metadata,
    Column("conversation_id", Text, ForeignKey("api_conversations.id", ondelete="CASCADE"), primary_key=True,
           nullable=False),
    Column("ordinal", Integer, primary_key=True), Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False), Column("analysis_json", Text, nullable=False),
    Column("answer_json", Text, nullable=False), Column("at", Text, nullable=False),
)

# a document's rows in the tables below `documents`, deleted before the document itself
CHILD_TABLES = (document_sources, chunks, statement_analyses, good_practice, sections, score_conflicts,
                statement_scores, assessments)


# --- revision 0002: shared by every worker (times are epoch seconds, the same type in SQLite and PostgreSQL) ---

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
Index(  # one running ingest per document key, across machines
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
