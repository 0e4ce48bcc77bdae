"""The service's shared state and the `Annotated` dependencies routers declare.

Every dependency is `async def`: key checks are in memory, and the rate limiter's database write is sent to
the thread pool explicitly, once per request (FastAPI would otherwise hop there once per sync dependency).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from assistant.api.job_runner import JobRunner
from assistant.api.limits import RateLimiter
from assistant.api.metrics import Metrics
from assistant.api.security import Keyring, Principal, Role, api_key_scheme, bearer_scheme, client_address
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.database import Database
from assistant.catalog.feedback import FeedbackStore
from assistant.catalog.jobs import JobQueue
from assistant.errors import AuthenticationError, RateLimitedError, UnavailableError
from assistant.service import Assistant
from assistant.settings import Settings


class SharedDatabase:
    """The database of the settings (rate limits, jobs), opened and migrated on first use, once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._database: Database | None = None
        self._owned = False
        self._lock = threading.Lock()

    def use(self, database: Database) -> None:
        """Share this already open database (say, the assistant's catalog's) instead of opening another."""
        with self._lock:
            if self._database is not None and self._owned:
                self._database.close()
            self._database, self._owned = database, False

    def get(self) -> Database:
        """The database, opened now if it is not open yet."""
        with self._lock:
            if self._database is None:
                self._database, self._owned = Database.from_settings(self.settings), True
            return self._database

    def close(self) -> None:
        """Close its pooled connections (a later `get` opens it again)."""
        with self._lock:
            database, self._database = self._database, None
        if database is not None and self._owned:
            database.close()


@dataclass
class ServiceState:
    """Everything a request handler needs, built once per app."""

    settings: Settings
    keyring: Keyring
    limiter: RateLimiter
    metrics: Metrics
    database: SharedDatabase
    conversations: ConversationStore | None = None
    assistant: Assistant | None = None
    feedback: FeedbackStore | None = None
    jobs: JobQueue | None = None
    runner: JobRunner | None = None

    def open_assistant(self) -> Assistant:
        """The assistant facade (UnavailableError, a 503, while it is not open)."""
        if self.assistant is None:
            raise UnavailableError("The assistant is starting or has stopped.")
        return self.assistant

    def open_conversations(self) -> ConversationStore:
        """The conversation store (UnavailableError, a 503, while it is not open)."""
        if self.conversations is None:
            raise UnavailableError("The conversation store is not open.")
        return self.conversations


    def open_jobs(self) -> JobQueue:
        """The ingest job queue (UnavailableError, a 503, while it is not open)."""
        if self.jobs is None:
            raise UnavailableError("The job queue is not open.")
        return self.jobs

    def open_runner(self) -> JobRunner:
        """This worker's job runner (UnavailableError, a 503, while it is not running)."""
        if self.runner is None:
            raise UnavailableError("The job runner is not running.")
        return self.runner

    def open_feedback(self) -> FeedbackStore:
        """The feedback store (UnavailableError, a 503, while it is not open)."""
        if self.feedback is None:
            raise UnavailableError("The feedback store is not open.")
        return self.feedback


async def get_state(request: Request) -> ServiceState:
    """The app's service state."""
    state = request.app.state.service
    assert isinstance(state, ServiceState)
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]


async def get_settings(state: StateDep) -> Settings:
    """The settings the app was created with."""
    return state.settings


async def get_assistant(state: StateDep) -> Assistant:
    """The assistant facade (503 while it is not open)."""
    return state.open_assistant()


async def get_conversations(state: StateDep) -> ConversationStore:
    """The conversation store (503 while it is not open)."""
    return state.open_conversations()


async def get_feedback(state: StateDep) -> FeedbackStore:
    """The feedback store (503 while it is not open)."""
    return state.open_feedback()


async def _authorize(request: Request, state: ServiceState, needed: Role) -> Principal:
    try:
        principal = state.keyring.authorize(request, needed)
    except AuthenticationError:
        await _charge(state, "ip:" + client_address(request))  # failed attempts count against the address
        raise
    await _charge(state, principal.subject)
    return principal


async def _charge(state: ServiceState, subject: str) -> None:
    """Charge the caller's bucket in the shared database (in the thread pool: it is a database write)."""
    if not state.limiter.enabled:
        return
    try:
        await anyio.to_thread.run_sync(state.limiter.charge, subject)
    except RateLimitedError:
        state.metrics.rate_limited.inc()
        raise


async def require_reader(
    request: Request,
    state: StateDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
    _api_key: Annotated[str | None, Security(api_key_scheme)] = None,
) -> Principal:
    """A caller with a reader or admin key (rate limited per key)."""
    return await _authorize(request, state, "reader")


async def require_admin(
    request: Request,
    state: StateDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
    _api_key: Annotated[str | None, Security(api_key_scheme)] = None,
) -> Principal:
    """A caller with an admin key (rate limited per key)."""
    return await _authorize(request, state, "admin")


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
ReaderDep = Annotated[Principal, Depends(require_reader)]
AdminDep = Annotated[Principal, Depends(require_admin)]
