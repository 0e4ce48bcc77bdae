"""`pytest --database=postgresql` fails, never skips, when PostgreSQL cannot start; a started server is real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pg import BIN_ENV, PostgresServer

ROOT = Path(__file__).resolve().parents[1]


def test_a_server_that_cannot_start_fails_the_run(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    env[BIN_ENV] = str(tmp_path)  # no PostgreSQL programs there
    done = subprocess.run([sys.executable, "-m", "pytest", "--database=postgresql", "-q", "-p", "no:cacheprovider",
                           "tests/test_readme.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "skipped" not in done.stdout
    assert "cannot start PostgreSQL" in done.stdout + done.stderr and "has no pg_ctl" in done.stdout + done.stderr


def test_the_server_listens_on_loopback_and_stops() -> None:
    import psycopg

    server = PostgresServer().start()
    try:
        with psycopg.connect(server.url().replace("postgresql+psycopg://", "postgresql://")) as conn:
            assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        server.stop()
    assert not server.root.exists()
