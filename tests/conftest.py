"""Shared fixtures: the bundled corpus, fresh settings, the real embedder, and the corpus ingested once."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.settings import Settings
from tests.databases import BACKEND_ENV, BACKENDS, SERVER_ENV, backend, new_settings, url_for

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
__all__ = ["new_settings"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--database", choices=BACKENDS, default=None,
                     help=f"database the catalog tests use (default: ${BACKEND_ENV} or sqlite)")


def pytest_configure(config: pytest.Config) -> None:
    """Start the PostgreSQL server when asked for: a server that cannot start fails the run, never skips it."""
    chosen = config.getoption("--database")
    if chosen:
        os.environ[BACKEND_ENV] = chosen
    if backend() == "postgresql" and SERVER_ENV not in os.environ:
        from tests.pg import PostgresServer

        try:
            server = PostgresServer().start()
        except (RuntimeError, OSError, KeyError) as exc:
            raise pytest.UsageError(f"--database=postgresql: cannot start PostgreSQL: {exc}") from exc
        config.stash[_SERVER] = server
        os.environ[SERVER_ENV] = server.url()


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_SERVER, None)
    if server is not None:
        os.environ.pop(SERVER_ENV, None)
        server.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {backend()}"


_SERVER = pytest.StashKey[Any]()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The URL of a fresh, empty database for this test (SQLite file or PostgreSQL database)."""
    return url_for(tmp_path)


@pytest.fixture
def database(database_url: str) -> Iterator[Any]:
    """A fresh database, migrated, closed after the test."""
    from assistant.catalog.database import Database

    opened = Database.open(database_url)
    try:
        yield opened
    finally:
        opened.close()


class DiskCachedEmbedder:
    """The real embedder whose document vectors are remembered across test sessions.

    Seven people and CI share two cores; re-embedding the unchanged corpus in every session is the
    single largest test cost. Vectors are keyed by the model, its settings, the source of
    ingest/embed.py and ingest/onnx_rewrite.py, and the text, so any change to the embedder recomputes
    them. The embedder's own tests (tests/ingest/embed/) always use the uncached model.
    """

    def __init__(self, inner: Any, folder: Path, salt: str) -> None:
        self.inner = inner
        self.name: str = inner.name
        self.dimension: int = inner.dimension
        ingest_dir = Path(__file__).resolve().parents[1] / "ingest"
        files = ("embed/onnx.py", "embed/rewrite.py", "embed/base.py")
        source = b"".join((ingest_dir / name).read_bytes() for name in files)
        key = hashlib.sha256(source + salt.encode()).hexdigest()[:16]
        self.path = folder / f"{key}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            try:
                with np.load(self.path) as data:
                    self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self.vectors = {}

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}
        if todo:
            for k, v in zip(todo, self.inner.embed_documents(list(todo.values())), strict=True):
                self.vectors[k] = v
            self._save()
        return np.stack([self.vectors[k] for k in keys]) if keys else self.inner.embed_documents([])

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.inner.embed_query(text))

    def _save(self) -> None:
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(list(self.vectors)), vectors=np.stack(list(self.vectors.values())))
        os.replace(tmp, self.path)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled sample corpus folder."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def make_settings(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Settings]:
    """Factory: each call gives Settings over a fresh, empty temporary data directory."""

    def make(**overrides: Any) -> Settings:
        return new_settings(tmp_path_factory.mktemp("data"), **overrides)

    return make


@pytest.fixture(scope="session")
def embedder() -> Any:
    """The real default embedder (bundled int8 MiniLM on onnxruntime), loaded once per session."""
    from ingest.embed.factory import get_embedder

    return get_embedder(Settings(_env_file=None).embedding)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def cached_embedder(embedder: Any, pytestconfig: pytest.Config) -> DiskCachedEmbedder:
    """The real embedder with its document vectors remembered across sessions (see DiskCachedEmbedder)."""
    assert pytestconfig.cache is not None
    return DiskCachedEmbedder(embedder, pytestconfig.cache.mkdir("cqc-embeddings"),
                              Settings(_env_file=None).embedding.model_dump_json())  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def make_loaded(make_settings: Callable[..., Settings], cached_embedder: DiskCachedEmbedder
                ) -> Callable[[Sequence[Path]], Settings]:
    """Fresh settings whose data directory holds the given files or folders, ingested (each must succeed)."""

    def load(paths: Sequence[Path]) -> Settings:
        from assistant.catalog.documents import Catalog
        from assistant.catalog.store import open_store
        from ingest.pipeline import Ingestor

        settings = make_settings()
        catalog = Catalog.open(settings)
        try:
            store = open_store(settings, cached_embedder)
            outcomes = Ingestor(settings, catalog, store, cached_embedder).ingest_paths(list(paths))
        finally:
            catalog.close()
        failed = [o.error for o in outcomes if o.status == "failed"]
        assert not failed, f"ingest failed: {failed}"
        return settings

    return load


@pytest.fixture(scope="session")
def loaded_settings(make_loaded: Callable[[Sequence[Path]], Settings], corpus_dir: Path) -> Settings:
    """Settings whose data directory holds the bundled corpus, ingested once per test session."""
    return make_loaded([corpus_dir])


@pytest.fixture(scope="session")
def assistant(loaded_settings: Settings) -> Iterator[Any]:
    """`Assistant.open(loaded_settings)`, shared by the session (read-only use, please)."""
    from assistant.service import Assistant

    service = Assistant.open(loaded_settings)
    try:
        yield service
    finally:
        service.close()


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server (`chroma run`) on a free loopback port, for the module's tests."""
    from tests.cluster.harness import start_chroma, stop

    proc, url = start_chroma(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield url
    finally:
        stop(proc)


class Counting:
    """An embedder's embed_documents that counts the texts it is given."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += list(texts)
        return np.asarray(self.inner.embed_documents(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.inner.embed_query(text))
