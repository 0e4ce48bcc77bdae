"""Request limits: body size, per-caller rate, per-request time, question length.

The rate limiter is a token bucket per caller kept in the database, shared by every worker.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

import anyio
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.openai_errors import is_openai_path, openai_error
from assistant.api.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from assistant.catalog.limits import DatabaseBuckets
from assistant.errors import BadInputError, RateLimitedError, UnavailableError
from assistant.settings import ApiSettings

if TYPE_CHECKING:
    from assistant.catalog.database import Database

T = TypeVar("T")

UPLOAD_PATHS = ("/v1/documents",)
EXPORT_PATHS = ("/v1/suggestions/docx", "/v1/answers/docx", "/v1/feedback")  # carry cited quotes: max_export_kb
CHAT_PATHS = ("/v1/chat/completions",)  # front ends resend the whole conversation: max_chat_body_kb
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around an upload


class RetryLaterError(RateLimitedError):
    """Rate limited, with the number of seconds after which a retry can succeed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class RequestTimeoutError(UnavailableError):
    """The request took longer than settings.api.request_timeout_s."""

    status = 504
    code = "timeout"
    title = "Request timed out"


class RateLimiter:
    """Token buckets: `per_minute` requests per minute per caller, with bursts up to the same number.

    The buckets live in the database (`assistant.catalog.limits`), opened on first use, so a caller's
    requests count the same on whichever worker or machine serves them.
    """

    def __init__(self, per_minute: int, database: Callable[[], Database],
                 clock: Callable[[], float] = time.time) -> None:
        self.capacity = float(max(per_minute, 1))
        self.rate = self.capacity / 60.0
        self.enabled = per_minute > 0
        self._clock = clock  # wall-clock time: the buckets are shared by processes (and machines)
        self._open = database
        self._buckets: DatabaseBuckets | None = None
        self._lock = threading.Lock()

    def _shared(self) -> DatabaseBuckets:
        with self._lock:
            if self._buckets is None:
                self._buckets = DatabaseBuckets(self._open(), self.capacity, self.rate)
            return self._buckets

    def charge(self, subject: str) -> None:
        """Take one token for the subject or raise RetryLaterError with the wait until the next token."""
        if not self.enabled:
            return
        granted, tokens = self._shared().take(subject, self._clock())
        if not granted:
            wait = max(1, math.ceil((1.0 - tokens) / self.rate))
            raise RetryLaterError(
                f"Rate limit of {int(self.capacity)} requests per minute exceeded; retry in {wait} s.", wait
            )


async def run_limited(timeout_s: float, fn: Callable[..., T], *args: object) -> T:
    """Run a blocking call in the thread pool, answering 504 when it exceeds the time limit.

    The worker thread cannot be killed; it finishes in the background while the client gets its answer.
    """
    try:
        with anyio.fail_after(timeout_s):
            return await anyio.to_thread.run_sync(fn, *args, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise RequestTimeoutError(f"The request took longer than {timeout_s:g} s.") from exc


def check_question(question: str, api: ApiSettings) -> str:
    """The question stripped, or BadInputError (422) when it is empty or too long."""
    text = question.strip()
    if not text:
        raise BadInputError("The question is empty.")
    if len(text) > api.max_question_chars:
        raise BadInputError(f"The question is longer than {api.max_question_chars} characters.")
    return text


class BodyLimitMiddleware:
    """413 for bodies over the limit: JSON max_body_kb, chat completions max_chat_body_kb, uploads max_upload_mb,
    Word export max_export_kb."""

    def __init__(self, app: ASGIApp, api: ApiSettings) -> None:
        self.app = app
        self.body_limit = api.max_body_kb * 1024
        self.upload_limit = int(api.max_upload_mb * 1024 * 1024) + MULTIPART_OVERHEAD
        self.export_limit = api.max_export_kb * 1024
        self.chat_limit = api.max_chat_body_kb * 1024

    def limit_for(self, path: str) -> int:
        """The byte limit for a request path."""
        path = path.rstrip("/")
        if path in UPLOAD_PATHS:
            return self.upload_limit
        if path in CHAT_PATHS:
            return self.chat_limit
        return self.export_limit if path in EXPORT_PATHS else self.body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = next((v for n, v in scope["headers"] if n == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._reject(scope, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._reject(scope, send, limit)

    async def _reject(self, scope: Scope, send: Send, limit: int) -> None:
        detail = f"The request body is larger than the limit of {limit // 1024} KB."
        media_type = PROBLEM_MEDIA_TYPE
        if is_openai_path(scope["path"]):
            media_type, document = "application/json", openai_error(413, "too_large", detail)[1]
        else:
            document = {
                "type": PROBLEM_BASE + "too_large",
                "title": "Too large",
                "status": 413,
                "detail": detail,
                "instance": scope["path"],
                "code": "too_large",
            }
        body = json.dumps(document).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", media_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(HTTPException):
    """Raised inside the app when a streamed body crosses the limit (rendered as a 413 problem)."""

    def __init__(self) -> None:
        super().__init__(413, "The request body is larger than the limit.")


_END = object()


async def iterate_limited(deadline_s: float, iterator: Iterator[T]) -> AsyncIterator[T]:
    """Pull a blocking iterator item by item in the thread pool, all within one time limit (504)."""
    deadline = anyio.current_time() + deadline_s
    try:
        while True:
            remaining = deadline - anyio.current_time()
            if remaining <= 0:
                raise RequestTimeoutError(f"The request took longer than {deadline_s:g} s.")
            item = await run_limited(remaining, next, iterator, _END)
            if item is _END:
                return
            yield item
    finally:
        close = getattr(iterator, "close", None)
        if callable(close):
            with contextlib.suppress(ValueError):  # still running in an abandoned thread after a timeout
                close()
