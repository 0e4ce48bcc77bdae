"""OpenAI's error envelope for the OpenAI-compatible routes: `{"error": {"message", "type", "code", "param"}}`.

Chat front ends and the `openai` SDK read errors in this shape (the SDK's `e.message`, `e.code`, `e.param`,
`e.type`), so on /v1/chat/completions and /v1/models every error uses it — validation (400, as OpenAI
answers), keys (401/403), limits (413/429), time-outs and failures (5xx), and errors in the middle of a
stream (as a `data:` line). Every other route keeps RFC 9457 problem documents.
"""

from __future__ import annotations

from typing import Any

from assistant.errors import BadInputError

OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
}
_CODES = {  # the project's codes renamed where OpenAI has its own
    "unauthenticated": "invalid_api_key",
    "forbidden": "permission_denied",
    "rate_limited": "rate_limit_exceeded",
    "too_large": "request_too_large",
    "validation_error": "invalid_request_error",
    "bad_input": "invalid_request_error",
}


class InvalidParameterError(BadInputError):
    """A request parameter with a value this service cannot accept; `param` names it (400)."""

    status = 400
    code = "invalid_value"
    title = "Invalid parameter"

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class UnsupportedParameterError(InvalidParameterError):
    """A request parameter this service cannot honour (n > 1, tools, JSON output, logprobs...)."""

    code = "unsupported_parameter"
    title = "Unsupported parameter"


def is_openai_path(path: str) -> bool:
    """Whether a request path is one of the OpenAI-compatible routes."""
    path = path.rstrip("/")
    return path in OPENAI_PATHS or path.startswith("/v1/models/")


def openai_error(status: int, code: str, message: str, param: str | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) in OpenAI's shape; a 422 becomes 400 as OpenAI answers invalid requests."""
    if status == 422:
        status = 400
    kind = _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    body = {"error": {"message": message, "type": kind, "code": _CODES.get(code, code), "param": param}}
    return status, body


def param_of(loc: list[str | int] | tuple[str | int, ...]) -> str | None:
    """A validation error location as OpenAI's `param` ('messages[0].content'), without the 'body' prefix."""
    parts = [p for p in loc if p != "body"]
    if not parts:
        return None
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
