"""GET /v1/search: the passages hybrid retrieval finds for a query, with their scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import AssistantDep, ReaderDep, StateDep
from assistant.api.limits import check_question, run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_passage
from assistant.models.questions import Passage

router = APIRouter(prefix="/v1", tags=["retrieval"])


@router.get(
    "/search",
    response_model=list[Passage],
    summary="Search the loaded documents",
    description="Hybrid (BM25 + dense) retrieval: verbatim passages with their offsets and scores.",
    responses=problem_responses(401, 403, 422, 429, 503, 504),
)
async def search(
    q: Annotated[str, Query(min_length=1, pattern=r"\S", description="Query text.", examples=["Derby safeguarding"])],
    principal: ReaderDep,
    state: StateDep,
    assistant: AssistantDep,
    k: Annotated[int | None, Query(ge=1, le=50, description="Passages to return (default: settings).")] = None,
) -> list[Passage]:
    """The best passages for a query."""
    query = check_question(q, state.settings.api)
    passages = await run_limited(state.settings.api.request_timeout_s, assistant.search, query, k)
    return [public_passage(p) for p in passages]
