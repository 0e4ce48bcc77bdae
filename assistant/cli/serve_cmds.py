"""`cqc-assistant serve`: the HTTP API (and browser UI) under uvicorn, one process or several workers."""

from __future__ import annotations

import ipaddress
import json
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, SecretStr

from assistant.checks import check_keys, redact_url
from assistant.cli.app import app, err_console, settings_of
from assistant.errors import ConfigurationError
from assistant.settings import Settings

FACTORY = "assistant.api.app:app_from_env"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client in each worker (assistant.api.metrics)


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_serving(settings: Settings) -> None:
    """Refuse settings that would be unsafe or broken to serve (ConfigurationError)."""
    api = settings.api
    try:
        check_keys(api.reader_keys)
        check_keys(api.admin_keys)
    except ValueError as exc:
        raise ConfigurationError(f"invalid API key in CQC_API__READER_KEYS / CQC_API__ADMIN_KEYS: {exc}") from None
    if not (api.reader_keys or api.admin_keys) and not is_loopback(api.host):
        raise ConfigurationError(
            f"refusing to serve on {api.host} without API keys: set CQC_API__READER_KEYS / "
            "CQC_API__ADMIN_KEYS (JSON lists) or serve on 127.0.0.1"
        )
    if api.workers < 1:
        raise ConfigurationError("--workers must be at least 1")
    if api.workers > 1 and not settings.chroma_url:
        raise ConfigurationError(
            f"{api.workers} workers need a Chroma server (CQC_CHROMA_URL): an embedded Chroma directory "
            "is not safe for several processes; start `chroma run --path DIR` or use --workers 1"
        )


def _env_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, list | tuple | dict):
        plain = (
            [v.get_secret_value() if isinstance(v, SecretStr) else v for v in value]
            if not isinstance(value, dict)
            else value
        )
        return json.dumps(plain, default=str)
    return str(value)


def settings_to_env(settings: Settings) -> dict[str, str]:
    """CQC_* environment variables that rebuild these settings in a worker process (secrets included)."""
    env: dict[str, str] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, BaseModel):
            for sub in type(value).model_fields:
                text = _env_value(getattr(value, sub))
                if text is not None:
                    env[f"CQC_{name.upper()}__{sub.upper()}"] = text
        else:
            text = _env_value(value)
            if text is not None:
                env[f"CQC_{name.upper()}"] = text
    return env


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Bind address (default: CQC_API__HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: CQC_API__PORT or 8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default 1; more need CQC_CHROMA_URL).")] = None,
) -> None:
    """Serve the HTTP API (/v1, /docs) and the browser UI."""
    import os

    import uvicorn

    base = settings_of(ctx)
    updates = {k: v for k, v in {"host": host, "port": port, "workers": workers}.items() if v is not None}
    settings = base.model_copy(update={"api": base.api.model_copy(update=updates)})
    if settings.embedding.threads == 0:
        # requests run concurrently in a thread pool: one ONNX thread per query avoids oversubscribing
        settings = settings.model_copy(update={"embedding": settings.embedding.model_copy(update={"threads": 1})})
    check_serving(settings)
    api = settings.api
    if not (api.reader_keys or api.admin_keys):
        err_console.print(
            f"No API keys configured: serving without authentication on {api.host} only (loopback). "
            "Set CQC_API__READER_KEYS / CQC_API__ADMIN_KEYS to serve other machines.",
            highlight=False,
        )
    store = settings.chroma_url or str(settings.chroma_path)
    err_console.print(
        f"Serving on http://{api.host}:{api.port} ({api.workers} worker(s); data {settings.data_dir}; "
        f"database {redact_url(settings.database)}; vector store {store}). API docs at /docs.",
        highlight=False,
    )
    common: dict[str, Any] = {
        "host": api.host,
        "port": api.port,
        "log_level": settings.log_level.lower(),
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    if api.workers == 1:
        from assistant.api.app import create_app
        from assistant.catalog.writer import writing

        with writing(settings, "serve"):  # refused here, before uvicorn starts, when an ingest is running
            uvicorn.run(create_app(settings), **common)
        return
    os.environ.update(settings_to_env(settings))  # the worker processes rebuild settings from these
    # metrics of all workers in one place (prometheus-client multiprocess mode), fresh for this server
    metrics_dir = tempfile.mkdtemp(prefix="cqc-metrics-")
    os.environ[MULTIPROC_ENV] = metrics_dir
    try:
        uvicorn.run(FACTORY, factory=True, workers=api.workers, **common)
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
