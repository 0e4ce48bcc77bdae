"""Fixtures of the fault and abuse suite: a private data directory with the corpus, an Assistant over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from tests.conftest import DiskCachedEmbedder


@pytest.fixture(scope="module")
def cached_embedder(embedder: Any, pytestconfig: pytest.Config) -> DiskCachedEmbedder:
    """The real embedder with document vectors remembered across sessions (re-ingest costs little)."""
    assert pytestconfig.cache is not None
    salt = Settings(_env_file=None).embedding.model_dump_json()  # type: ignore[call-arg]
    return DiskCachedEmbedder(embedder, pytestconfig.cache.mkdir("cqc-embeddings"), salt)


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A private copy of the corpus (tests change and delete its documents)."""
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(corpus_dir, target)
    return target


@pytest.fixture(scope="module")
def own(make_settings: Callable[..., Settings], corpus_copy: Path, cached_embedder: Any) -> Iterator[Any]:
    """An Assistant over a private data directory holding the corpus; its ingestor embeds through the cache."""
    from assistant.service import Assistant

    settings = make_settings()
    service = Assistant.open(settings)
    service.ingestor.embedder = cached_embedder
    outcomes = service.ingest([corpus_copy])
    assert not [o.error for o in outcomes if o.status == "failed"]
    try:
        yield service
    finally:
        service.close()
