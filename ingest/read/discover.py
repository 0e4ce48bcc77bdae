"""Paths -> the files to ingest: folders walked recursively, with every file that will not be read named.

A folder's hidden entries and its own index and licence files are skipped quietly; a file of an unsupported
type, a special file, or a symbolic link leading outside the folder is returned with the reason it is refused,
so the caller reports it (one line each) instead of skipping it silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import UnsupportedFormatError
from ingest.read.load import source_format_of

# Folder walks skip the corpus's own index and licence files; naming such a file explicitly ingests it.
INDEX_STEMS = {"readme", "sources", "license", "licence", "changelog"}


@dataclass(frozen=True)
class Found:
    """A file to ingest, or (with `refusal`) one that is reported and not read."""

    path: Path
    refusal: str | None = None


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _check_entry(path: Path, root: Path, real_root: Path) -> Found | None:
    """The entry as a Found (to read or to report), or None when it is skipped quietly."""
    rel = path.relative_to(root).parts
    if any(part.startswith(".") for part in rel) or path.stem.lower() in INDEX_STEMS:
        return None
    if path.is_symlink():
        target = path.resolve()
        if not _inside(target, real_root):
            return Found(path, f"{path.name}: symbolic link to {target}, outside the folder being ingested "
                               f"({root}); refusing to read it")
        if not target.exists():
            return Found(path, f"{path.name}: broken symbolic link (to {target})")
    if path.is_dir():
        return None
    if not path.is_file():
        return Found(path, f"{path.name}: not a regular file (a device, socket or pipe)")
    try:
        source_format_of(path)
    except UnsupportedFormatError as exc:
        return Found(path, exc.message)
    return Found(path)


def find_files(paths: Sequence[Path]) -> list[Found]:
    """Named files as given (the reader reports a missing one); folders walked recursively."""
    found: list[Found] = []
    for root in paths:
        if not root.is_dir():
            found.append(Found(root))
            continue
        real_root = root.resolve()
        for path in sorted(root.rglob("*")):
            entry = _check_entry(path, root, real_root)
            if entry is not None:
                found.append(entry)
    return list({f.path: f for f in found}.values())


def discover(paths: Sequence[Path]) -> list[Path]:
    """The files that will be read (refused entries left out)."""
    return [f.path for f in find_files(paths) if f.refusal is None]
