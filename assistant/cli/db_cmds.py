"""CLI commands `db upgrade` and `db current`: the database's schema revision (Alembic)."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app, settings_of

db_app = typer.Typer(help="The database of the catalog, conversations and feedback (CQC_DATABASE_URL).",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command()
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision (default: the newest this build knows).")] = "head",
) -> None:
    """Migrate the database to the newest schema (servers and commands also do this when they start)."""
    from assistant.catalog.database import Database
    from assistant.catalog.migrate import current
    from assistant.catalog.migrate import upgrade as run_upgrade

    database = Database.open(settings_of(ctx).database, migrate=False)
    try:
        before = current(database)
        after = run_upgrade(database, revision)
        note = " (already current)" if before == after else ""
        typer.echo(f"{database.url}: {before or 'empty'} -> {after}{note}")
    finally:
        database.close()


@db_app.command(name="current")
def current_cmd(ctx: typer.Context) -> None:
    """Print the database's schema revision and the newest this build knows, without changing anything."""
    from assistant.catalog.database import Database
    from assistant.catalog.migrate import current, head

    database = Database.open(settings_of(ctx).database, migrate=False)
    try:
        found = current(database)
        state = "current" if found == head() else "needs `cqc-assistant db upgrade`"
        typer.echo(f"{database.url}: revision {found or 'none (empty or made before migrations)'}; "
                   f"this build: {head()} ({state})")
    finally:
        database.close()
