"""The Typer application object and the one place errors become clean CLI messages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from assistant.errors import ConfigurationError, CQCError
from assistant.settings import Settings, describe_invalid, load_settings

app = typer.Typer(
    name="cqc-assistant",
    help="Cited answers about English councils' CQC adult social care assessments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@app.callback()
def _root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (default: CQC_DATA_DIR or ./data).")
    ] = None,
) -> None:
    """Read settings once and hand them to the command."""
    overrides: dict[str, object] = {"data_dir": data_dir} if data_dir else {}
    try:
        ctx.obj = load_settings(**overrides)
    except ValidationError as exc:  # a bad CQC_* value stops every command at start with a clear message
        raise ConfigurationError(describe_invalid(exc)) from None


def settings_of(ctx: typer.Context) -> Settings:
    """The settings read by the root callback."""
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def run(argv: list[str] | None = None) -> None:
    """Run the CLI, turning project errors into one clean line and exit status 1."""
    try:
        app(args=argv, prog_name="cqc-assistant")
    except CQCError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}", highlight=False)
        sys.exit(1)
