"""The ingest pipeline: corpus ingest, idempotence, atomic replacement, crash recovery, bad files."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from assistant.catalog.documents import Catalog
from assistant.catalog.store import VectorStore, open_store
from assistant.errors import NotFoundError
from assistant.models.records import Chunk, ParsedDocument
from assistant.settings import Settings
from ingest.embed.base import Embedder
from ingest.pipeline import Ingestor, IngestProgress, discover

SOURCE = "leicestershire-scrutiny-assurance-report-2023.txt"


def small_copy(corpus_dir: Path, folder: Path, name: str = "scrutiny-extract.txt", chars: int = 2500) -> Path:
    """A short real document: the first paragraphs of a corpus file (a few chunks, quick to embed)."""
    text = (corpus_dir / SOURCE).read_text(encoding="utf-8")
    cut = text.rfind("\n\n", 0, chars)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text[:cut] + "\n", encoding="utf-8")
    return path


@dataclass
class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    inner: Embedder
    texts: int = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


@dataclass
class Parts:
    settings: Settings
    catalog: Catalog
    store: VectorStore
    embedder: CountingEmbedder

    def ingestor(self) -> Ingestor:
        return Ingestor(self.settings, self.catalog, self.store, self.embedder)

    def consistent(self) -> bool:
        """Vectors and catalog chunks are exactly the same set of ids."""
        return self.store.ids() == {c.id for c in self.catalog.active_chunks()}


def _open(settings: Settings, embedder: Embedder) -> Parts:
    return Parts(settings, Catalog.open(settings), open_store(settings, embedder), CountingEmbedder(embedder))


@pytest.fixture
def fresh(make_settings: Callable[..., Settings], embedder: Embedder) -> Iterator[Parts]:
    parts = _open(make_settings(), embedder)
    yield parts
    parts.catalog.close()


@pytest.fixture
def loaded(loaded_settings: Settings, embedder: Embedder) -> Iterator[Parts]:
    parts = _open(loaded_settings, embedder)
    yield parts
    parts.catalog.close()


def test_corpus_is_loaded_into_catalog_and_store(loaded: Parts, corpus_dir: Path) -> None:
    docs = loaded.catalog.documents()
    assert len(docs) == len(discover([corpus_dir])) == 5
    assert all(d.chunk_count > 0 for d in docs)
    assert loaded.consistent()
    text = loaded.catalog.document_text(docs[0].doc_id)
    assert all(c.text == text[c.start : c.end] for c in loaded.catalog.active_chunks() if c.doc_id == docs[0].doc_id)


def test_reingest_of_unchanged_corpus_does_no_work(loaded: Parts, corpus_dir: Path) -> None:
    generation = loaded.catalog.generation()
    events: list[IngestProgress] = []
    outcomes = loaded.ingestor().ingest_paths([corpus_dir], progress=events.append)
    assert [o.status for o in outcomes] == ["unchanged"] * 5
    assert loaded.embedder.texts == 0 and loaded.catalog.generation() == generation
    assert [e.files_done for e in events if e.outcome] == [1, 2, 3, 4, 5]
    assert outcomes[0].chunks == loaded.catalog.document(outcomes[0].doc_id or "").chunk_count


def test_changed_file_replaces_old_chunks_and_rows(fresh: Parts, corpus_dir: Path, tmp_path: Path) -> None:
    path = small_copy(corpus_dir, tmp_path / "docs")
    (first,) = fresh.ingestor().ingest_paths([path])
    assert first.status == "added" and first.chunks > 0 and first.tokens > 0
    old_version = fresh.catalog.active_versions()[first.doc_id or ""]
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph about carers.\n", "utf-8")
    embedded_before = fresh.embedder.texts
    (second,) = fresh.ingestor().ingest_paths([path])
    assert second.status == "replaced"
    assert 0 < fresh.embedder.texts - embedded_before < second.chunks  # unchanged passages keep their vectors
    new_version = fresh.catalog.active_versions()[second.doc_id or ""]
    assert new_version != old_version
    assert fresh.consistent()
    assert {c.version for c in fresh.catalog.active_chunks()} == {new_version}
    assert not any(old_version in i for i in fresh.store.ids())
    assert "new closing paragraph" in fresh.catalog.document_text(second.doc_id or "")
    assert fresh.catalog.pending_versions() == []  # each commit dropped its pending mark


def test_new_collection_gets_the_vectors_of_unchanged_files(fresh: Parts, corpus_dir: Path, tmp_path: Path) -> None:
    path = small_copy(corpus_dir, tmp_path / "docs")
    (first,) = fresh.ingestor().ingest_paths([path])
    # the same data directory (one catalog), another collection: as after switching embedding model
    other = Parts(fresh.settings.model_copy(update={"collection": "second_chunks"}), fresh.catalog,
                  open_store(fresh.settings.model_copy(update={"collection": "second_chunks"}), fresh.embedder),
                  CountingEmbedder(fresh.embedder.inner))
    (again,) = other.ingestor().ingest_paths([path])
    assert again.status == "replaced" and other.embedder.texts == first.chunks
    assert other.consistent() and fresh.consistent()
    (third,) = other.ingestor().ingest_paths([path])
    assert third.status == "unchanged" and other.embedder.texts == first.chunks


def test_crash_between_upsert_and_commit(
    fresh: Parts, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    path = small_copy(corpus_dir, tmp_path / "docs")
    (first,) = fresh.ingestor().ingest_paths([path])
    doc_id = first.doc_id or ""
    old_ids = {c.id for c in fresh.catalog.active_chunks()}
    old_version = fresh.catalog.active_versions()[doc_id]
    path.write_text("# Changed\n\n" + path.read_text(encoding="utf-8"), "utf-8")

    def crash(*args: object) -> None:
        raise RuntimeError("power cut")

    ingestor = fresh.ingestor()
    monkeypatch.setattr(fresh.catalog, "replace_document", crash)
    monkeypatch.setattr(ingestor, "_discard", lambda doc_id, version: None)  # the process died: no cleanup
    (failed,) = ingestor.ingest_paths([path])
    assert failed.status == "failed" and "power cut" in (failed.error or "")
    monkeypatch.undo()
    # Readers: the catalog still lists the old version only; dense hits are filtered through it.
    assert {c.id for c in fresh.catalog.active_chunks()} == old_ids
    assert fresh.store.count() > len(old_ids)
    hits = fresh.store.query(embedder.embed_query("scrutiny of adult social care"), k=50)
    assert {c.id for c in fresh.catalog.chunks_by_id([i for i, _ in hits])} <= old_ids
    # The dead ingest's version is still marked pending: a worker opening within the grace period keeps it.
    (mark,) = fresh.catalog.pending_versions()
    assert mark.doc_id == doc_id and mark.version != old_version
    survivor = _open(fresh.settings, embedder)
    assert survivor.ingestor().collect() == 0 and survivor.store.count() > len(old_ids)
    survivor.catalog.close()
    # Once the mark is older than the grace period the ingest counts as crashed: vectors and mark are collected.
    late = fresh.settings.model_copy(update={"ingest": fresh.settings.ingest.model_copy(update={"pending_grace_s": 0})})
    reopened = _open(late, embedder)
    assert reopened.ingestor().collect() > 0
    assert reopened.store.ids() == old_ids and reopened.catalog.pending_versions() == []
    assert reopened.catalog.active_versions() == {doc_id: old_version}
    reopened.catalog.close()


def test_in_flight_version_survives_another_workers_gc(
    fresh: Parts, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    path = small_copy(corpus_dir, tmp_path / "docs")
    commit = fresh.catalog.replace_document
    collected: list[int] = []

    def another_worker_starts_then_commit(doc: ParsedDocument, chunks: list[Chunk], source: str | None = None) -> None:
        """Between this ingest's upsert and its commit, another worker (own connections) opens and runs gc."""
        other = _open(fresh.settings, embedder)
        collected.append(other.ingestor().collect())
        other.catalog.close()
        commit(doc, chunks, source)

    monkeypatch.setattr(fresh.catalog, "replace_document", another_worker_starts_then_commit)
    (outcome,) = fresh.ingestor().ingest_paths([path])
    assert outcome.status == "added" and collected == [0]
    assert fresh.consistent() and fresh.store.count() == outcome.chunks
    assert fresh.catalog.pending_versions() == []


def test_failure_leaves_the_store_unchanged(
    fresh: Parts, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_copy(corpus_dir, tmp_path / "docs")
    fresh.ingestor().ingest_paths([path])
    before = fresh.store.ids()
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", "utf-8")

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(fresh.catalog, "replace_document", fail)
    (outcome,) = fresh.ingestor().ingest_paths([path])
    assert outcome.status == "failed" and outcome.error == f"{path.name}: unexpected RuntimeError: disk full"
    assert fresh.store.ids() == before
    assert fresh.catalog.pending_versions() == []  # the failed version's mark went with its vectors


def test_bad_files_are_reported_and_the_others_ingested(fresh: Parts, corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    good = small_copy(corpus_dir, folder / "sub")
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / ".hidden.txt").write_text("secret notes", "utf-8")
    (folder / "data.csv").write_text("a,b\n1,2\n", "utf-8")
    (folder / "README.md").write_text("# About this folder\n", "utf-8")
    outcomes = {Path(o.path).name: o for o in fresh.ingestor().ingest_paths([folder, tmp_path / "missing.txt"])}
    assert set(outcomes) == {good.name, "empty.txt", "broken.pdf", "binary.txt", "data.csv", "missing.txt"}
    assert outcomes[good.name].status == "added"
    assert "unsupported file type '.csv'" in (outcomes["data.csv"].error or "")  # reported, not skipped silently
    for name in ("empty.txt", "broken.pdf", "binary.txt", "data.csv", "missing.txt"):
        assert outcomes[name].status == "failed"
        assert (outcomes[name].error or "").startswith(name)
    assert [d.doc_id for d in fresh.catalog.documents()] == [outcomes[good.name].doc_id]
    assert fresh.consistent()


def test_files_whose_names_fold_to_one_slug_get_distinct_ids(fresh: Parts, corpus_dir: Path, tmp_path: Path) -> None:
    one = small_copy(corpus_dir, tmp_path / "a", name="Report.txt")
    two = small_copy(corpus_dir, tmp_path / "b", name="report.md", chars=1500)
    first, second = fresh.ingestor().ingest_paths([one, two])
    assert first.status == second.status == "added" and first.doc_id == "report"
    assert second.doc_id is not None and second.doc_id.startswith("report-") and second.doc_id != first.doc_id
    again = fresh.ingestor().ingest_paths([two, one])  # the same sources keep their ids, whatever the order
    assert [(o.status, o.doc_id) for o in again] == [("unchanged", second.doc_id), ("unchanged", first.doc_id)]


def test_remove(fresh: Parts, corpus_dir: Path, tmp_path: Path) -> None:
    (outcome,) = fresh.ingestor().ingest_paths([small_copy(corpus_dir, tmp_path)])
    ingestor = fresh.ingestor()
    with pytest.raises(NotFoundError, match="nothing-here"):
        ingestor.remove("nothing-here")
    ingestor.remove(outcome.doc_id or "")
    assert fresh.catalog.documents() == [] and fresh.store.count() == 0
