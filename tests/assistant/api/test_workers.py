"""`cqc-assistant serve --workers 2` against a real Chroma server started by the test (`chroma run`)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.service import Assistant
from tests.cluster.harness import clean_env, free_port, stop, wait_http
from tests.databases import new_settings, url_for

BIN = Path(sys.executable).parent
KEY = "reader-key-workers-0123456789"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, chroma_url: str, corpus_dir: Path) -> tuple[Path, str]:
    """A catalog + Chroma server holding one report: (data directory, its doc_id)."""
    data = tmp_path_factory.mktemp("workers-data")
    settings = new_settings(data, chroma_url=chroma_url)
    loader = Assistant.open(settings)
    try:
        outcome = loader.ingest([corpus_dir / "north-lincolnshire-cqc-assessment-2023.txt"])[0]
        assert outcome.status == "added", outcome.error
    finally:
        loader.close()
    return data, outcome.doc_id


@pytest.fixture(scope="module")
def two_workers(data_dir: tuple[Path, str], chroma_url: str) -> Iterator[str]:
    """`cqc-assistant serve --workers 2` on a free loopback port."""
    data, _ = data_dir
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "cqc-assistant"), "serve", "--port", str(port), "--workers", "2"],
        env=clean_env(
            CQC_DATA_DIR=str(data), CQC_DATABASE_URL=url_for(data), CQC_CHROMA_URL=chroma_url,
            CQC_API__READER_KEYS=f'["{KEY}"]', TMPDIR=str(data),
        ),  # TMPDIR: the metrics directory `serve` makes lands where the test can look
        cwd=data,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", 180, server)
        yield base
    finally:
        stop(server)


@pytest.mark.slow
def test_serve_refuses_two_workers_without_a_chroma_server(tmp_path: Path) -> None:
    refused = subprocess.run(
        [str(BIN / "cqc-assistant"), "serve", "--workers", "2"],
        env=clean_env(CQC_DATA_DIR=str(tmp_path / "data")),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "CQC_CHROMA_URL" in refused.stderr


@pytest.mark.slow
def test_two_workers_share_a_chroma_server(two_workers: str, data_dir: tuple[Path, str]) -> None:
    base = two_workers
    ready = httpx.get(base + "/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    headers = {"Authorization": f"Bearer {KEY}"}
    first = httpx.post(
        base + "/v1/ask",
        json={"question": "North Lincs safeguarding score?"},
        headers=headers,
        timeout=60,
    ).json()
    assert not first["refused"] and first["citations"]
    conversation = first["conversation_id"]
    # fresh connections: the turns land on either worker, and every follow-up sees the whole conversation
    for question in (
        "and equity?",
        "and for partnerships and communities?",
        "what about assessing needs?",
    ):
        r = httpx.post(
            base + "/v1/ask",
            json={"question": question, "conversation_id": conversation},
            headers=headers,
            timeout=60,
        )
        assert r.status_code == 200, r.text
        assert r.json()["analysis"]["councils"] == ["North Lincolnshire Council"]
    hits = httpx.get(base + "/v1/search", params={"q": "safeguarding"}, headers=headers, timeout=60).json()
    assert hits and hits[0]["doc_id"] == data_dir[1]


def models_requests(text: str) -> float:
    """cqc_http_requests_total for GET /v1/models with status 200 in a Prometheus text exposition."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            if sample.name == "cqc_http_requests_total" and labels.get("route") == "/v1/models" and (
                labels.get("method") == "GET" and labels.get("status") == "200"
            ):
                return float(sample.value)
    return 0.0


@pytest.mark.slow
def test_metrics_count_every_workers_requests(two_workers: str, data_dir: tuple[Path, str]) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    n = 24
    for _ in range(n):  # a fresh connection each time: uvicorn's workers share the socket
        assert httpx.get(two_workers + "/v1/models", headers=headers, timeout=30).status_code == 200
    scrapes = [httpx.get(two_workers + "/metrics", headers=headers, timeout=30) for _ in range(8)]
    counts = [models_requests(s.text) for s in scrapes]
    assert counts == [float(n)] * len(scrapes), counts
    assert "cqc_http_request_duration_seconds_bucket" in scrapes[0].text
    assert "cqc_http_requests_created" not in scrapes[0].text  # MultiProcessCollector answered, not one registry
    # each worker process that counted a request wrote its own file in the fresh multiprocess directory
    workers = {p.stem.rsplit("_", 1)[-1] for p in data_dir[0].glob("cqc-metrics-*/counter_*.db")}
    assert len(workers) == 2, workers
    print(f"GET /v1/models x{n} over 2 workers (counter files from pids {sorted(workers)}); scrapes report {counts}")
