"""Which database the tests use: a SQLite file in each data directory (default), or with
`pytest --database=postgresql` (or CQC_TEST_DATABASE=postgresql) one database per data directory on a real
PostgreSQL server the session starts (`tests.pg`).

The database of a data directory is named after its path, so a test's subprocesses that rebuild settings
for the same directory (`new_settings`) reach the same database: the server's address is passed to them in
CQC_TEST_PG_SERVER.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from assistant.settings import Settings

BACKEND_ENV = "CQC_TEST_DATABASE"  # sqlite | postgresql
SERVER_ENV = "CQC_TEST_PG_SERVER"  # URL of the session's server's maintenance database, once started
BACKENDS = ("sqlite", "postgresql")


def backend() -> str:
    """The database backend of this test session."""
    return os.environ.get(BACKEND_ENV, "sqlite")


def url_for(data_dir: Path) -> str:
    """The database URL of a data directory: its SQLite file, or its own PostgreSQL database (made on first use)."""
    if backend() != "postgresql":
        return f"sqlite:///{Path(data_dir) / 'catalog.sqlite3'}"
    server = os.environ.get(SERVER_ENV)
    if not server:
        raise RuntimeError(f"{BACKEND_ENV}=postgresql but no server was started ({SERVER_ENV} unset)")
    import psycopg

    name = "t_" + hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:20]
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def new_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Default settings (no .env file) with this data directory, its test database and explicit overrides.

    On SQLite the database URL is left unset, as users leave it: the default file in the data directory.
    """
    if backend() == "postgresql":
        overrides.setdefault("database_url", url_for(data_dir))
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[call-arg]


def database_env(data_dir: Path) -> dict[str, str]:
    """CQC_DATABASE_URL for a command run on this data directory (the CLI reads it from the environment)."""
    return {"CQC_DATABASE_URL": url_for(data_dir)}


def copy_data(source: Settings, data_dir: Path, **overrides: Any) -> Settings:
    """A copy of a loaded data directory and its database (PostgreSQL: dumped into the copy's own database), so a
    test may change it without touching the session's shared one."""
    import shutil
    import subprocess

    shutil.copytree(source.data_dir, data_dir)
    settings = new_settings(data_dir, **overrides)
    if backend() == "postgresql":
        origin, copy = (s.database.replace("postgresql+psycopg://", "postgresql://") for s in (source, settings))
        dump = subprocess.run(["pg_dump", "--no-owner", "--dbname", origin], capture_output=True, check=True)
        subprocess.run(["psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", copy],
                       input=dump.stdout, capture_output=True, check=True)
    return settings
