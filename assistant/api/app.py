"""The FastAPI application factory: routers, security, limits, problems, metrics, CORS and the UI.

`create_app(settings)` opens the Assistant at start-up (or uses the one given) and closes what it
opened at shutdown. `app_from_env()` is the factory uvicorn imports in each worker process
(`assistant.api.app:app_from_env`, settings from CQC_* environment variables).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from assistant.api import ask, chat, councils, documents, health, jobs, openai_compat, problems, search
from assistant.api.deps import ServiceState, SharedDatabase
from assistant.api.docs import mount_docs
from assistant.api.job_runner import JobRunner
from assistant.api.limits import BodyLimitMiddleware, RateLimiter
from assistant.api.methods import AllowMiddleware
from assistant.api.metrics import Metrics, MetricsMiddleware
from assistant.api.security import Keyring, SecurityHeadersMiddleware
from assistant.api.watch import GenerationWatcher
from assistant.catalog import writer
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.feedback import FeedbackStore
from assistant.catalog.jobs import JobQueue
from assistant.service import Assistant
from assistant.settings import Settings, load_settings

log = logging.getLogger("assistant.api")

API_DESCRIPTION = """Cited answers about English councils' CQC adult social care assessments.

Every answer is backed by numbered citations of verbatim passages from the loaded documents; scores and
ratings are exact; `refused: true` means the documents hold no evidence for the question.

**Keys.** Send `Authorization: Bearer KEY` (or `X-API-Key: KEY`). Reader keys may ask, search and read;
admin keys may also upload and remove documents. A server started without keys listens on loopback only.

**Errors** are `application/problem+json` (RFC 9457) with a stable `code`.
"""


def _check_workers(settings: Settings) -> None:
    """An embedded Chroma directory is not safe for several processes."""
    from assistant.errors import ConfigurationError

    if settings.api.workers > 1 and not settings.chroma_url:
        raise ConfigurationError(
            f"{settings.api.workers} workers need a Chroma server: set CQC_CHROMA_URL (an embedded Chroma "
            "directory is not safe for several processes), or use --workers 1."
        )


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """Build the HTTP service; opens the Assistant at start-up unless one is given."""
    _check_workers(settings)
    shared = SharedDatabase(settings)
    state = ServiceState(
        settings=settings,
        keyring=Keyring(settings.api),
        limiter=RateLimiter(settings.api.rate_limit_per_minute, shared.get),
        metrics=Metrics(),
        database=shared,
        assistant=assistant,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened: Assistant | None = None
        locked = not settings.chroma_url  # an embedded store has one writer: this server
        if locked:
            writer.acquire(settings.data_dir, "serve")
        if state.assistant is None:
            try:
                opened = await anyio.to_thread.run_sync(Assistant.open, settings)
            except BaseException:
                if locked:
                    writer.release(settings.data_dir)
                raise
            state.assistant = opened
        database = state.assistant.catalog.database  # one database (and pool) for the catalog and these stores
        shared.use(database)  # the rate limiter's and the job queue's too
        state.conversations = ConversationStore(database, retention_days=settings.api.conversation_retention_days)
        state.feedback = FeedbackStore(database)
        cluster = settings.cluster
        state.jobs = JobQueue(database, cluster.job_lease_s)
        state.runner = JobRunner(state.jobs, state.assistant, settings, state.metrics, cluster.job_poll_s)
        if cluster.take_jobs:
            state.runner.start()
        watcher = GenerationWatcher(state.assistant, cluster.generation_poll_s)
        watcher.start()
        removed = await anyio.to_thread.run_sync(state.conversations.purge)
        if removed:
            log.info(
                "deleted %d conversations older than %d days",
                removed,
                settings.api.conversation_retention_days,
            )
        if state.keyring.open:
            log.warning("no API keys configured: every caller is admin (serve on loopback only)")
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(state.runner.stop)
            await anyio.to_thread.run_sync(watcher.stop)
            state.runner = state.jobs = None
            state.conversations = state.feedback = None
            if opened is not None:
                state.assistant = None
                await anyio.to_thread.run_sync(opened.close)
            if locked:
                writer.release(settings.data_dir)
            shared.close()

    app = FastAPI(
        title="cqc-assistant",
        version="1",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by assistant.api.docs
        redoc_url=None,
        # our own Prometheus metrics and request log cover it; FastAPI's OpenTelemetry hooks looked up the
        # global providers (reading the environment) on every request, 13% of the server's CPU under load
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.service = state
    app.state.settings = settings
    problems.install(app)
    for module in (ask, chat, openai_compat, search, councils, documents, jobs, health):
        app.include_router(module.router)
    mount_docs(app)
    _include_optional(app)

    # outermost last: headers on every response, metrics around everything, CORS before limits
    app.add_middleware(AllowMiddleware, root=app)
    app.add_middleware(BodyLimitMiddleware, api=settings.api)
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "Accept", "Last-Event-ID"],
            expose_headers=["X-Conversation-Id", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    app.add_middleware(SecurityHeadersMiddleware)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _add_stream_models(schema)
            app.openapi_schema = _document_limits(problems.rewrite_problem_media_types(schema), settings)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _add_stream_models(schema: dict[str, Any]) -> None:
    """Add the models that only streamed events use (and Problem) to the OpenAPI components."""
    _, definitions = models_json_schema(
        [(model, "serialization") for model in (*chat.STREAM_MODELS, problems.Problem)],
        ref_template="#/components/schemas/{model}",
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in definitions.get("$defs", {}).items():
        components.setdefault(name, definition)


def _document_limits(schema: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Write this deployment's question length limit into the OpenAPI document."""
    limit = settings.api.max_question_chars
    question = schema.get("components", {}).get("schemas", {}).get("AskRequest", {}).get("properties", {})
    if "question" in question:
        question["question"]["maxLength"] = limit
    for parameter in schema.get("paths", {}).get("/v1/search", {}).get("get", {}).get("parameters", []):
        if parameter.get("name") == "q":
            parameter.setdefault("schema", {})["maxLength"] = limit
    return schema


def _include_optional(app: FastAPI) -> None:
    """The browser UI and its helper routes ([ui]): role, conversations, feedback, text, exports."""
    from assistant.api.account import include_account
    from assistant.api.document_text import include_document_text
    from assistant.api.export import include_export
    from assistant.api.feedback import include_feedback
    from assistant.api.ui import mount_ui

    include_account(app)
    include_feedback(app)
    include_document_text(app)
    include_export(app)
    mount_ui(app)


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings from the CQC_* environment."""
    settings = load_settings()
    logging.basicConfig(level=settings.log_level.upper())
    return create_app(settings)
