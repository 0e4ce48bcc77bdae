"""Defect 1: one writer per data directory (embedded store); stale store handles reopen; readiness checks answering."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from assistant.catalog import writer
from assistant.catalog.documents import Catalog
from assistant.errors import ConflictError
from tests.databases import new_settings
from tests.reliability.killing import ROOT, cli, cli_env

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from assistant.catalog import writer
    writer.acquire(Path(sys.argv[1]), "serve")
    print("held", flush=True)
    time.sleep(60)
""")


def test_cli_ingest_next_to_a_running_server_is_refused_with_what_to_do(tmp_path: Path, corpus_dir: Path) -> None:
    data = tmp_path / "data"
    server = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], stdout=subprocess.PIPE, text=True,
                              env=cli_env(data))
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "held"
        with pytest.raises(ConflictError, match="POST /v1/documents"):
            writer.acquire(data, "ingest")
        done = subprocess.run(cli("ingest", "-q", str(corpus_dir / "lga-what-good-looks-like-analysis.txt")),
                              env=cli_env(data), capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert done.returncode == 1
        message = " ".join(done.stderr.split())
        assert "cqc-assistant serve" in message and "POST /v1/documents" in message and "CQC_CHROMA_URL" in message
        catalog = Catalog.open(new_settings(data))  # refused before anything was written
        assert catalog.documents() == []
        catalog.close()
    finally:
        server.kill()
        server.wait(timeout=30)
    writer.acquire(data, "ingest")  # the kernel released the dead holder's lock
    assert writer.held(data)
    writer.release(data)
    assert not writer.held(data)


def test_a_stale_embedded_store_is_reopened(make_settings: Any, cached_embedder: Any, corpus_dir: Path) -> None:
    """Another process writes the directory (as a CLI ingest did before the lock): reads reopen, not 500."""
    from assistant.service import Assistant

    settings = make_settings()
    service = Assistant.open(settings)
    service.ingestor.embedder = cached_embedder
    try:
        service.ingest([corpus_dir / "leicester-city-self-assessment-2023.txt"])
        assert service.search("carers assessment waiting")
        small = settings.data_dir.parent / "sandford-carers.txt"
        small.write_text("Sandford carers hub notes\n\nUnpaid carers in Sandford get a same-week assessment from "
                         "the carers hub, and safeguarding concerns are answered within a day.\n", encoding="utf-8")
        writer_code = textwrap.dedent(f"""
            from pathlib import Path
            from assistant.settings import Settings
            from assistant.service import Assistant
            s = Settings(_env_file=None, data_dir=Path({str(settings.data_dir)!r}))
            a = Assistant.open(s)
            print([o.status for o in a.ingest([Path({str(small)!r})])])
            a.close()
        """)
        done = subprocess.run([sys.executable, "-c", writer_code], env=cli_env(settings.data_dir), cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert "added" in done.stdout, done.stderr[-2000:]
        hits = service.search("same-week assessment from the carers hub in Sandford")
        assert hits  # answered from the index files the writer saved, without touching the stale store
        new_ids = [c.id for c in service.catalog.document_chunks(hits[0].doc_id)]
        assert set(service.store.vectors(new_ids)) == set(new_ids)  # a stale handle: reopened, not 500
        assert service.store.reopened >= 1
        assert service.readiness() == {"catalog": True, "store": True, "embedder": True, "index": True}
    finally:
        service.close()
