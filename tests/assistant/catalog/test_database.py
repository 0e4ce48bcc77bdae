"""The database: URL checks, migrations (once, however many processes start), `db` commands, dialect helpers
and the concurrency the stores rely on, on the session's backend (SQLite or PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy import func, inspect, select
from typer.testing import CliRunner

from assistant.catalog import migrate, tables
from assistant.catalog.database import Database
from assistant.catalog.dialect import upsert
from assistant.catalog.documents import Catalog
from assistant.catalog.feedback import FeedbackStore
from assistant.cli import app
from assistant.errors import BadInputError, ConfigurationError, UnavailableError
from assistant.settings import Settings, describe_invalid
from tests.databases import url_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://u:p@db/cqc", "must start with sqlite:/// (a file) or postgresql+psycopg://"),
    ("postgresql://u:p@db/cqc", "its scheme is 'postgresql'"),
    ("catalog.sqlite3", "scheme is 'missing'"),
    ("sqlite://", "needs a file path"),
    ("sqlite:///:memory:", "needs a file path"),
    ("postgresql+psycopg://u:p@/cqc", "needs a host"),
    ("postgresql+psycopg://u:p@db:99999/cqc", "invalid port"),
    ("postgresql+psycopg://u:p@db:5432", "names no database"),
])
def test_bad_urls_are_refused_without_echoing_the_password(url: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, data_dir=tmp_path, database_url=url)  # type: ignore[call-arg]
    text = describe_invalid(caught.value)
    assert "CQC_DATABASE_URL" in text and message in text and ":p@" not in text
    with pytest.raises(ConfigurationError, match="CQC_DATABASE_URL"):
        Database.open(url)


def test_default_is_the_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert settings.database == f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    good = "postgresql+psycopg://cqc:s3cret@127.0.0.1:5432/cqc"
    assert Settings(_env_file=None, data_dir=tmp_path, database_url=good).database == good  # type: ignore[call-arg]
    database = Database.open(good, migrate=False)  # nothing connects until used
    assert database.url == "postgresql+psycopg://cqc:***@127.0.0.1:5432/cqc" and "s3cret" not in repr(database)
    database.close()


def test_an_unreachable_server_is_unavailable_and_the_message_hides_the_password() -> None:
    with pytest.raises(UnavailableError) as caught:
        Database.open("postgresql+psycopg://cqc:s3cret@127.0.0.1:1/cqc")
    assert "127.0.0.1:1" in caught.value.message and "s3cret" not in caught.value.message


def test_migrated_schema_matches_the_tables(database: Database) -> None:
    assert migrate.current(database) == migrate.head()
    with database.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert differences == [], differences  # a schema change needs both tables.py and a new revision
    with database.read() as conn:
        meta = dict(conn.execute(select(tables.meta.c.key, tables.meta.c.value)).all())
    assert meta == {"schema_version": "2", "generation": "0"}


_START = """
import sys, time
from assistant.catalog.database import Database
from assistant.catalog import migrate
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # every process opens at the same moment
database = Database.open(sys.argv[1])
print(migrate.current(database))
"""


def test_processes_starting_together_migrate_once(database_url: str) -> None:
    at = time.time() + 4.0
    procs = [subprocess.Popen([sys.executable, "-c", _START, database_url, str(at)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-1500:] for _, err in results]
    assert [out.strip() for out, _ in results] == [migrate.head()] * 4
    database = Database.open(database_url)
    with database.read() as conn:
        assert conn.execute(select(func.count()).select_from(tables.meta)).scalar_one() == 2
        assert len(conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()) == 1
    database.close()


def test_db_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"CQC_DATABASE_URL": url_for(tmp_path)}
    before = runner.invoke(app, ["--data-dir", str(tmp_path), "db", "current"], env=env)
    assert before.exit_code == 0 and "revision none" in before.stdout and "db upgrade" in before.stdout
    first = runner.invoke(app, ["--data-dir", str(tmp_path), "db", "upgrade"], env=env)
    assert first.exit_code == 0, first.output
    assert f"empty -> {migrate.head()}" in first.stdout
    again = runner.invoke(app, ["--data-dir", str(tmp_path), "db", "upgrade"], env=env)
    assert "already current" in again.stdout
    after = runner.invoke(app, ["--data-dir", str(tmp_path), "db", "current"], env=env)
    assert f"revision {migrate.head()}" in after.stdout and "(current)" in after.stdout
    database = Database.open(env["CQC_DATABASE_URL"], migrate=False)
    assert set(tables.metadata.tables) <= set(inspect(database.engine).get_table_names())
    database.close()


def test_upsert_replaces_or_keeps(database: Database) -> None:
    rows = [{"doc_id": "a", "version": "v1", "started_at": "2024-01-01"}]
    with database.write() as conn:
        upsert(conn, tables.pending_versions, rows)
        upsert(conn, tables.pending_versions, [{**rows[0], "started_at": "2024-02-02"}])
        upsert(conn, tables.pending_versions, [{**rows[0], "started_at": "2024-03-03"}], replace=False)
        upsert(conn, tables.pending_versions, [])
    with database.read() as conn:
        assert conn.execute(select(tables.pending_versions.c.started_at)).scalars().all() == ["2024-02-02"]


def test_concurrent_writers_each_move_the_generation(database_url: str) -> None:
    catalogs = [Catalog(Database.open(database_url)) for _ in range(3)]  # three workers' engines
    start = catalogs[0].generation()
    errors: list[BaseException] = []

    def work(catalog: Catalog, n: int) -> None:
        try:
            for i in range(5):
                with catalog._transaction():  # a visible write of its own
                    pass
                catalog.mark_pending(f"doc{n}", f"v{i}")  # not visible: no bump
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c, n)) for n, c in enumerate(catalogs * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert catalogs[0].generation() == start + 30 and len(catalogs[1].pending_versions()) == 30
    for c in catalogs:
        c.close()


def test_readers_are_not_blocked_by_an_open_write(database: Database) -> None:
    store = FeedbackStore(database)
    store.add("local", "up", "q0", "a0", [])
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with database.write() as conn:
            conn.execute(tables.feedback.insert().values(at="2024-01-01T00:00:00+00:00", owner="local",
                                                         rating="down", question="q1", answer="a1",
                                                         citations_json="[]"))
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(30)
    t0 = time.perf_counter()
    seen = [e.question for e in store.entries()]  # the committed row only, at once
    waited = time.perf_counter() - t0
    release.set()
    thread.join()
    assert seen == ["q0"] and waited < 2.0
    assert [e.question for e in store.entries()] == ["q1", "q0"]


def test_head_is_alembics_and_a_current_database_opens_without_importing_alembic(database_url: str) -> None:
    from alembic.script import ScriptDirectory

    assert migrate.head() == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    Database.open(database_url).close()  # migrated here
    code = ("import sys; from assistant.catalog.database import Database; Database.open(sys.argv[1]).close(); "
            "print(sorted(m for m in sys.modules if m.startswith('alembic')))")
    done = subprocess.run([sys.executable, "-c", code, database_url], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr[-1000:]


def test_a_database_from_a_newer_release_or_an_unknown_target_is_refused(database: Database, tmp_path: Path) -> None:
    with database.write() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ConfigurationError, match="revision 9999, which this build does not know"):
        Database.open(url_for(tmp_path))  # the `database` fixture's, as another process opens it
    other = tmp_path / "other"
    other.mkdir()
    bad = CliRunner().invoke(app, ["--data-dir", str(other), "db", "upgrade", "0099"],
                             env={"CQC_DATABASE_URL": url_for(other)})
    assert isinstance(bad.exception, BadInputError) and "0099" in bad.exception.message
