"""`cqc-assistant serve --workers 2` against a real Chroma server started by the test (`chroma run`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.service import Assistant
from assistant.settings import Settings

BIN = Path(sys.executable).parent
KEY = "reader-key-workers-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"process exited with {proc.returncode}"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready after {seconds} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "chroma"),
            "run",
            "--path",
            str(tmp_path / "chroma-server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_")}
    return {**env, **values}


@pytest.mark.slow
def test_two_workers_share_a_chroma_server(tmp_path: Path, chroma_url: str, corpus_dir: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, chroma_url=chroma_url, _env_file=None)
    loader = Assistant.open(settings)
    try:
        outcome = loader.ingest([corpus_dir / "north-lincolnshire-cqc-assessment-2023.txt"])[0]
        assert outcome.status == "added", outcome.error
    finally:
        loader.close()

    refused = subprocess.run(
        [str(BIN / "cqc-assistant"), "serve", "--workers", "2"],
        env=clean_env(CQC_DATA_DIR=str(data)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "CQC_CHROMA_URL" in refused.stderr

    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "cqc-assistant"), "serve", "--port", str(port), "--workers", "2"],
        env=clean_env(CQC_DATA_DIR=str(data), CQC_CHROMA_URL=chroma_url, CQC_API__READER_KEYS=f'["{KEY}"]'),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", 180, server)
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
        assert hits and hits[0]["doc_id"] == outcome.doc_id
    finally:
        stop(server)
