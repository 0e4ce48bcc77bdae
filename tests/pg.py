"""A real PostgreSQL server for the tests: Debian's initdb/pg_ctl in a temporary directory, listening on
127.0.0.1 (a free port) and a unix socket in that directory, trust authentication for one user, stopped at
the end of the session. Fsync is off: the data is thrown away.

Run as root (a CI container), the server runs as the `postgres` system user, since PostgreSQL refuses root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DEBIAN = Path("/usr/lib/postgresql")  # one folder per major version, each with bin/initdb and bin/pg_ctl
USER = "cqc"
BIN_ENV = "CQC_TEST_PG_BIN"  # a folder with initdb and pg_ctl, instead of the newest installed


def _bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (Debian's layout, else pg_ctl on PATH), or $CQC_TEST_PG_BIN."""
    if os.environ.get(BIN_ENV):
        chosen = Path(os.environ[BIN_ENV])
        if not (chosen / "pg_ctl").exists():
            raise RuntimeError(f"{BIN_ENV}={chosen} has no pg_ctl")
        return chosen
    versions = sorted((p for p in DEBIAN.glob("*/bin") if (p / "pg_ctl").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise RuntimeError(f"PostgreSQL is not installed (no {DEBIAN}/*/bin/pg_ctl, none on PATH); "
                       "run scripts/install-test-deps.sh")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One throwaway server; `url(name)` is the SQLAlchemy URL of a database on it."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="cqc-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: dict[str, object] = {}
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root, **self._as)  # type: ignore[call-overload]
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> PostgresServer:
        """initdb and start the server; RuntimeError (with PostgreSQL's message) when it cannot."""
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 "
                   "-c shared_buffers=32MB")
        try:
            self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                      "-w", "-t", "60", "start")
        except RuntimeError as exc:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{exc}\n{tail}") from None
        return self

    def url(self, database: str = "postgres") -> str:
        """The URL of one database of this server."""
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server and delete its directory."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
