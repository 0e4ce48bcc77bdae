"""The service's shared state and the `Annotated` dependencies routers declare.

Every dependency is `async def`: none blocks (key checks and the rate limiter are in-memory), and FastAPI
would otherwise hop to the thread pool once per sync dependency on every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from assistant.api.limits import RateLimiter
from assistant.api.metrics import Metrics
from assistant.api.security import Keyring, Principal, Role, api_key_scheme, bearer_scheme, client_address
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.feedback import FeedbackStore
from assistant.errors import AuthenticationError, RateLimitedError, UnavailableError
from assistant.service import Assistant
from assistant.settings import Settings


@dataclass
class ServiceState:
    """Everything a request handler needs, built once per app."""

    settings: Settings
    keyring: Keyring
    limiter: RateLimiter
    metrics: Metrics
    conversations: ConversationStore | None = None
    assistant: Assistant | None = None
    feedback: FeedbackStore | None = None

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


def _authorize(request: Request, state: ServiceState, needed: Role) -> Principal:
    try:
        principal = state.keyring.authorize(request, needed)
    except AuthenticationError:
        _charge(state, "ip:" + client_address(request))  # failed attempts count against the address
        raise
    _charge(state, principal.subject)
    return principal


def _charge(state: ServiceState, subject: str) -> None:
    try:
        state.limiter.charge(subject)
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
    return _authorize(request, state, "reader")


async def require_admin(
    request: Request,
    state: StateDep,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
    _api_key: Annotated[str | None, Security(api_key_scheme)] = None,
) -> Principal:
    """A caller with an admin key (rate limited per key)."""
    return _authorize(request, state, "admin")


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
ReaderDep = Annotated[Principal, Depends(require_reader)]
AdminDep = Annotated[Principal, Depends(require_admin)]
