"""One database for the catalog, conversations and feedback: a SQLAlchemy engine made from a URL.

SQLite (one file, WAL, the default) or PostgreSQL (psycopg 3). Opening a `Database` migrates it to the
current schema (`migrate.upgrade`). Readers use `read()`; writers use `write()`, which on SQLite is
BEGIN IMMEDIATE (one writer at a time, readers never blocked by WAL) and on PostgreSQL an ordinary
transaction in which callers lock the rows they change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from assistant.checks import check_database_url, redact_url
from assistant.errors import ConfigurationError, ConflictError, CQCError, UnavailableError
from assistant.settings import Settings

SQLITE_BUSY_MS = 30_000  # a writer waits this long for another's transaction before failing
_WRITE = "cqc_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)


SQLITE_POOL = 48  # connections kept open per process (anyio's worker threads, the watchers, a job)


def _sqlite_engine(url: str) -> Engine:
    path = make_url(url).database
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # connections are kept for the server's worker threads (40 by default): one opened per request beyond
    # the default pool of 5 cost its connect and PRAGMAs on every request under load
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000},
                           pool_size=SQLITE_POOL, max_overflow=SQLITE_POOL)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        for pragma in (f"busy_timeout = {SQLITE_BUSY_MS}", "journal_mode = WAL", "foreign_keys = ON",
                       "synchronous = NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def _postgresql_engine(url: str) -> Engine:
    # a pool per process; pre-ping drops connections a server restart closed, recycle those a proxy may cut
    return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800,
                         pool_timeout=30)


class Database:
    """The engine of one database URL, shared by every store of a process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect: str = engine.dialect.name  # "sqlite" or "postgresql"
        self._writer = engine.execution_options(**{_WRITE: True})
        # SQLite has one writer per file: this process's threads queue here (a lock hand-off) rather than in
        # SQLite's busy handler, which sleeps and polls; other processes still wait in the busy handler
        self._write_turn = threading.Lock() if self.dialect == "sqlite" else None
        self._held = threading.local()  # a thread's read connection while it `holds` one

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Database:
        """Connect to `url` (sqlite:/// or postgresql+psycopg://) and bring its schema up to date."""
        try:
            checked = check_database_url(url)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        if checked is None:
            raise ConfigurationError("no database URL given")
        engine = _sqlite_engine(checked) if checked.startswith("sqlite") else _postgresql_engine(checked)
        database = cls(engine)
        if migrate:
            from assistant.catalog.migrate import upgrade

            try:
                upgrade(database)
            except BaseException:
                database.close()
                raise
        return database

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """The database named by the settings (CQC_DATABASE_URL or the data directory's SQLite file)."""
        return cls.open(settings.database)

    @property
    def url(self) -> str:
        """The URL with its password hidden (for logs and messages)."""
        return redact_url(self.engine.url.render_as_string(hide_password=False))

    def __repr__(self) -> str:
        return f"Database({self.url})"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads (one snapshot on SQLite until the block ends; inside `holding`, the held one)."""
        held = self._held
        try:
            if getattr(held, "active", False):
                if held.conn is None:  # the first read inside `holding` opens the connection it keeps
                    held.conn = self.engine.connect()
                yield held.conn
                return
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise database_error(self, exc) from exc

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Inside the block every `read` of this thread shares one connection and transaction, opened by the
        first read (none when nothing is read); blocks nest.

        A question makes up to twenty small reads; each would check a connection out of the pool and begin
        and end its own transaction. Held, they also read one snapshot.
        """
        held = self._held
        if getattr(held, "active", False):
            yield
            return
        held.active, held.conn = True, None
        try:
            yield
        finally:
            conn, held.active, held.conn = held.conn, False, None
            if conn is not None:
                try:
                    conn.close()
                except SQLAlchemyError as exc:
                    raise database_error(self, exc) from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed when the block ends and rolled back on an error."""
        turn = self._write_turn
        if turn is not None and not turn.acquire(timeout=SQLITE_BUSY_MS / 1000):
            raise UnavailableError(f"database {self.url} is busy: another write has run for {SQLITE_BUSY_MS} ms")
        try:
            with self._writer.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise database_error(self, exc) from exc
        finally:
            if turn is not None:
                turn.release()

    def ping(self) -> bool:
        """True when the database answers a query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        """Close every pooled connection (a later use opens new ones)."""
        self.engine.dispose()


def database_error(database: Database, exc: SQLAlchemyError) -> CQCError:
    """The project error for a database error, naming the database without its password: a broken constraint
    is a conflict (409), anything else leaves the database unavailable (503)."""
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    if isinstance(exc, IntegrityError):
        return ConflictError(f"database {database.url} refused a write: {detail}")
    return UnavailableError(f"database {database.url} failed: {detail}")
