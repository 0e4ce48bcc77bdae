"""The retrieval index saved per catalog generation: atomic files, fingerprints, and the same answers opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.catalog.documents import Catalog
from assistant.catalog.store import open_store
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.retrieve.files import GenerationValues, IndexFiles, fingerprint
from assistant.retrieve.retriever import Retriever
from assistant.settings import Settings

DERBY = "Derby City Council"


@pytest.fixture(scope="module")
def catalog(loaded_settings: Settings) -> Iterator[Catalog]:
    cat = Catalog.open(loaded_settings)
    yield cat
    cat.close()


def test_save_open_fingerprint_and_prune(tmp_path: Path) -> None:
    files = IndexFiles(tmp_path / "index", keep=2)
    print_ = fingerprint({"doc-a": "v1"})
    arrays = {"x": np.arange(6, dtype=np.float32).reshape(2, 3)}
    assert files.open(1, "retrieval", print_) is None
    assert files.save(1, "retrieval", print_, arrays, {"ids": ["a", "b"]})
    opened = files.open(1, "retrieval", print_)
    assert opened is not None and opened.meta["ids"] == ["a", "b"]
    assert isinstance(opened.arrays["x"], np.memmap) and not opened.arrays["x"].flags.writeable
    assert np.array_equal(opened.arrays["x"], arrays["x"])
    # another process saved the same generation first: the later save is dropped, the files stay whole
    assert not files.save(1, "retrieval", print_, {"x": np.zeros(1)}, {})
    assert np.array_equal(files.open(1, "retrieval", print_).arrays["x"], arrays["x"])  # type: ignore[union-attr]
    # a rebuilt catalog can reuse a generation number: its other contents do not match the saved fingerprint
    assert files.open(1, "retrieval", fingerprint({"doc-a": "v2"})) is None
    # a stale artefact of the same generation (rebuilt catalog, older format) is replaced, not kept
    assert files.save(1, "retrieval", fingerprint({"doc-a": "v2"}), {"x": np.ones(2)}, {})
    assert files.open(1, "retrieval", fingerprint({"doc-a": "v2"})) is not None
    for generation in (2, 3, 4):
        files.save(generation, "retrieval", print_, arrays, {})
    assert files.generations("retrieval") == [3, 4]
    assert not [p for p in (tmp_path / "index").iterdir() if p.name.startswith(".")]


def test_generation_values_round_trip(tmp_path: Path) -> None:
    versions = {"doc-a": "v1"}
    values = GenerationValues(IndexFiles(tmp_path), "terms", lambda: versions)
    assert values.load(7) is None
    values.save(7, {"df": {"care": 3}, "n": 4})
    assert values.load(7) == {"df": {"care": 3}, "n": 4}
    versions["doc-a"] = "v2"
    assert values.load(7) is None


def test_opened_index_answers_like_the_built_one(
    loaded_settings: Settings, catalog: Catalog, embedder: Any, tmp_path: Path
) -> None:
    files = IndexFiles(tmp_path / "index")
    store = open_store(loaded_settings, embedder)
    plain = Retriever(catalog, store, embedder, loaded_settings.retrieval)
    first = Retriever(catalog, store, embedder, loaded_settings.retrieval, files=files)
    questions = [
        ("What did CQC find about safeguarding in Derby?",
         QuestionAnalysis(question="q", standalone="What did CQC find about safeguarding in Derby?",
                          kind=QuestionKind.FINDING, councils=[DERBY], statements=["Safeguarding"])),
        ("What does good practice on direct payments look like?", None),
    ]
    built = [first.search(q, a) for q, a in questions]
    assert not first.index.opened_from_files and files.generations(first.index._artefact_name())
    later = Retriever(catalog, open_store(loaded_settings, embedder, lazy=True), embedder,
                      loaded_settings.retrieval, files=files)
    opened = [later.search(q, a) for q, a in questions]
    assert later.index.opened_from_files
    assert not later.index.store.opened  # type: ignore[attr-defined]  # answered without opening Chroma
    reference = [plain.search(q, a) for q, a in questions]
    for a, b, c in zip(built, opened, reference, strict=True):
        assert [p.chunk_id for p in a] == [p.chunk_id for p in b] == [p.chunk_id for p in c]
        assert [round(p.score, 6) for p in a] == [round(p.score, 6) for p in b]
    state = later.index.current()
    assert state.vectors is not None and not state.vectors.flags.owndata and not state.vectors.flags.writeable
    assert state.size == len(catalog.active_chunks())


def test_a_chunk_superseded_after_the_index_opened_is_left_out(
    loaded_settings: Settings, catalog: Catalog, embedder: Any, tmp_path: Path
) -> None:
    retriever = Retriever(catalog, open_store(loaded_settings, embedder), embedder, loaded_settings.retrieval,
                          files=IndexFiles(tmp_path / "index"))
    question = "What does good practice on direct payments look like?"
    found = retriever.search(question)
    state = retriever.index.current()
    gone = found[0].chunk_id
    state._chunks.clear()
    state.loader = lambda ids: [c for c in catalog.chunks_by_id(list(ids)) if c.id != gone]  # as after an ingest
    again = retriever.search(question)
    assert again and gone not in {p.chunk_id for p in again}
    assert [p.chunk_id for p in again] == [p.chunk_id for p in found if p.chunk_id != gone][: len(again)]
