"""Every error the service returns, as RFC 9457 ``application/problem+json`` without internals.

One handler turns project errors (CQCError), request validation errors and framework HTTP errors into
the same problem document; anything unexpected becomes a bare 500 problem (the traceback goes to the
log, never to the client).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from assistant.api.openai_errors import is_openai_path, openai_error, param_of
from assistant.errors import AuthenticationError, CQCError

log = logging.getLogger("assistant.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://cqc-assistant.invalid/problems/"
# absolute file-system paths ("/tmp/x/report.pdf", "C:\\data\\x.pdf") shown as their last component only
_PATH = re.compile(r"(?:[A-Za-z]:\\|/)(?:[^\s/\\'\"]+[/\\])+([^\s/\\'\"]+)")


class ProblemError(BaseModel):
    """One field-level validation error."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(..., examples=[PROBLEM_BASE + "rate_limited"])
    title: str = Field(..., examples=["Too many requests"])
    status: int = Field(..., examples=[429])
    detail: str | None = Field(None, examples=["Rate limit of 600 requests per minute exceeded."])
    instance: str | None = Field(None, examples=["/v1/ask"])
    code: str = Field(..., examples=["rate_limited"])
    errors: list[ProblemError] | None = None


def scrub(text: str) -> str:
    """Replace absolute paths in a message by their final component."""
    return _PATH.sub(lambda m: m.group(1), text)


def problem_response(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    errors: list[ProblemError] | None = None,
    headers: dict[str, str] | None = None,
    param: str | None = None,
) -> JSONResponse:
    """A problem+json response for this request (OpenAI's error envelope on the OpenAI-compatible routes)."""
    if is_openai_path(request.url.path):
        if param is None and errors:
            param = param_of(errors[0].loc)
        message = scrub(detail) if detail else title
        status, envelope = openai_error(status, code, message, param)
        return JSONResponse(envelope, status_code=status, headers=headers)
    body = Problem(
        type=PROBLEM_BASE + code,
        title=title,
        status=status,
        detail=scrub(detail) if detail else None,
        instance=request.url.path,
        code=code,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


async def _cqc_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CQCError)
    headers: dict[str, str] = dict(getattr(exc, "headers", None) or {})
    if isinstance(exc, AuthenticationError):
        headers.setdefault("WWW-Authenticate", 'Bearer realm="cqc-assistant"')
    if exc.status >= 500:
        log.warning("%s on %s: %s", exc.code, request.url.path, exc.message)
    return problem_response(
        request, exc.status, exc.code, exc.title, exc.message,
        headers=headers or None, param=getattr(exc, "param", None),
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        ProblemError(
            loc=[p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            msg=str(e.get("msg", "invalid")),
            type=str(e.get("type", "value_error")),
        )
        for e in exc.errors()
    ]
    summary = "; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors[:5])
    return problem_response(
        request, 422, "validation_error", "Request validation failed", summary or None, errors=errors
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {
        400: "bad_request",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        415: "unsupported_format",
    }
    titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Too large"}
    code = codes.get(exc.status_code, f"http_{exc.status_code}")
    title = titles.get(exc.status_code, "HTTP error")
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(
        request, exc.status_code, code, title, detail, headers=dict(exc.headers) if exc.headers else None
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal_error", "Internal error", "The request could not be completed.")


def install(app: FastAPI) -> None:
    """Register the problem handlers on the app."""
    app.add_exception_handler(CQCError, _cqc_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*statuses: int, envelope: type[BaseModel] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json answers (or `envelope`) for these statuses."""
    descriptions = {
        400: "Bad request",
        401: "Missing or unknown API key",
        403: "The key lacks the needed role",
        404: "Not found",
        409: "Conflict",
        413: "Body or upload too large",
        415: "Unsupported file format",
        422: "Invalid request",
        429: "Rate limited (see Retry-After)",
        500: "Internal error",
        503: "A backing service is unavailable",
        504: "The request took longer than the time limit",
    }
    model = envelope or Problem
    return {s: {"model": model, "description": descriptions.get(s, "Error")} for s in statuses}


def rewrite_problem_media_types(schema: dict[str, Any]) -> dict[str, Any]:
    """Make every 4xx/5xx response in an OpenAPI document use application/problem+json."""
    problem_ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for path, path_item in schema.get("paths", {}).items():
        if is_openai_path(path):  # OpenAI's error envelope, documented by openai_compat itself
            continue
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            if "requestBody" in operation:  # a body that is not even parseable is a 400
                operation["responses"].setdefault(
                    "400", {"description": "Unparseable body", "content": {PROBLEM_MEDIA_TYPE: problem_ref}}
                )
            for status, response in operation.get("responses", {}).items():
                if str(status)[:1] not in {"4", "5"}:
                    continue
                content = response.get("content", {})
                body = content.pop("application/json", None)
                if body is not None:
                    content[PROBLEM_MEDIA_TYPE] = body
    return schema
