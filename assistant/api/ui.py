"""The browser UI: the single-page app at /, its static files, the intranet widget script and iframe page.

These routes carry no data and need no API key; every call the pages make goes to the authenticated
/v1 API. Pages get a strict Content-Security-Policy (scripts and styles from this origin only), so even a
rendering mistake could not run injected script. /widget.js may be loaded by any page (the API's CORS
allow-list decides who may call it); /embed may be framed only by the CORS allow-listed origins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from assistant.domain import taxonomy

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
_NO_CACHE = "no-cache"


def taxonomy_payload() -> dict[str, Any]:
    """Themes, the nine quality statements, score wordings and ratings, for the pages' tables and menus."""
    return {
        "themes": list(taxonomy.THEMES),
        "statements": [{"number": s.number, "name": s.name, "theme": s.theme} for s in taxonomy.STATEMENTS],
        "wordings": {str(k): v for k, v in taxonomy.SCORE_WORDINGS.items()},
        "ratings": list(taxonomy.RATINGS),
    }


def _frame_ancestors(request: Request) -> str:
    """'self' plus the CORS allow-listed origins (the pages allowed to embed the widget)."""
    settings = getattr(request.app.state, "settings", None)
    origins: list[str] = list(settings.api.cors_origins) if settings is not None else []
    safe = [o for o in origins if o != "*" and all(c not in o for c in " ;,'\"")]
    return " ".join(["'self'", *safe])


def _page(name: str, csp: str) -> FileResponse:
    return FileResponse(
        STATIC_DIR / name,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": csp, "Cache-Control": _NO_CACHE},
    )


def mount_ui(app: FastAPI) -> None:
    """Serve / (the app), /static/*, /widget.js, /embed (iframe chat) and /ui/taxonomy.json on `app`."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return _page("index.html", _PAGE_CSP)

    @app.get("/embed", include_in_schema=False)
    def embed(request: Request) -> FileResponse:
        csp = _PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors " + _frame_ancestors(request))
        response = _page("widget.html", csp)
        # CSP frame-ancestors governs framing in current browsers; without this header the security
        # middleware would add X-Frame-Options: DENY, which older browsers would apply instead.
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @app.get("/widget.js", include_in_schema=False)
    def widget_script() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "widget.js",
            media_type="text/javascript; charset=utf-8",
            # loaded by <script> on other origins' pages: opt out of the default same-origin CORP
            headers={"Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": _NO_CACHE},
        )

    @app.get("/ui/taxonomy.json", include_in_schema=False)
    def taxonomy_json() -> JSONResponse:
        return JSONResponse(taxonomy_payload(), headers={"Cache-Control": "max-age=3600"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
