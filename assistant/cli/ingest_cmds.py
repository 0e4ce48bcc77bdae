"""CLI commands `ingest`, `documents`, `remove` and `scores` (the catalog and the vector store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.app import app, err_console, settings_of
from assistant.errors import NotFoundError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.catalog.documents import Catalog
    from assistant.models.records import CouncilScores, IngestOutcome
    from assistant.settings import Settings
    from ingest.pipeline import IngestProgress

console = Console()


def _ingest_with_progress(ctx: typer.Context, paths: list[Path], quiet: bool) -> list[IngestOutcome]:
    """Open the catalog, model and store, and ingest with a progress bar on stderr (holding the writer lock)."""
    from assistant.catalog.writer import writing

    settings = settings_of(ctx)
    with writing(settings, "ingest"):
        return _ingest_locked(settings, paths, quiet)


def _ingest_locked(settings: Settings, paths: list[Path], quiet: bool) -> list[IngestOutcome]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store
    from ingest.embed.factory import data_dir_embedder
    from ingest.pipeline import Ingestor

    catalog = Catalog.open(settings)
    try:
        embedder = data_dir_embedder(settings)
        ingestor = Ingestor(settings, catalog, open_store(settings, embedder), embedder)
        progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[chunks]} chunks · {task.fields[rate]} tokens/s"), TimeElapsedColumn(),
            console=err_console, disable=quiet, transient=False,
        )
        with progress:
            task = progress.add_task("files", total=None, chunks=0, rate=0)

            def update(event: IngestProgress) -> None:
                rate = int(event.tokens / event.elapsed_s) if event.elapsed_s > 0 else 0
                name = Path(event.path).name
                progress.update(task, total=event.files_total, completed=event.files_done,
                                chunks=event.chunks, rate=rate,
                                description=f"{name[:40]}" if event.outcome is None else "files")

            outcomes = ingestor.ingest_paths(paths, progress=update)
    finally:
        catalog.close()
    if any(o.status in ("added", "replaced") for o in outcomes):
        save_index(settings)
    return outcomes


def save_index(settings: Settings) -> None:
    """Write the new catalog generation's retrieval index files now, so the next question need not."""
    from assistant.service import Assistant

    assistant = Assistant.open(settings)
    try:
        assistant.prepare(sentences=True)
    finally:
        assistant.close()


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcomes as JSON.")] = False,
    server: Annotated[str | None, typer.Option(
        "--server", help="Upload through this running service (http://HOST:PORT) as ingest jobs instead.")] = None,
    key: Annotated[str | None, typer.Option(
        "--key", envvar="CQC_ADMIN_KEY", help="Admin API key for --server (or CQC_ADMIN_KEY).")] = None,
) -> None:
    """Add or update documents (txt, md, html, pdf, docx); unchanged files are skipped."""
    if server:
        from assistant.cli.remote_ingest import ingest_remote

        outcomes = ingest_remote(server, key, paths, quiet or as_json)
    else:
        outcomes = _ingest_with_progress(ctx, paths, quiet or as_json)
    if as_json:
        print(json.dumps([o.model_dump(mode="json") for o in outcomes], indent=2))
    else:
        table = Table(title=f"{len(outcomes)} files")
        for header in ("file", "status", "kind", "council", "chunks", "tokens", "error"):
            table.add_column(header, overflow="fold")
        colour = {"added": "green", "replaced": "cyan", "unchanged": "dim", "failed": "red"}
        for o in outcomes:
            table.add_row(Path(o.path).name, f"[{colour[o.status]}]{o.status}[/]", o.kind or "",
                          o.council or "", str(o.chunks), str(o.tokens), o.error or "")
        console.print(table)
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        err_console.print(f"[red]error:[/red] {o.error}", highlight=False)
    if failed:
        raise typer.Exit(1)


def _open_catalog(ctx: typer.Context) -> Catalog:
    from assistant.catalog.documents import Catalog

    return Catalog.open(settings_of(ctx))


@app.command()
def documents(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
) -> None:
    """List the loaded documents."""
    catalog = _open_catalog(ctx)
    try:
        records = catalog.documents()
    finally:
        catalog.close()
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in records], indent=2))
        return
    table = Table(title=f"{len(records)} documents")
    for header in ("document", "kind", "council", "published", "chunks", "title"):
        table.add_column(header, overflow="fold")
    for r in records:
        table.add_row(r.doc_id, r.kind, r.council or "", r.published.isoformat() if r.published else "",
                      str(r.chunk_count), r.title)
    console.print(table)


@app.command()
def remove(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(help="Document id (see `cqc-assistant documents`).")],
) -> None:
    """Remove a document from the catalog and the vector store."""
    from assistant.catalog.store import open_store
    from assistant.catalog.writer import writing
    from ingest.embed.factory import data_dir_embedder
    from ingest.pipeline import Ingestor

    settings = settings_of(ctx)
    with writing(settings, "remove a document"):
        catalog = _open_catalog(ctx)
        try:
            embedder = data_dir_embedder(settings)
            Ingestor(settings, catalog, open_store(settings, embedder), embedder).remove(doc)
        finally:
            catalog.close()
        save_index(settings)
    console.print(f"removed {doc}")


def select_scores(catalog: Catalog, council: str | None) -> list[CouncilScores]:
    """The score table, or one council's row found by tolerant name matching."""
    from assistant.domain.councils import CouncilMatcher

    if council is None:
        return catalog.council_scores()
    loaded = catalog.councils()
    found = CouncilMatcher(loaded).find(council)
    if not found:
        names = ", ".join(loaded) or "none"
        raise NotFoundError(f"no loaded council matches {council!r} (loaded councils: {names})")
    rows = catalog.council_scores(found[0])
    if not rows:
        raise NotFoundError(f"no CQC assessment is loaded for {found[0]}")
    return rows


@app.command()
def scores(
    ctx: typer.Context,
    council: Annotated[str | None, typer.Option("--council", help="One council (name or alias).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of councils.")] = False,
) -> None:
    """The council x quality statement score table from the loaded CQC assessments."""
    from assistant.domain.taxonomy import STATEMENTS

    catalog = _open_catalog(ctx)
    try:
        rows = select_scores(catalog, council)
    finally:
        catalog.close()
    if as_json:
        print(json.dumps([{
            "council": r.council, "overall_rating": r.overall_rating, "indicative": r.indicative,
            "published": r.published.isoformat() if r.published else None, "scores": r.scores,
            "document": r.document, "council_code": r.council_code, "overall_percentage": r.overall_percentage,
            "conflicts": [d.model_dump(mode="json") for d in r.disagreements],
        } for r in rows], indent=2))
        return
    table = Table(title="Quality statement scores (1-4)")
    table.add_column("council", overflow="fold")
    table.add_column("rating", overflow="fold")
    for s in STATEMENTS:
        table.add_column(f"{s.number}", justify="center")
    table.add_column("published")
    for r in rows:
        rating = (r.overall_rating or "-") + (" (indicative)" if r.indicative else "")
        cells = []
        for s in STATEMENTS:
            value = r.scores.get(s.name)
            mark = "*" if s.name in r.conflicts else ""
            cells.append("-" if value is None else f"{value}{mark}")
        table.add_row(r.council, rating, *cells, r.published.isoformat() if r.published else "")
    console.print(table)
    console.print("  ".join(f"{s.number} = {s.name}" for s in STATEMENTS), style="dim")
    if any(r.conflicts for r in rows):
        console.print("* the report gives this statement different scores in different places", style="dim")
