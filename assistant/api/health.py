"""GET /healthz (alive), GET /readyz (catalog, store and embedder usable), GET /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from assistant.api.deps import ReaderDep, StateDep
from assistant.api.limits import run_limited
from assistant.api.metrics import CONTENT_TYPE
from assistant.api.problems import problem_responses
from assistant.api.schemas import Health, Readiness

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, summary="Liveness: the process answers")
async def healthz() -> Health:
    """Always ok while the process serves requests."""
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness: catalog and vector store reachable, embedder loaded",
    responses={503: {"description": "Not ready (same body, status 'unavailable')", "model": Readiness}},
)
async def readyz(state: StateDep) -> JSONResponse:
    """200 when every backing service is usable, 503 otherwise (with the failing checks)."""
    checks = {"catalog": False, "store": False, "embedder": False, "index": False, "conversations": False}
    if state.assistant is not None:
        try:
            found = await run_limited(min(state.settings.api.request_timeout_s, 10.0), state.assistant.readiness)
            checks.update({name: bool(ok) for name, ok in found.items()})
        except Exception:  # any failure of a probe means "not ready", never an error page
            pass
    if state.conversations is not None:
        try:
            await run_limited(5.0, state.conversations.count)
            checks["conversations"] = True
        except Exception:
            pass
    ready = all(checks.values())
    body = Readiness(status="ready" if ready else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics (text exposition format)",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Metrics."},
        **problem_responses(401, 403, 429),
    },
)
async def metrics(principal: ReaderDep, state: StateDep) -> Response:
    """Requests, latency histograms, answers (refused or not) and ingest counts of this process."""
    return Response(state.metrics.render(), media_type=CONTENT_TYPE)
