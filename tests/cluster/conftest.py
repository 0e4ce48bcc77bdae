"""Fixtures of the cluster suite: PostgreSQL, a Chroma server holding the corpus, and three workers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cluster.harness import Worker, populate, worker_env

READER = "reader-key-cluster-0123456789"
LIMITED = "reader-key-cluster-limited-0123"
ADMIN = "admin-key-cluster-0123456789ab"
LEASE_S = 4.0


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server, or on one started for this module."""
    import psycopg

    from tests.pg import PostgresServer

    server = None
    base = os.environ.get("CQC_TEST_PG_SERVER")
    if base is None:
        server = PostgresServer().start()
        base = server.url()
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS cluster_suite")
        conn.execute("CREATE DATABASE cluster_suite")
    try:
        yield base.rsplit("/", 1)[0] + "/cluster_suite"
    finally:
        if server is not None:
            server.stop()


@pytest.fixture(scope="module")
def loaded(postgres_url: str, chroma_url: str, tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path,
           embedder: Any, pytestconfig: pytest.Config) -> int:
    """The sample corpus in the shared database and Chroma server (loaded from a throwaway data directory)."""
    from assistant.settings import Settings
    from tests.conftest import DiskCachedEmbedder

    assert pytestconfig.cache is not None
    cached = DiskCachedEmbedder(embedder, pytestconfig.cache.mkdir("cqc-embeddings"),
                                Settings(_env_file=None).embedding.model_dump_json())  # type: ignore[call-arg]
    return populate(postgres_url, chroma_url, tmp_path_factory.mktemp("loader"), [corpus_dir], cached)


@pytest.fixture(scope="module")
def workers(loaded: int, postgres_url: str, chroma_url: str,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Worker]]:
    """Three workers with empty data directories (no shared disk), ready."""
    env = worker_env(postgres_url, chroma_url, [READER, LIMITED], [ADMIN],
                     CQC_API__RATE_LIMIT_PER_MINUTE="60", CQC_CLUSTER__JOB_LEASE_S=str(LEASE_S),
                     CQC_CLUSTER__JOB_POLL_S="0.3", CQC_CLUSTER__GENERATION_POLL_S="0.5")
    started = [Worker(f"w{i}", tmp_path_factory.mktemp(f"worker{i}"), env).start() for i in (1, 2, 3)]
    try:
        for worker in started:
            worker.wait_ready()
        yield started
    finally:
        for worker in started:
            worker.stop()
