"""The generation watcher: a worker follows ingests made elsewhere and carries its sentence vectors over."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from assistant.api.watch import GenerationWatcher
from assistant.retrieve.files import fingerprint
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import Counting
from tests.databases import copy_data

NOTE = """# Adult social care: a note on reablement

The reablement team now answers referrals within two working days. Seven in ten people who finished
reablement needed no further care after ninety days. Families said the team explained every step.
"""


def _copy(loaded_settings: Settings, tmp_path: Path) -> Settings:
    return copy_data(loaded_settings, tmp_path / "data")


def _ingest_elsewhere(settings: Settings, tmp_path: Path) -> None:
    """Another process (another worker's job) ingests a document into the shared catalog."""
    note = tmp_path / "reablement-note.md"
    note.write_text(NOTE, encoding="utf-8")
    other = Assistant.open(settings)
    try:
        assert other.ingestor.ingest_paths([note])[0].status == "added"
    finally:
        other.close()


def _saved_now(assistant: Assistant) -> bool:
    catalog = assistant.catalog
    return assistant.sentence_files.open(catalog.generation(), fingerprint(catalog.active_versions())) is not None


def test_a_worker_with_sentence_vectors_carries_them_to_a_new_generation(
    loaded_settings: Settings, cached_embedder: Any, tmp_path: Path
) -> None:
    settings = _copy(loaded_settings, tmp_path)
    worker = Assistant.open(settings)
    try:
        worker.save_sentences(embed=cached_embedder.embed_documents)
        watcher = GenerationWatcher(worker, poll_s=1.0)
        assert watcher.check() is False  # the first look opens the current generation
        counting = Counting(worker.embedder)
        worker.embedder = counting  # type: ignore[assignment]
        _ingest_elsewhere(settings, tmp_path)
        assert watcher.check() is True and watcher.rebuilds == 1
        assert _saved_now(worker) and worker.sentences_saved()
        # only the new document's sentences were embedded: the rest came from the earlier generation's file
        assert counting.texts and all(t.split()[0] in NOTE for t in counting.texts)
        assert any("ninety days" in t for t in counting.texts)
        assert worker.retriever.index.current().generation == worker.catalog.generation()  # the index moved too
    finally:
        worker.close()


def test_a_worker_without_sentence_vectors_does_not_embed_the_corpus_in_the_background(
    loaded_settings: Settings, tmp_path: Path
) -> None:
    settings = _copy(loaded_settings, tmp_path)
    shutil.rmtree(settings.index_path, ignore_errors=True)  # a fresh worker: nothing saved on its disk
    worker = Assistant.open(settings)
    try:
        watcher = GenerationWatcher(worker, poll_s=1.0)
        watcher.check()
        _ingest_elsewhere(settings, tmp_path)
        assert watcher.check() is True
        assert not _saved_now(worker) and not worker.sentences_saved()
    finally:
        worker.close()
