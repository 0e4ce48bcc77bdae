"""Child-process entry of `sandbox.run_limited`: convert one file and print the result as one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import BadInputError
from ingest.read.sandbox import limit_memory


def convert(fmt: str, path: Path, args: list[str]) -> dict[str, Any]:
    """The conversion result for one format: text (+ source_url) for HTML and DOCX, pages for PDF."""
    if fmt == "html":
        from ingest.read.html import decode_html, html_to_text

        text, url = html_to_text(decode_html(path.read_bytes(), path.name), path.name)
        return {"text": text, "source_url": url}
    if fmt == "docx":
        from ingest.read.docx import docx_to_text

        return {"text": docx_to_text(path.read_bytes(), path.name)}
    if fmt == "pdf":
        from ingest.read.pdf_extract import extract

        return extract(str(path), int(args[0]))
    raise BadInputError(f"{path.name}: no converter for format {fmt!r}")


def main(argv: list[str]) -> None:
    """Limit memory, convert, and print {"error", "code"} for a refused file."""
    fmt, path, memory_mb, *args = argv
    limit_memory(int(memory_mb))
    try:
        result = convert(fmt, Path(path), args)
    except BadInputError as exc:
        result = {"error": exc.message, "code": exc.code}
    except RecursionError:
        result = {"error": f"{Path(path).name}: document structure too deeply nested to read"}
    except MemoryError:
        result = {"error": f"{Path(path).name}: ran out of memory (possible decompression bomb)"}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
