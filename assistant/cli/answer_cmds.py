"""CLI commands that answer: `ask`, `chat`, `suggest` and `demo`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.app import app, settings_of
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.models.answers import Answer
    from assistant.service import Assistant

HomeCouncil = Annotated[
    str | None, typer.Option("--council", help="Home council: questions that name no council are about it.")
]


def _open(settings: Settings) -> Assistant:
    from assistant.service import Assistant

    return Assistant.open(settings)


def format_answer(answer: Answer) -> str:
    """An answer for the terminal: the text, then numbered sources with title, section and quote."""
    lines = [answer.answer]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            quote = " ".join(c.quote.split())
            if len(quote) > 300:
                quote = quote[:297] + "..."
            lines.append(f"  [{c.n}] {c.title}" + (f" — {c.section}" if c.section else ""))
            lines.append(f'      "{quote}"')
    return "\n".join(lines)


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full Answer as JSON.")] = False,
    council: HomeCouncil = None,
) -> None:
    """Answer one question with cited sources."""
    assistant = _open(settings_of(ctx))
    try:
        answer = assistant.ask(question, council=council)
    finally:
        assistant.close()
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_answer(answer))


@app.command()
def chat(
    ctx: typer.Context,
    council: HomeCouncil = None,
) -> None:
    """Interactive conversation (follow-up questions understood); exit with 'exit' or Ctrl-D."""
    from assistant.models.questions import Turn

    assistant = _open(settings_of(ctx))
    history: list[Turn] = []
    typer.echo("Ask about the loaded CQC assessments ('exit' to leave).")
    try:
        while True:
            try:
                question = input("> ").strip()
            except EOFError:
                typer.echo("")
                break
            if question.lower() in {"exit", "quit", ":q"}:
                break
            if not question:
                continue
            answer = assistant.ask(question, history, council)
            typer.echo(format_answer(answer) + "\n")
            history.append(
                Turn(question=question, answer=answer.answer, analysis=answer.analysis, at=datetime.now(UTC))
            )
            history = history[-10:]
    finally:
        assistant.close()


@app.command()
def suggest(
    ctx: typer.Context,
    council: Annotated[str, typer.Option("--council", help="Council name (aliases accepted).")],
    statement: Annotated[
        str, typer.Option("--statement", help="Quality statement (everyday wording accepted).")
    ],
    fmt: Annotated[str, typer.Option("--format", help="md or json.")] = "md",
) -> None:
    """Draft an improvement plan for one council and quality statement."""
    from assistant.errors import BadInputError

    if fmt not in {"md", "json"}:
        raise BadInputError(f"--format must be md or json, not {fmt!r}")
    assistant = _open(settings_of(ctx))
    try:
        plan = assistant.suggest(council, statement)
    finally:
        assistant.close()
    if fmt == "json":
        typer.echo(json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(plan.markdown)


def bundled_corpus(settings: Settings) -> Path:
    """The demo corpus: settings.corpus_dir, else the corpus/ folder beside the package."""
    if settings.corpus_dir is not None:
        return settings.corpus_dir
    import assistant

    return Path(assistant.__file__).resolve().parent.parent / "corpus"


def demo_questions(assistant: Assistant) -> list[str]:
    """Example questions from what is loaded: a score, a rating, a comparison, a finding, good practice."""
    assessed = [c for c in assistant.catalog.councils() if assistant.catalog.assessment(c) is not None]
    questions: list[str] = []
    if assessed:
        first = assessed[0]
        questions += [f"What did {first} score for safeguarding?", f"What is {first}'s overall CQC rating?"]
        if len(assessed) > 1:
            questions.append(f"Which council scored higher on safeguarding, {first} or {assessed[1]}?")
        questions.append(f"What did CQC find about waiting lists for assessments in {assessed[-1]}?")
    questions.append("What does good look like for carers assessments?")
    return questions


@app.command()
def demo(ctx: typer.Context) -> None:
    """Ingest the bundled sample corpus (no-op when done) and answer example questions."""
    from assistant.errors import NotFoundError

    settings = settings_of(ctx)
    corpus = bundled_corpus(settings)
    if not corpus.is_dir():
        raise NotFoundError(f"demo corpus folder not found: {corpus}")
    from assistant.catalog.writer import writing

    with writing(settings, "run the demo"):
        _demo(settings, corpus)


def _demo(settings: Settings, corpus: Path) -> None:
    assistant = _open(settings)
    try:
        outcomes = assistant.ingest([corpus])
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        typer.echo(f"Corpus {corpus}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
        for o in outcomes:
            if o.status == "failed":
                typer.echo(f"  failed: {o.path}: {o.error}")
        for question in demo_questions(assistant):
            answer = assistant.ask(question)
            typer.echo(f"\nQ: {question}\n")
            typer.echo(format_answer(answer))
    finally:
        assistant.close()
