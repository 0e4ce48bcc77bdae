"""Councils, the score table and improvement suggestions: GET /v1/councils[/{id}], GET /v1/scores,
POST /v1/suggestions. Scores and ratings come straight from the catalog (exact, with source spans)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Path, Query

from assistant.api.deps import AssistantDep, ReaderDep, StateDep
from assistant.api.limits import run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_plan
from assistant.api.schemas import CouncilDetail, CouncilDocument, CouncilSummary, SuggestionRequest, slugify
from assistant.domain.councils import CouncilMatcher
from assistant.domain.taxonomy import (
    STATEMENTS,
    THEMES,
    match_statement_heading,
    match_theme_heading,
    statements_in_theme,
)
from assistant.errors import BadInputError, NotFoundError
from assistant.models.answers import SuggestionPlan
from assistant.models.records import CouncilScores
from assistant.service import Assistant

router = APIRouter(prefix="/v1", tags=["councils"])
ThemeName = Literal["Working with people", "Providing support", "Ensuring safety", "Leadership"]
assert set(get_args(ThemeName)) == set(THEMES)


def resolve_council(name: str, known: list[str]) -> str:
    """The loaded council a slug, canonical name or alias means; NotFoundError otherwise."""
    slug = slugify(name)
    for council in known:
        if slugify(council) == slug:
            return council
    found = CouncilMatcher(known).find(name.replace("-", " ")) if slug else []
    if len(found) == 1:
        return found[0]
    raise NotFoundError(f"No loaded council matches {name[:100]!r}.")


def resolve_statement(text: str) -> str:
    """The canonical quality statement a name, number (1-9) or usual wording means; 422 otherwise."""
    value = text.strip()
    if value.isdigit() and 1 <= int(value) <= len(STATEMENTS):
        return STATEMENTS[int(value) - 1].name
    low = value.lower()
    for s in STATEMENTS:
        if low in {s.name.lower(), *(v.lower() for v in s.variants), *s.everyday}:
            return s.name
    matched = match_statement_heading(value)
    if matched:
        return matched
    raise BadInputError(f"Unknown quality statement {value[:100]!r}: use a name or a number 1-9.")


def resolve_theme(text: str) -> str:
    """The canonical theme a name means; 422 otherwise."""
    for theme in THEMES:
        if theme.lower() == text.strip().lower():
            return theme
    matched = match_theme_heading(text) if len(text) <= 80 else None
    if matched:
        return matched
    raise BadInputError(f"Unknown theme {text[:100]!r}: one of {', '.join(THEMES)}.")


def _summary(council: str, row: CouncilScores | None) -> CouncilSummary:
    return CouncilSummary(
        id=slugify(council),
        name=council,
        overall_rating=row.overall_rating if row else None,
        indicative=row.indicative if row else False,
        published=row.published if row else None,
        overall_percentage=row.overall_percentage if row else None,
        assessment_document=row.document if row else None,
    )


def list_councils(assistant: Assistant) -> list[CouncilSummary]:
    """Every council a loaded document is about, with its rating when an assessment is loaded."""
    rows = {r.council: r for r in assistant.scores()}
    names = sorted(set(assistant.catalog.councils()) | set(rows))
    return [_summary(c, rows.get(c)) for c in names]


def council_detail(assistant: Assistant, name: str) -> CouncilDetail:
    """One council's rating, scores and documents."""
    council = resolve_council(name, sorted(set(assistant.catalog.councils()) | {r.council for r in assistant.scores()}))
    rows = assistant.scores(council)
    row = rows[0] if rows else None
    found = assistant.catalog.assessment(council)
    documents = [
        CouncilDocument(doc_id=d.doc_id, title=d.title, kind=d.kind, publisher=d.publisher, published=d.published)
        for d in assistant.documents()
        if d.council == council
    ]
    return CouncilDetail(
        **_summary(council, row).model_dump(),
        assessment=found[1] if found else None,
        scores=row,
        documents=documents,
    )


def score_table(
    assistant: Assistant, council: str | None, statement: str | None, theme: str | None, min_score: int | None
) -> list[CouncilScores]:
    """The council x statement table, restricted to the requested council, statements and scores."""
    known = sorted(set(assistant.catalog.councils()) | {r.council for r in assistant.scores()})
    rows = assistant.scores(resolve_council(council, known) if council else None)
    wanted: set[str] | None = None
    if statement:
        wanted = {resolve_statement(statement)}
    if theme:
        in_theme = set(statements_in_theme(resolve_theme(theme)))
        wanted = in_theme if wanted is None else wanted & in_theme
    out: list[CouncilScores] = []
    for row in rows:
        scores = {s: v for s, v in row.scores.items() if wanted is None or s in wanted}
        if min_score is not None:
            scores = {s: v for s, v in scores.items() if v is not None and v >= min_score}
            if not scores:
                continue
        out.append(row.model_copy(update={"scores": scores}))
    return out


@router.get(
    "/councils",
    response_model=list[CouncilSummary],
    summary="Loaded councils and their ratings",
    responses=problem_responses(401, 403, 429, 503, 504),
)
async def councils(principal: ReaderDep, state: StateDep, assistant: AssistantDep) -> list[CouncilSummary]:
    """Every council that a loaded document is about."""
    return await run_limited(state.settings.api.request_timeout_s, list_councils, assistant)


@router.get(
    "/councils/{council_id}",
    response_model=CouncilDetail,
    summary="One council: rating, statement scores and documents",
    responses=problem_responses(401, 403, 404, 422, 429, 503, 504),
)
async def council(
    council_id: Annotated[
        str,
        Path(min_length=1, max_length=200, description="Slug, name or alias.", examples=["derby-city-council"]),
    ],
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
) -> CouncilDetail:
    """A council's assessment, scores (with exact source spans) and loaded documents."""
    return await run_limited(state.settings.api.request_timeout_s, council_detail, assistant, council_id)


@router.get(
    "/scores",
    response_model=list[CouncilScores],
    summary="The council x quality statement score table",
    description="Filters: `council` (name, alias or slug), `statement` (name or 1-9), `theme`, and "
    "`min_score` (keeps only scores at or above it, and only councils with at least one).",
    responses=problem_responses(401, 403, 404, 422, 429, 503, 504),
)
async def scores(
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
    council: Annotated[str | None, Query(max_length=200, examples=["Derby"])] = None,
    statement: Annotated[str | None, Query(max_length=200, examples=["Safeguarding"])] = None,
    theme: Annotated[ThemeName | None, Query(examples=["Ensuring safety"])] = None,
    min_score: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> list[CouncilScores]:
    """Scores per council and statement, filtered."""
    return await run_limited(
        state.settings.api.request_timeout_s, score_table, assistant, council, statement, theme, min_score
    )


def _suggest(assistant: Assistant, council: str, statement: str) -> SuggestionPlan:
    known = sorted(set(assistant.catalog.councils()) | {r.council for r in assistant.scores()})
    return public_plan(assistant.suggest(resolve_council(council, known), resolve_statement(statement)))


@router.post(
    "/suggestions",
    response_model=SuggestionPlan,
    summary="Draft an improvement plan for a council and quality statement",
    responses=problem_responses(401, 403, 404, 413, 422, 429, 503, 504),
)
async def suggestions(
    body: SuggestionRequest, principal: ReaderDep, state: StateDep, assistant: AssistantDep
) -> SuggestionPlan:
    """Shortfalls from the council's report, what good looks like, peer examples and draft actions."""
    return await run_limited(state.settings.api.request_timeout_s, _suggest, assistant, body.council, body.statement)
