"""API keys and roles, security response headers.

Two roles: ``reader`` (ask, search, read) and ``admin`` (documents and everything a reader may do).
Keys come from settings (``CQC_API__READER_KEYS`` / ``CQC_API__ADMIN_KEYS``) and are sent as
``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. With no key configured at all the service is open
(``cqc-assistant serve`` then binds to loopback only) and every caller acts as admin.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.checks import check_keys
from assistant.errors import AuthenticationError, ConfigurationError, PermissionDeniedError
from assistant.settings import ApiSettings

Role = Literal["reader", "admin"]

# Declared for the OpenAPI document (and Swagger's "Authorize" button); checking happens in `Keyring`.
bearer_scheme = HTTPBearer(auto_error=False, description="`Authorization: Bearer <API key>`")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: <API key>`")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role and a stable, non-secret identifier of the key (or client address)."""

    role: Role
    subject: str  # "key:<sha256 prefix>" or "ip:<address>" when the service is open

    def allows(self, needed: Role) -> bool:
        """Whether this caller may use a route needing `needed`."""
        return self.role == "admin" or needed == "reader"


def key_fingerprint(key: str) -> str:
    """A short non-reversible identifier of a key, for rate limiting, logs and ownership."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def presented_key(request: Request) -> str | None:
    """The API key the request carries, if any."""
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    header = request.headers.get("x-api-key")
    return header.strip() if header and header.strip() else None


def client_address(request: Request) -> str:
    """The client's address as seen by the server."""
    return request.client.host if request.client else "unknown"


class Keyring:
    """The configured keys; identifies callers in constant time per key."""

    def __init__(self, api: ApiSettings) -> None:
        try:  # settings copied with model_copy skip validation: check the keys again here
            check_keys(api.reader_keys)
            check_keys(api.admin_keys)
        except ValueError as exc:
            raise ConfigurationError(f"invalid API key in CQC_API__READER_KEYS / CQC_API__ADMIN_KEYS: {exc}") from None
        # SHA-256 digests: every comparison takes the same time whatever the presented key's length
        self._keys: list[tuple[bytes, Role]] = [(_digest(k.get_secret_value()), "reader") for k in api.reader_keys] + [
            (_digest(k.get_secret_value()), "admin") for k in api.admin_keys
        ]

    @property
    def open(self) -> bool:
        """True when no key is configured (local, unauthenticated use)."""
        return not self._keys

    def identify(self, request: Request) -> Principal:
        """The caller behind the request; AuthenticationError when a needed key is missing or unknown."""
        if self.open:
            return Principal("admin", "ip:" + client_address(request))
        key = presented_key(request)
        if key is None:
            raise AuthenticationError("An API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key'.")
        raw = _digest(key)
        role: Role | None = None
        for known, known_role in self._keys:  # compare with every key: timing does not reveal which matched
            if hmac.compare_digest(raw, known) and (role is None or known_role == "admin"):
                role = known_role
        if role is None:
            raise AuthenticationError("The API key is not recognised.")
        return Principal(role, "key:" + key_fingerprint(key))

    def authorize(self, request: Request, needed: Role) -> Principal:
        """Identify the caller and check it holds the role the route needs."""
        principal = self.identify(request)
        if not principal.allows(needed):
            raise PermissionDeniedError(f"This route needs an {needed} key.")
        return principal


_SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
_API_ONLY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
]


class SecurityHeadersMiddleware:
    """Adds nosniff, framing and referrer headers to every response; a locked-down CSP on JSON ones."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                extra = list(_SECURITY_HEADERS)
                if b"json" in content_type or b"event-stream" in content_type:
                    extra += _API_ONLY_HEADERS
                headers += [(n, v) for n, v in extra if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
