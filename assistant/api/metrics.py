"""Prometheus metrics: requests, latency, answers (refused or not), ingest outcomes.

Each app owns its registry (several apps in one test process do not collide). With several workers
`cqc-assistant serve` sets PROMETHEUS_MULTIPROC_DIR to a fresh temporary directory before the workers
start: prometheus-client then keeps every value in memory-mapped files there, and /metrics answers from
all of them (MultiProcessCollector), so any worker's scrape reports the whole server's counts.
"""

from __future__ import annotations

import os
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.models.answers import Answer
from assistant.models.records import IngestOutcome

CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """The service's metric families in one registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "cqc_http_requests",
            "HTTP requests served.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "cqc_http_request_duration_seconds",
            "Time from request start to the end of the response body.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "cqc_http_requests_in_flight",
            "Requests being served.",
            registry=self.registry,
            multiprocess_mode="livesum",  # summed over the live worker processes
        )
        self.answers = Counter(
            "cqc_answers",
            "Answers given, by question kind and whether evidence was refused.",
            ["kind", "refused", "composer"],
            registry=self.registry,
        )
        self.ingested = Counter(
            "cqc_ingest_files",
            "Files ingested through the API, by outcome.",
            ["status"],
            registry=self.registry,
        )
        self.rate_limited = Counter("cqc_rate_limited", "Requests refused by the rate limiter.", registry=self.registry)

    def answer(self, answer: Answer) -> None:
        """Count one answer."""
        self.answers.labels(answer.kind.value, str(answer.refused).lower(), answer.composer).inc()

    def ingest(self, outcomes: list[IngestOutcome]) -> None:
        """Count ingest outcomes."""
        for outcome in outcomes:
            self.ingested.labels(outcome.status).inc()

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric (of every worker process in multiprocess mode)."""
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry)


def multiprocess_dir() -> str | None:
    """The prometheus-client multiprocess directory, when this process runs as one of several workers."""
    return os.environ.get(MULTIPROC_ENV) or None


def route_label(scope: Scope) -> str:
    """The matched route template (bounded label values), or 'unmatched'."""
    route = scope.get("route")
    if isinstance(route, BaseRoute):
        path = getattr(route, "path", None)
        if isinstance(path, str):
            return path
    return "unmatched"


class MetricsMiddleware:
    """Counts every HTTP request and records its latency by route template and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.metrics.in_flight.dec()
            route = route_label(scope)
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
