"""CLI commands (being written)."""

from assistant.cli.app import app  # noqa: F401
