"""Sentence vectors saved with a catalog generation, so ranking sentences by meaning embeds only the question.

Composers rank candidate sentences by their similarity to the question (`assistant.evidence.meaning`). Each
generation's artefact ``g<generation>-sentences`` holds the vector of every text a composer may embed (every
sentence of every active chunk, as it is embedded, and every good-practice bullet): ``keys.npy`` (a 64-bit
digest of each text, sorted) and ``vectors.npy`` (the matching rows), opened memory-mapped. Keys are digests
of the exact text, so vectors carry over between generations: a new generation embeds only texts that no
earlier artefact (of the same model) holds. Built after an ingest, never when a process gets ready: a
missing artefact only means texts are embedded on first use, as they were before.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.retrieve.files import IndexFiles

NAME = "sentences"
Embed = Callable[[Sequence[str]], np.ndarray]


def digest(text: str) -> int:
    """The 64-bit key of a text (blake2b of its UTF-8 bytes)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class SentenceVectors:
    """Saved text vectors: sorted keys and their rows (memory-mapped when opened from files)."""

    keys: npt.NDArray[np.uint64]
    vectors: npt.NDArray[np.float32]
    model: str

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The saved vectors of those texts that have one (copies, so the files may go)."""
        if not texts or not len(self):
            return {}
        wanted = np.array([digest(t) for t in texts], dtype=np.uint64)
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self) - 1)
        hit = self.keys[at] == wanted
        return {t: np.array(self.vectors[i], dtype=np.float32) for t, i, ok in zip(texts, at, hit, strict=True)
                if ok}


@dataclass(frozen=True)
class BuildReport:
    """What a build did: texts in the artefact, how many were embedded now, and the seconds it took."""

    texts: int
    embedded: int
    seconds: float


class SentenceFiles:
    """Open or build the sentence-vector artefact of a generation (`IndexFiles` under the index directory)."""

    def __init__(self, files: IndexFiles, model: str) -> None:
        self.files = files
        self.model = model  # the embedder's name: vectors of another model are never reused

    def open(self, generation: int, print_: str) -> SentenceVectors | None:
        """The artefact saved for this generation and catalog fingerprint (None when missing or stale)."""
        found = self.files.open(generation, NAME, print_)
        if found is None or found.meta.get("model") != self.model:
            return None
        return SentenceVectors(np.asarray(found.arrays["keys"]), np.asarray(found.arrays["vectors"]), self.model)

    def _earlier(self, generation: int) -> list[SentenceVectors]:
        """The artefacts of earlier generations still kept, newest first, of the same model (whatever their
        catalog: a document removed and added again finds its sentences in the generation before the removal)."""
        found: list[SentenceVectors] = []
        for older in reversed(self.files.generations(NAME)):
            artefact = self.files.open(older, NAME, None) if older < generation else None
            if artefact is not None and artefact.meta.get("model") == self.model:
                found.append(SentenceVectors(np.asarray(artefact.arrays["keys"]),
                                             np.asarray(artefact.arrays["vectors"]), self.model))
        return found

    def build(self, generation: int, print_: str, texts: Iterable[str], embed: Embed,
              batch: int = 512) -> tuple[SentenceVectors, BuildReport]:
        """Vectors of every distinct text (reused from an earlier generation or embedded now), saved."""
        started = time.perf_counter()
        distinct = list(dict.fromkeys(texts))
        keys = np.array([digest(t) for t in distinct], dtype=np.uint64)
        known: dict[str, np.ndarray] = {}
        for earlier in self._earlier(generation):
            known.update(earlier.lookup([t for t in distinct if t not in known]))
        todo = [t for t in distinct if t not in known]
        fresh: dict[str, np.ndarray] = {}
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            fresh.update(zip(part, np.asarray(embed(part), dtype=np.float32), strict=True))
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        unique = np.ones(len(keys), dtype=bool)
        unique[1:] = keys[1:] != keys[:-1]  # two texts with one digest: keep the first (a 2**-64 chance)
        width = next(iter(fresh.values() or known.values()), np.zeros(0, dtype=np.float32)).shape[0]
        vectors = np.zeros((int(unique.sum()), width), dtype=np.float32)
        for row, i in enumerate(order[unique]):
            text = distinct[int(i)]
            vectors[row] = fresh[text] if text in fresh else known[text]
        saved = SentenceVectors(keys[unique], vectors, self.model)
        self.files.save(generation, NAME, print_, {"keys": saved.keys, "vectors": saved.vectors},
                        {"model": self.model})
        return saved, BuildReport(len(saved), len(todo), time.perf_counter() - started)
