"""Command-line interface: `cqc-assistant COMMAND`. Each module registers its commands on `app`."""

from __future__ import annotations

from assistant.cli import answer_cmds, db_cmds, ingest_cmds, search_cmds, serve_cmds  # noqa: F401  (registers)
from assistant.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    run()
