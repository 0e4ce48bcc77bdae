"""The few statements SQLite and PostgreSQL spell differently, chosen by the connection's dialect."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, Text, cast, func, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.sql.dml import Insert


def upsert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], *, replace: bool = True) -> None:
    """Insert rows; on a primary-key clash overwrite the other columns (`replace`) or keep the stored row."""
    if not rows:
        return
    maker = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = maker(table)
    keys = [c.name for c in table.primary_key.columns]
    done: Insert
    if replace:
        changed = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        done = stmt.on_conflict_do_update(index_elements=keys, set_=changed)
    else:
        done = stmt.on_conflict_do_nothing(index_elements=keys)
    conn.execute(done, list(rows))


def json_text(conn: Connection, column: ColumnElement[Any], key: str) -> ColumnElement[str]:
    """The text of a top-level key of a JSON document stored as text (NULL when absent or null)."""
    if conn.dialect.name == "postgresql":
        found: ColumnElement[str] = cast(column, JSON)[key].astext  # json, not jsonb: parsed, not converted
        return found
    return type_coerce(func.json_extract(column, f"$.{key}"), Text)


def lock_row(conn: Connection, table: Table, where: ColumnElement[bool]) -> None:
    """Lock the matching rows until the transaction ends (PostgreSQL; SQLite's writer already holds the file)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(table).where(where).with_for_update())
