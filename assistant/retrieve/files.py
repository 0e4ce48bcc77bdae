"""Index files saved with a catalog generation: numpy arrays (opened memory-mapped) and a JSON sidecar.

Each artefact is one directory ``<root>/g<generation>-<name>/`` holding ``<array>.npy`` files and
``meta.json``. It is written whole into a temporary directory and renamed into place, so a reader sees a
complete artefact or none; when two processes build the same artefact the first rename wins and the other's
copy is dropped. ``meta.json`` carries a fingerprint of the catalog's contents (generation counters restart
when a catalog is deleted and rebuilt, the fingerprint does not repeat), checked on every open. Older
generations are pruned after a save, keeping the newest few (a process may still have them mapped; on POSIX
an unlinked mapped file stays readable until it is unmapped).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 2  # bump when the layout of an artefact changes: older files are then ignored and rebuilt
_NAME = re.compile(r"^g(\d+)-(.+)$")


def fingerprint(versions: Mapping[str, str]) -> str:
    """A digest of the catalog's active (doc_id, version) pairs: what the index files were built from."""
    digest = hashlib.sha256()
    for doc_id in sorted(versions):
        digest.update(f"{doc_id}\0{versions[doc_id]}\n".encode())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Artefact:
    """An opened artefact: its arrays (memory-mapped, read-only) and its JSON metadata."""

    arrays: dict[str, np.ndarray]
    meta: dict[str, Any]


class IndexFiles:
    """Generation-keyed artefacts in one directory (``<data_dir>/index``)."""

    def __init__(self, root: Path, keep: int = 2) -> None:
        self.root = Path(root)
        self.keep = keep

    def _dir(self, generation: int, name: str) -> Path:
        return self.root / f"g{generation}-{name}"

    def open(self, generation: int, name: str, print_: str | None) -> Artefact | None:
        """The artefact saved for this generation and fingerprint (None: any), or None (missing, stale,
        unreadable)."""
        where = self._dir(generation, name)
        try:
            meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or (print_ is not None and meta.get("fingerprint") != print_):
                return None
            arrays = {a: np.load(where / f"{a}.npy", mmap_mode="r", allow_pickle=False) for a in meta["arrays"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return Artefact(arrays=arrays, meta=meta)

    def save(self, generation: int, name: str, print_: str, arrays: Mapping[str, np.ndarray],
             meta: Mapping[str, Any]) -> bool:
        """Write an artefact atomically; False when the directory cannot be written (the caller goes on
        without files) or another process saved it first."""
        target = self._dir(generation, name)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=self.root))
            tmp.chmod(0o755)  # readable by other processes' users, like the catalog beside it
        except OSError:
            return False
        try:
            for key, array in arrays.items():
                with open(tmp / f"{key}.npy", "wb") as fh:
                    np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
            body = {**meta, "format": FORMAT, "fingerprint": print_, "arrays": sorted(arrays)}
            (tmp / "meta.json").write_text(json.dumps(body), encoding="utf-8")
            if target.exists() and self.open(generation, name, print_) is None:
                self._discard(target)  # stale: an older format, or a rebuilt catalog's reused generation
            os.rename(tmp, target)  # atomic; fails when the target exists (another process was first)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return False
        self.prune(name, generation)
        return True

    def _discard(self, target: Path) -> None:
        """Move a directory out of the way in one rename (readers see it whole or not at all), then delete it."""
        trash = Path(tempfile.mkdtemp(prefix=f".old-{target.name}-", dir=self.root))
        with contextlib.suppress(OSError):  # another process moved it first
            os.rename(target, trash / target.name)
        shutil.rmtree(trash, ignore_errors=True)

    def generations(self, name: str) -> list[int]:
        """Generations that have this artefact, oldest first."""
        found: list[int] = []
        for path in self._entries():
            m = _NAME.match(path.name)
            if m and m.group(2) == name:
                found.append(int(m.group(1)))
        return sorted(found)

    def prune(self, name: str, newest: int) -> None:
        """Delete this artefact's older generations beyond the newest `keep`."""
        older = [g for g in self.generations(name) if g <= newest]
        for generation in older[: max(0, len(older) - self.keep)]:
            shutil.rmtree(self._dir(generation, name), ignore_errors=True)

    def _entries(self) -> Iterable[Path]:
        try:
            return list(self.root.iterdir())
        except OSError:
            return []


class GenerationValues:
    """One JSON value saved per catalog generation under an artefact name (say, term counts of the chunks)."""

    def __init__(self, files: IndexFiles, name: str, versions: Callable[[], Mapping[str, str]]) -> None:
        self.files = files
        self.name = name
        self.versions = versions  # the catalog's active_versions, read for the fingerprint

    def load(self, generation: int) -> Any:
        """The value saved for this generation and catalog contents, or None."""
        found = self.files.open(generation, self.name, fingerprint(self.versions()))
        return None if found is None else found.meta.get("value")

    def save(self, generation: int, value: Any) -> None:
        """Save the value (best effort: an unwritable directory only costs a rebuild next time)."""
        self.files.save(generation, self.name, fingerprint(self.versions()), {}, {"value": value})
