"""The project's exception hierarchy: each error knows its HTTP status and a stable code."""

from __future__ import annotations


class CQCError(Exception):
    """Base of every error the assistant raises on purpose."""

    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadInputError(CQCError):
    """A request or file that cannot be processed as given."""

    status = 422
    code = "bad_input"
    title = "Bad input"


class UnsupportedFormatError(BadInputError):
    """A file of a type the ingest pipeline does not read."""

    status = 415
    code = "unsupported_format"
    title = "Unsupported file format"


class TooLargeError(BadInputError):
    """A file or request over the configured size limit."""

    status = 413
    code = "too_large"
    title = "Too large"


class NotFoundError(CQCError):
    """A council, document or conversation that is not loaded."""

    status = 404
    code = "not_found"
    title = "Not found"


class ConflictError(CQCError):
    """A request that contradicts the store's state (e.g. mixing embedding models)."""

    status = 409
    code = "conflict"
    title = "Conflict"


class AuthenticationError(CQCError):
    """Missing or unknown API key."""

    status = 401
    code = "unauthenticated"
    title = "Authentication required"


class PermissionDeniedError(CQCError):
    """A valid key without the role the route needs."""

    status = 403
    code = "forbidden"
    title = "Forbidden"


class RateLimitedError(CQCError):
    """Too many requests for one key in the window."""

    status = 429
    code = "rate_limited"
    title = "Too many requests"


class ConfigurationError(CQCError):
    """Settings that cannot work (e.g. several workers on an embedded store)."""

    status = 500
    code = "configuration_error"
    title = "Configuration error"


class UnavailableError(CQCError):
    """A backing service (catalog, vector store, model) cannot be reached."""

    status = 503
    code = "unavailable"
    title = "Service unavailable"


class ModelError(CQCError):
    """A language or embedding model failed, timed out or returned nothing usable."""

    status = 502
    code = "model_error"
    title = "Model error"


class AbandonedError(CQCError):
    """Work stopped on purpose: its request was abandoned (timeout, disconnect) or its deadline passed."""

    status = 504
    code = "abandoned"
    title = "Stopped"


def error_for_status(status: int, message: str) -> CQCError:
    """The error of this hierarchy with this HTTP status (the most general one), carrying `message`; used to
    raise again, on another worker, an error recorded with its status (say, a failed ingest job's)."""
    found = [cls for cls in _all(CQCError) if cls.status == status]
    return (found[0] if found else CQCError)(message)


def _all(cls: type[CQCError]) -> list[type[CQCError]]:
    """The class and its subclasses, general before specific."""
    return [cls, *(sub for child in cls.__subclasses__() for sub in _all(child))]
