"""The retrieval index of one catalog generation (`IndexState`), built from chunks or opened from its files.

Per chunk position it holds the chunk id, metadata coded as numpy arrays (for filter masks), offsets,
the BM25 index and, when available, the chunk vectors. Chunk text and headings are not kept for every chunk:
`IndexState.chunk` loads the few a question needs from the catalog and remembers them for the generation.
`to_arrays` / `from_artefact` turn a state into the arrays and metadata `assistant.retrieve.files` saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.models.records import Assessment, Chunk, DocumentRecord
from assistant.retrieve.bm25 import BM25Index
from assistant.retrieve.files import Artefact

FIELDS = ("council", "quality_statement", "kind", "doc_id", "heading")  # heading: the chunk's own (last) one
HEADING_REPEAT = 2  # heading words count this many times: a crude field boost (BM25F-like)

ChunkLoader = Callable[[Sequence[str]], list[Chunk]]


def index_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its heading path (boosted), then its text."""
    return "\n".join([" ".join(chunk.heading_path)] * HEADING_REPEAT + [chunk.text])


def _value(chunk: Chunk, key: str) -> str:
    if key == "kind":
        return str(chunk.kind)
    if key == "heading":
        return chunk.heading_path[-1] if chunk.heading_path else ""
    value = getattr(chunk, key)
    return str(value) if value else ""


@dataclass
class IndexState:
    """The index built (or opened) for one catalog generation."""

    generation: int
    ids: list[str]  # position -> chunk id
    docs: dict[str, DocumentRecord]
    bm25: BM25Index
    codes: Mapping[str, npt.NDArray[np.int32]]  # per metadata field, each chunk's value as a code
    names: dict[str, list[str]]  # per metadata field, code -> value
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    is_score: npt.NDArray[np.bool_]
    loader: ChunkLoader
    vectors: npt.NDArray[np.float32] | None = None  # chunk vectors by position (in-memory dense search)
    has_vector: npt.NDArray[np.bool_] | None = None
    assessments: dict[str, tuple[str, Assessment] | None] = field(default_factory=dict)
    topic_words: dict[int, frozenset[str]] = field(default_factory=dict)  # heading code -> the heading's tokens
    _chunks: dict[int, Chunk] = field(default_factory=dict)
    _position: dict[str, int] | None = None
    _vocab: dict[str, dict[str, int]] | None = None
    _by_doc: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def size(self) -> int:
        """Number of indexed chunks."""
        return len(self.ids)

    @property
    def vocab(self) -> dict[str, dict[str, int]]:
        """Per metadata field, value -> code."""
        if self._vocab is None:
            self._vocab = {key: {v: i for i, v in enumerate(values)} for key, values in self.names.items()}
        return self._vocab

    @property
    def position(self) -> dict[str, int]:
        """Chunk id -> position."""
        if self._position is None:
            self._position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        return self._position

    def value(self, key: str, pos: int) -> str:
        """A chunk's metadata value ("" when it has none): council, quality_statement, kind, doc_id or heading."""
        return self.names[key][int(self.codes[key][pos])]

    def rows_of(self, doc_id: str) -> npt.NDArray[np.int64]:
        """Positions of a document's chunks."""
        rows = self._by_doc.get(doc_id)
        if rows is None:
            code = self.vocab["doc_id"].get(doc_id)
            rows = np.zeros(0, dtype=np.int64) if code is None else np.flatnonzero(self.codes["doc_id"] == code)
            self._by_doc[doc_id] = rows
        return rows

    def load(self, positions: Sequence[int]) -> None:
        """Fetch the chunks at these positions from the catalog in one call (kept for this generation)."""
        todo = [p for p in dict.fromkeys(positions) if p not in self._chunks]
        if not todo:
            return
        found = {c.id: c for c in self.loader([self.ids[p] for p in todo])}
        with self._lock:
            for p in todo:
                chunk = found.get(self.ids[p])
                if chunk is not None:
                    self._chunks[p] = chunk

    def loaded(self, pos: int) -> bool:
        """Whether the chunk at a position was found by `load` (False once an ingest superseded it)."""
        return pos in self._chunks

    def chunk(self, pos: int) -> Chunk:
        """The chunk at a position (KeyError if the catalog no longer has it)."""
        if pos not in self._chunks:
            self.load([pos])
        return self._chunks[pos]


def build_state(generation: int, chunks: Sequence[Chunk], docs: dict[str, DocumentRecord],
                loader: ChunkLoader) -> IndexState:
    """Index the given chunks (tokenising every one: the slow path, once per generation)."""
    names: dict[str, list[str]] = {}
    codes: dict[str, npt.NDArray[np.int32]] = {}
    for key in FIELDS:
        table: dict[str, int] = {}
        codes[key] = np.array([table.setdefault(_value(c, key), len(table)) for c in chunks], dtype=np.int32)
        names[key] = list(table)
    return IndexState(generation=generation, ids=[c.id for c in chunks], docs=docs,
                      bm25=BM25Index([index_text(c) for c in chunks]), codes=codes, names=names,
                      starts=np.array([c.start for c in chunks], dtype=np.int64),
                      ends=np.array([c.end for c in chunks], dtype=np.int64),
                      is_score=np.array([c.unit == "score" for c in chunks], dtype=bool), loader=loader)


def to_arrays(state: IndexState) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """The arrays and JSON metadata that `from_artefact` opens again."""
    arrays, vocab = state.bm25.arrays()
    arrays = {**arrays, "starts": state.starts, "ends": state.ends, "is_score": state.is_score}
    arrays.update({f"code_{key}": state.codes[key] for key in FIELDS})
    if state.vectors is not None and state.has_vector is not None:
        arrays.update({"vectors": state.vectors, "has_vector": state.has_vector})
    return arrays, {"ids": state.ids, "names": state.names, "vocab": vocab, "size": state.size}


def from_artefact(generation: int, artefact: Artefact, docs: dict[str, DocumentRecord],
                  loader: ChunkLoader) -> IndexState:
    """A state over saved, memory-mapped arrays (nothing tokenised, no vector fetched)."""
    # plain ndarray views of the mapped files: same pages, no copy, without np.memmap's per-index overhead
    a = {key: np.asarray(array) for key, array in artefact.arrays.items()}
    meta = artefact.meta
    bm25 = BM25Index.from_arrays(a, meta["vocab"], int(meta["size"]))
    return IndexState(generation=generation, ids=list(meta["ids"]), docs=docs, bm25=bm25,
                      codes={key: a[f"code_{key}"] for key in FIELDS},
                      names={key: list(v) for key, v in meta["names"].items()},
                      starts=a["starts"], ends=a["ends"], is_score=a["is_score"], loader=loader,
                      vectors=a.get("vectors"), has_vector=a.get("has_vector"))
