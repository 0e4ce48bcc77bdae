"""POST /v1/feedback (reader): 👍/👎 on an answer; GET /v1/feedback (admin): the list, as JSON or CSV.

Feedback keeps what was judged — the question, the answer text and its citations — so the team can see
what went wrong without the conversation (which expires). The caller is recorded as its key's fingerprint.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Response, status
from pydantic import BaseModel, Field

from assistant.api.ask import owner_of
from assistant.api.deps import AdminDep, FeedbackDep, ReaderDep, StateDep
from assistant.api.limits import run_limited
from assistant.api.problems import problem_responses
from assistant.api.public import public_citation
from assistant.catalog.feedback import FeedbackEntry, Rating, feedback_csv
from assistant.models.answers import Citation

router = APIRouter(prefix="/v1", tags=["feedback"])


class FeedbackRequest(BaseModel):
    """A judgement of one answer, with what was asked and answered."""

    rating: Rating = Field(..., description="`up` (helpful) or `down` (wrong or unhelpful).")
    comment: str | None = Field(None, max_length=2000, description="What was wrong, optionally.")
    question: str = Field(..., min_length=1, max_length=4000)
    answer: str = Field(..., max_length=20000, description="The answer text as shown.")
    citations: list[Citation] = Field(default_factory=list, max_length=50)
    conversation_id: str | None = Field(None, max_length=100)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "rating": "down",
                    "comment": "Derby scored 2, not 3.",
                    "question": "What was Derby's safeguarding score?",
                    "answer": "Derby City Council scored 3 for Safeguarding [1].",
                    "citations": [],
                }
            ]
        }
    }


class FeedbackList(BaseModel):
    """Stored feedback, newest first."""

    feedback: list[FeedbackEntry]


@router.post(
    "/feedback",
    response_model=FeedbackEntry,
    status_code=status.HTTP_201_CREATED,
    summary="Say whether an answer was right",
    responses=problem_responses(401, 413, 422, 429, 503, 504),
)
async def post_feedback(
    body: FeedbackRequest, principal: ReaderDep, state: StateDep, store: FeedbackDep
) -> FeedbackEntry:
    """Store 👍/👎 (and a comment) with the question, answer and citations."""
    return await run_limited(
        state.settings.api.request_timeout_s,
        store.add,
        owner_of(principal),
        body.rating,
        body.question,
        body.answer,
        [public_citation(c) for c in body.citations],
        body.comment,
        body.conversation_id,
    )


@router.get(
    "/feedback",
    response_model=FeedbackList,
    summary="List feedback (admin); `?format=csv` for a spreadsheet",
    responses={
        200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with `format=csv`."},
        **problem_responses(401, 403, 422, 429, 503, 504),
    },
)
async def list_feedback(
    _: AdminDep,
    state: StateDep,
    store: FeedbackDep,
    format: Annotated[Literal["json", "csv"], Query(description="`csv` downloads a spreadsheet.")] = "json",
    rating: Annotated[Rating | None, Query(description="Only 👍 (`up`) or 👎 (`down`).")] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> Response:
    """The latest feedback first."""
    entries = await run_limited(state.settings.api.request_timeout_s, store.entries, limit, rating)
    if format == "csv":
        return Response(
            feedback_csv(entries),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="cqc-assistant-feedback.csv"'},
        )
    return Response(FeedbackList(feedback=entries).model_dump_json(), media_type="application/json")


def include_feedback(app: FastAPI) -> None:
    """Add the feedback routes to the app."""
    app.include_router(router)
