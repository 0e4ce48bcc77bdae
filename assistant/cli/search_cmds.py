"""CLI commands `search` (hybrid retrieval, no answer) and `eval` (the eval harness with the baseline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.app import app, settings_of

console = Console()


@app.command()
def search(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question to retrieve passages for.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Passages to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of passages.")] = False,
) -> None:
    """Show the passages hybrid retrieval finds for a question (document, headings, offsets, score)."""
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store
    from assistant.retrieve.retriever import Retriever
    from assistant.understand.analyse import analyse
    from ingest.embed.factory import data_dir_embedder

    settings = settings_of(ctx)
    catalog = Catalog.open(settings)
    try:
        embedder = data_dir_embedder(settings)
        retriever = Retriever(catalog, open_store(settings, embedder), embedder, settings.retrieval)
        analysis = analyse(question, [], catalog.councils())
        passages = retriever.search(question, analysis, k)
    finally:
        catalog.close()
    if as_json:
        print(json.dumps([p.model_dump(mode="json") for p in passages], indent=2))
        return
    table = Table(title=f"{len(passages)} passages", show_lines=True)
    for header in ("#", "document", "section", "offsets", "score", "bm25/dense", "text"):
        table.add_column(header, overflow="fold")
    for i, p in enumerate(passages, start=1):
        ranks = f"{p.bm25_rank or '-'}/{p.dense_rank or '-'}" + (" pinned" if p.pinned else "")
        snippet = " ".join(p.text.split())
        table.add_row(str(i), p.doc_id, " > ".join(p.heading_path), f"{p.start}-{p.end}", f"{p.score:.3f}",
                      ranks, snippet[:240] + ("…" if len(snippet) > 240 else ""))
    console.print(table)


@app.command(name="eval")
def eval_cmd(
    ctx: typer.Context,
    questions: Annotated[Path, typer.Argument(help="Question file (JSON lines, see docs/eval-results.md).")],
    details: Annotated[Path | None, typer.Option("--details", help="Write one JSON line per question.")]
    = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline",
                                           help="Also measure the naive LangChain baseline.")] = True,
    markdown_out: Annotated[Path | None, typer.Option("--markdown", help="Also write the table as markdown.")]
    = None,
    retrieval_only: Annotated[bool, typer.Option("--retrieval-only",
                                                 help="Measure retrieval alone (no answers).")] = False,
    split: Annotated[str | None, typer.Option("--split", help="Only questions of this split (tuned, held_out).")]
    = None,
) -> None:
    """Run a question file through the assistant (and the baseline) and print the results table."""
    from assistant.evaluation.harness import HEADERS, Evaluator, load_questions, markdown, summary_lines, table_rows
    from assistant.evaluation.harness import write_details as write_details_file
    from assistant.evaluation.setup import build_baseline, open_target

    settings = settings_of(ctx)
    items = load_questions(questions, split)
    target = open_target(settings, retrieval_only=retrieval_only)
    naive = None
    try:
        if baseline:
            with console.status("building the naive baseline (embedding fixed-size chunks)…"):
                naive = build_baseline(target)
        evaluator = Evaluator(target.asker, target.texts, target.councils, naive, answers=target.answers)
        with console.status("asking questions…") as status:
            report = evaluator.run(items, progress=lambda r: status.update(f"asked {r.id}"))
    finally:
        if naive is not None:
            naive.close()
        target.closer.close()
    table = Table(title=f"{questions.name}: {len(items)} questions ({report.mode})")
    wide = Console(width=max(console.width, 120))
    for header in HEADERS:
        if header == "kind":
            table.add_column(header, no_wrap=True, min_width=13)
        else:
            table.add_column(header, justify="right")
    for row in table_rows(report):
        table.add_row(*row)
    wide.print(table)
    for line in summary_lines(report):
        wide.print(line)
    if details is not None:
        write_details_file(report, details)
    if markdown_out is not None:
        markdown_out.write_text(markdown(report))
