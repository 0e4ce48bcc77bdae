"""Schema migrations with Alembic (scripts in `assistant/catalog/migrations/`), run on start-up and by
`cqc-assistant db upgrade`.

Several processes may start at once: on PostgreSQL the upgrade runs under a session advisory lock, on
SQLite inside one BEGIN IMMEDIATE transaction, so one process migrates and the others then find the
database at head. A SQLite catalog made before Alembic (a `meta` table, no `alembic_version`) is taken up
by revision 0001, which creates only what it lacks.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import BadInputError, ConfigurationError, UnavailableError

if TYPE_CHECKING:
    from alembic.config import Config

    from assistant.catalog.database import Database

SCRIPTS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x6371_6364_6200  # pg_advisory_lock key of schema upgrades ("cqcdb")


def alembic_config(conn: Connection | None = None) -> Config:
    """An Alembic configuration over the packaged scripts, using `conn` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


@functools.cache
def revisions() -> dict[str, frozenset[str]]:
    """Each revision this build ships -> the revisions it follows.

    Read from the scripts' `revision` and `down_revision` assignments rather than through Alembic, whose import
    would add about a second to every start-up that finds the database already current.
    """
    found: dict[str, frozenset[str]] = {}
    for script in (SCRIPTS / "versions").glob("*.py"):
        values = {target.id: node.value for node in ast.parse(script.read_text(encoding="utf-8")).body
                  if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
                  for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                  if isinstance(target, ast.Name)}
        if "revision" in values:
            down = ast.literal_eval(values["down_revision"]) if "down_revision" in values else None
            found[str(ast.literal_eval(values["revision"]))] = frozenset(
                [] if down is None else [down] if isinstance(down, str) else down)
    return found


def head() -> str:
    """The newest revision this build knows."""
    heads = set(revisions()) - set().union(*revisions().values())
    if len(heads) != 1:
        raise UnavailableError(f"the migration scripts have {len(heads)} heads ({sorted(heads)}); expected one")
    return heads.pop()


def current(database: Database) -> str | None:
    """The database's revision (None when it has never been migrated)."""
    with database.read() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None


def upgrade(database: Database, target: str = "head") -> str | None:
    """Migrate the database to `target` (once, whoever else starts at the same time); returns its revision."""
    want = head() if target == "head" else target
    try:
        found = current(database)
        if found == want:  # the usual start: nothing to do, no lock taken
            return want
        if found is not None and found not in revisions():
            raise ConfigurationError(f"database {database.url} is at revision {found}, which this build does not "
                                     f"know (its newest is {head()}): it was migrated by a newer release")
        if database.dialect == "postgresql":
            with database.engine.connect() as conn:
                conn.execute(select(_advisory("pg_advisory_lock")))
                conn.commit()
                try:
                    _run(conn, target)
                finally:
                    conn.rollback()  # a failed migration's transaction; the session's lock outlives it
                    conn.execute(select(_advisory("pg_advisory_unlock")))
                    conn.commit()
        else:
            with database.write() as conn:  # BEGIN IMMEDIATE: the other starters wait, then see head
                _run(conn, target)
        return current(database)
    except SQLAlchemyError as exc:
        raise UnavailableError(f"cannot migrate database {database.url}: {exc}") from exc


def _advisory(name: str) -> ColumnElement[Any]:
    found: ColumnElement[Any] = getattr(func, name)(LOCK_KEY)
    return found


def _run(conn: Connection, target: str) -> None:
    from alembic import command
    from alembic.util import CommandError

    if conn.dialect.name == "postgresql" and not conn.in_transaction():
        conn.begin()
    try:
        command.upgrade(alembic_config(conn), target)
    except CommandError as exc:  # say, a target revision that does not exist
        raise BadInputError(f"cannot migrate to {target!r}: {exc}") from None
    if conn.dialect.name == "postgresql":
        conn.commit()
