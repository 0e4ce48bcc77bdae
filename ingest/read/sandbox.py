"""Run one file conversion in a child process under a wall-clock and address-space limit.

HTML, DOCX and PDF are converted by `python -m ingest.read.worker FORMAT PATH MEMORY_MB [ARGS]`, so a
hostile or broken file (decompression bomb, pathological nesting, parser bug) can exhaust only the child's
memory limit or time budget, never the server. The child prints one JSON object on its last stdout line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from assistant.errors import BadInputError, TooLargeError, UnsupportedFormatError

_ERRORS: dict[str, type[BadInputError]] = {
    "bad_input": BadInputError, "too_large": TooLargeError, "unsupported_format": UnsupportedFormatError,
}
_OUT_OF_MEMORY = re.compile(r"MemoryError|Cannot allocate memory|failed to map segment|std::bad_alloc")


def run_limited(fmt: str, path: Path, *, timeout_s: float, memory_mb: int, args: tuple[str, ...] = ()
                ) -> dict[str, Any]:
    """The child's JSON result for converting `path`; BadInputError (or a subclass) names the file."""
    name = path.name
    label = fmt.upper()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ingest.read.worker", fmt, str(path), str(memory_mb), *args],
            capture_output=True, timeout=timeout_s, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BadInputError(
            f"{name}: {label} text extraction exceeded {timeout_s:g} s (possible decompression bomb)"
        ) from exc
    out = proc.stdout.decode("utf-8", errors="replace").strip()
    err = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode != 0 or not out:
        if _OUT_OF_MEMORY.search(err) or proc.returncode in (-9, 137):
            raise BadInputError(
                f"{name}: {label} extraction exceeded the {memory_mb} MB memory limit (possible decompression bomb)"
            )
        last = err.strip().splitlines()[-1] if err.strip() else f"exit code {proc.returncode}"
        raise BadInputError(f"{name}: corrupt or unreadable {label} ({last[:200]})")
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    if "error" in result:
        error = _ERRORS.get(str(result.get("code")), BadInputError)
        message = str(result["error"])
        raise error(message if message.startswith(name) else f"{name}: {message}")
    return result


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (the child calls it first; preexec_fn is unsafe in threads)."""
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
