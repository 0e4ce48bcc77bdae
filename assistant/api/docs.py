"""/docs (Swagger UI) and /redoc (ReDoc) served entirely by the app: no CDN, nothing fetched at run time.

The JavaScript and CSS come from the `fastapi-offline` PyPI package (its `static/` folder: Swagger UI's
bundle and stylesheet, ReDoc's standalone script and a favicon), mounted at /docs-assets; the pages are
FastAPI's own HTML pointed at those files, with Google Fonts and Swagger's online validator badge off,
and ReDoc's one CDN image (a logo) blanked.
The app is created with `docs_url=None, redoc_url=None` so FastAPI's CDN pages never exist.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
REDOC_CDN_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"

# Swagger UI's inline start-up script and ReDoc's inline style need 'unsafe-inline'; everything else is
# this origin only, so a page that tried to reach a CDN would be blocked by the browser too.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_CSP
    page.headers["Cache-Control"] = "no-cache"
    return page


def mount_docs(app: FastAPI, openapi_url: str = "/openapi.json") -> None:
    """Serve /docs, /docs/oauth2-redirect, /redoc and the assets under /docs-assets from this process."""
    missing = [name for name in ASSETS if not (ASSETS_DIR / name).is_file()]
    if missing:  # a broken install should fail at start, not show a blank page
        raise RuntimeError(f"fastapi-offline is missing {missing} in {ASSETS_DIR}")

    def root(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        base = root(request)
        return _with_csp(
            get_swagger_ui_html(
                openapi_url=base + openapi_url,
                title=f"{app.title} — API documentation",
                swagger_js_url=f"{base}{ASSETS_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{base}{ASSETS_URL}/swagger-ui.css",
                swagger_favicon_url=f"{base}{ASSETS_URL}/favicon.png",
                oauth2_redirect_url=base + OAUTH2_REDIRECT_URL,
                swagger_ui_parameters={"validatorUrl": None},  # no badge image from validator.swagger.io
            )
        )

    @app.get(OAUTH2_REDIRECT_URL, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return _with_csp(get_swagger_ui_oauth2_redirect_html())

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        base = root(request)
        return _with_csp(
            get_redoc_html(
                openapi_url=base + openapi_url,
                title=f"{app.title} — API reference",
                redoc_js_url=f"{base}{ASSETS_URL}/redoc.standalone.js",
                redoc_favicon_url=f"{base}{ASSETS_URL}/favicon.png",
                with_google_fonts=False,
            )
        )

    redoc_js = offline_redoc_script()

    @app.get(f"{ASSETS_URL}/redoc.standalone.js", include_in_schema=False)
    async def redoc_script() -> Response:
        return Response(redoc_js, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})

    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")


def offline_redoc_script() -> bytes:
    """ReDoc's bundle with its one CDN image (the 'Redocly' logo) pointed at an empty data URL.

    The image's onError handler then hides it, so the page requests nothing outside this server.
    """
    script = (ASSETS_DIR / "redoc.standalone.js").read_bytes()
    return script.replace(REDOC_CDN_LOGO, b"data:,")
