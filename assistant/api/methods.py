"""OPTIONS answered with every method a path allows, and 405 answers that list them all.

FastAPI registers one route per method, so Starlette's own 405 names only the first route's methods
(`GET` for /v1/documents, which also takes POST) and has no OPTIONS answer. This middleware answers a plain
`OPTIONS` (not a CORS preflight, which the CORS middleware handles) with 204 and an `Allow` header built
from every route matching the path, and rewrites the `Allow` header of 405 responses the same way.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CANDIDATES = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app: ASGIApp, scope: Scope) -> list[str]:
    """The methods the routes matching this request's path accept (OPTIONS included), sorted; [] for none."""
    router = getattr(app, "router", None)
    methods: set[str] = set()
    for route in getattr(router, "routes", []):
        if isinstance(route, Mount):  # static files: GET and HEAD
            if route.matches(scope)[0] == Match.FULL:
                methods |= {"GET", "HEAD"}
            continue
        for method in CANDIDATES:  # ask each route (and included router) the way routing does
            if isinstance(route, BaseRoute) and route.matches({**scope, "method": method})[0] == Match.FULL:
                methods.add(method)
    if methods:
        methods.add("OPTIONS")
    return sorted(methods)


class AllowMiddleware:
    """204 + Allow for OPTIONS; complete Allow headers on 405."""

    def __init__(self, app: ASGIApp, root: ASGIApp) -> None:
        self.app = app
        self.root = root  # the FastAPI app whose routes are consulted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.lower() for name, _ in scope.get("headers", [])}
        if scope.get("method") == "OPTIONS" and b"access-control-request-method" not in headers:
            methods = allowed_methods(self.root, scope)
            if methods:
                allow = ", ".join(methods).encode()
                await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow)]})
                await send({"type": "http.response.body", "body": b""})
                return

        async def complete_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                methods = allowed_methods(self.root, scope)
                if methods:
                    kept = [(n, v) for n, v in message.get("headers", []) if n.lower() != b"allow"]
                    message = {**message, "headers": [*kept, (b"allow", ", ".join(methods).encode())]}
            await send(message)

        await self.app(scope, receive, complete_allow)
