"""Defects 2 and 5: ids that cannot collide, explicit replacement, and uploads that stop when abandoned."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.errors import AbandonedError
from ingest.deadline import Deadline

DERBY = "derby-city-cqc-assessment-2024"
NOTE = "# Carers hub notes\n\nUnpaid carers in Sandford get a same-week assessment from the carers hub.\n"


@pytest.fixture(scope="module")
def client(own: Any) -> Iterator[TestClient]:
    with TestClient(create_app(own.settings, own), raise_server_exceptions=False) as c:
        yield c


def _upload(client: TestClient, name: str, data: bytes, **params: str) -> Any:
    return client.post("/v1/documents", params={"wait": "true", **params}, files={"file": (name, data, "text/plain")})


def test_an_upload_never_replaces_a_document_by_its_name(client: TestClient, own: Any) -> None:
    real = own.catalog.document(DERBY)
    scores = own.scores("Derby City Council")[0].scores
    r = _upload(client, "DERBY_CITY_CQC_ASSESSMENT_2024.txt", NOTE.encode())
    assert r.status_code == 201, r.text
    new_id = r.json()["outcome"]["doc_id"]
    assert new_id != DERBY and new_id.startswith(DERBY + "-")
    assert own.catalog.document(DERBY).sha256 == real.sha256
    assert own.scores("Derby City Council")[0].scores == scores
    assert client.delete(f"/v1/documents/{new_id}").status_code == 204


def test_names_that_fold_to_nothing_get_distinct_ids(own: Any, tmp_path: Path) -> None:
    (tmp_path / "Отчёт.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "報告.txt").write_text(NOTE + "Respite booking was slow in 2023.\n", encoding="utf-8")
    outcomes = own.ingest([tmp_path])
    ids = {o.doc_id for o in outcomes}
    assert [o.status for o in outcomes] == ["added", "added"], [o.error for o in outcomes]
    assert len(ids) == 2 and all(i.startswith("document-") for i in ids)
    assert {o.doc_id for o in own.ingest([tmp_path])} == ids  # the same files keep their ids
    for doc_id in ids:
        own.remove(doc_id)


def test_replace_names_the_document_it_replaces(client: TestClient, own: Any) -> None:
    first = _upload(client, "carers.txt", NOTE.encode()).json()["outcome"]
    other = _upload(client, "carers.txt", (NOTE + "A second version.\n").encode()).json()["outcome"]
    assert other["doc_id"] != first["doc_id"] and other["status"] == "added"  # same name, new document
    r = _upload(client, "carers-v2.txt", (NOTE + "A third version.\n").encode(), replace=first["doc_id"])
    assert r.status_code == 201 and r.json()["outcome"] == {**r.json()["outcome"], "doc_id": first["doc_id"],
                                                             "status": "replaced"}
    missing = _upload(client, "x.txt", NOTE.encode(), replace="no-such-document")
    assert missing.status_code == 422 and "no-such-document" in missing.text
    for doc_id in (first["doc_id"], other["doc_id"]):
        assert client.delete(f"/v1/documents/{doc_id}").status_code == 204


def test_an_abandoned_ingest_stops_and_releases_the_lock(own: Any, tmp_path: Path) -> None:
    path = tmp_path / "big-notes.txt"
    path.write_text(NOTE * 50 + "".join(f"\n## Part {i}\n\nCarers review {i} found delays.\n" for i in range(400)))
    before = (sorted(d.doc_id for d in own.documents()), own.store.count())
    deadline = Deadline.after(60)
    deadline.cancel()
    (outcome,) = own.ingestor.ingest_paths([path], deadline=deadline)
    assert outcome.status == "failed" and "ingest stopped" in (outcome.error or "")
    assert (sorted(d.doc_id for d in own.documents()), own.store.count()) == before
    expired = Deadline.after(0.0)
    with pytest.raises(AbandonedError):
        expired.check("now")
    # the lock is free: a waiting ingest with a short deadline gets it at once
    got = threading.Lock()
    Deadline.after(1.0).acquire(got)
    assert got.locked()
