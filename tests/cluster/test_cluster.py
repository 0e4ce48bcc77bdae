"""Three stateless workers (separate data directories) over one PostgreSQL database and one Chroma server:
conversations move between workers, an upload run as a job on one worker is served by another after its
generation poll, rate limits add up across workers, and a killed worker's job is taken again."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.cluster.conftest import ADMIN, LEASE_S, LIMITED, READER
from tests.cluster.harness import Worker

pytestmark = pytest.mark.slow

R = {"Authorization": f"Bearer {READER}"}
A = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture(scope="module")
def queue(postgres_url: str) -> Iterator[Any]:
    """The job queue read straight from the database (for quick polling without using up rate limits)."""
    from assistant.catalog.database import Database
    from assistant.catalog.jobs import JobQueue

    database = Database.open(postgres_url)
    try:
        yield JobQueue(database, LEASE_S, worker="test-observer")
    finally:
        database.close()


def wait_job(queue: Any, job_id: str, seconds: float, until: tuple[str, ...] = ("done", "failed")) -> Any:
    """Poll the job in the database until its status is one of `until`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        if job.status in until:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {queue.get(job_id).status} after {seconds} s")


def test_workers_start_ready_from_the_database_without_ingesting(workers: list[Worker], loaded: int) -> None:
    for worker in workers:
        docs = httpx.get(worker.url + "/v1/documents", headers=A, timeout=30).json()["documents"]
        assert len(docs) == loaded
        assert any(worker.data_dir.glob("index/g*")), "index files rebuilt in the worker's own data directory"
        assert not (worker.data_dir / "catalog.sqlite3").exists()


def test_a_conversation_continues_on_other_workers(workers: list[Worker]) -> None:
    w1, w2, w3 = workers
    first = httpx.post(w1.url + "/v1/ask", json={"question": "North Lincs safeguarding score?"}, headers=R,
                       timeout=60).json()
    assert not first["refused"] and first["citations"]
    conversation = first["conversation_id"]
    for worker, question in ((w2, "and equity?"), (w3, "what about partnerships and communities?"),
                             (w1, "and assessing needs?")):
        r = httpx.post(worker.url + "/v1/ask", json={"question": question, "conversation_id": conversation},
                       headers=R, timeout=60)
        assert r.status_code == 200, r.text
        assert r.json()["analysis"]["councils"] == ["North Lincolnshire Council"], (worker.name, r.json())


NOTE = ("# Sandford carers hub review\n\nThe Sandford carers hub offers every unpaid carer a same-week carers "
        "assessment and a named link worker, with a telephone line open on weekday evenings.\n")


def test_an_upload_run_as_a_job_on_one_worker_is_served_by_another(workers: list[Worker], queue: Any) -> None:
    w1, w2, w3 = workers
    r = httpx.post(w3.url + "/v1/documents", files={"file": ("sandford-carers-hub.md", NOTE.encode())},
                   headers=A, timeout=60)
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    assert r.headers["location"] == f"/v1/jobs/{job_id}"
    job = wait_job(queue, job_id, 90)
    assert job.status == "done", job.error
    shown = httpx.get(w2.url + r.headers["location"], headers=A, timeout=30).json()  # any worker answers
    assert shown["status"] == "done" and shown["progress"] == 1.0 and shown["version"] and shown["doc_id"]
    deadline = time.monotonic() + 20  # w1 learns of the new generation from its poll, without a restart
    hits: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        hits = httpx.get(w1.url + "/v1/search", params={"q": "Sandford carers hub same-week link worker"},
                         headers=R, timeout=30).json()
        if hits and hits[0]["doc_id"] == shown["doc_id"]:
            break
        time.sleep(0.5)
    assert hits and hits[0]["doc_id"] == shown["doc_id"], hits[:1]


def test_a_keys_requests_on_every_worker_add_up_to_one_limit(workers: list[Worker]) -> None:
    headers = {"Authorization": f"Bearer {LIMITED}"}
    started = time.monotonic()
    statuses: dict[str, list[int]] = {w.name: [] for w in workers}
    for i in range(75):  # 60 per minute: without a shared bucket each worker would allow all 25 of its own
        worker = workers[i % 3]
        statuses[worker.name].append(httpx.get(worker.url + "/v1/models", headers=headers, timeout=30).status_code)
    elapsed = time.monotonic() - started
    granted = sum(s.count(200) for s in statuses.values())
    refused = sum(s.count(429) for s in statuses.values())
    assert granted + refused == 75
    assert 60 <= granted <= 60 + int(elapsed) + 1, (granted, elapsed)  # the burst, plus 1 per second since
    assert all(429 in s for s in statuses.values()), statuses  # every worker enforces the shared count
    # the bucket refills one a second (a loaded machine may take that long between requests): a short burst
    # right after finds it empty again, and the refusal says when to retry
    burst = (httpx.get(workers[0].url + "/v1/models", headers=headers, timeout=30) for _ in range(5))
    refusal = next((r for r in burst if r.status_code == 429), None)
    assert refusal is not None and int(refusal.headers["retry-after"]) >= 1


def big_document(seed: int, paragraphs: int) -> bytes:
    """A long markdown report of distinct sentences (a few hundred chunks to embed)."""
    rng = random.Random(seed)
    words = ("carers", "waiting", "review", "assessment", "hospital", "discharge", "reablement", "housing",
             "advocacy", "safeguarding", "transitions", "workforce", "direct", "payments", "prevention",
             "equipment", "respite", "community", "partnership", "feedback", "audit", "outcomes", "quality")
    parts = [f"# Sandford adult social care audit {seed}\n"]
    for p in range(paragraphs):
        parts.append(f"\n## Area {p}\n\n" + " ".join(
            f"Finding {p}.{s}: " + " ".join(rng.choice(words) for _ in range(18)) + "." for s in range(8)))
    return "\n".join(parts).encode()


def test_a_killed_workers_job_is_taken_again_after_its_lease(workers: list[Worker], queue: Any) -> None:
    by_pid = {w.pid: w for w in workers}
    r = httpx.post(workers[0].url + "/v1/documents", files={"file": ("sandford-audit.md", big_document(7, 100))},
                   headers=A, timeout=60)
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    running = wait_job(queue, job_id, 60, until=("running", "done", "failed"))
    assert running.status == "running", running
    victim = by_pid[int(str(running.worker).rsplit(":", 1)[1])]
    victim.kill()
    killed_at = time.monotonic()
    retaken = wait_job(queue, job_id, 60, until=("done", "failed"))
    assert retaken.status == "done", retaken.error
    assert retaken.attempts == 2 and retaken.worker != running.worker
    assert time.monotonic() - killed_at >= LEASE_S * 0.5  # not before the dead worker's lease ran out
    alive = next(w for w in workers if w is not victim)
    docs = httpx.get(alive.url + "/v1/documents", headers=A, timeout=30).json()["documents"]
    assert any(d["doc_id"] == retaken.doc_id for d in docs)


def test_cli_ingest_through_a_server_follows_the_job(workers: list[Worker], tmp_path: Any) -> None:
    import subprocess

    from tests.cluster.harness import BIN, clean_env

    alive = [w for w in workers if w.proc is not None and w.proc.poll() is None]  # one may have been killed
    path = tmp_path / "sandford-day-services.md"
    path.write_text("# Sandford day services\n\nSandford day services reopened three centres for people with "
                    "dementia, with transport arranged by the council.\n", encoding="utf-8")
    done = subprocess.run([str(BIN / "cqc-assistant"), "ingest", "--server", alive[0].url, str(path)],
                          env=clean_env(CQC_ADMIN_KEY=ADMIN), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "sandford-day-services.md" in done.stderr and "100% done" in done.stderr  # the job's progress bar
    docs = httpx.get(alive[-1].url + "/v1/documents", headers=A, timeout=30).json()["documents"]
    assert any(d["source_path"] == "sandford-day-services.md" for d in docs)
    refused = subprocess.run([str(BIN / "cqc-assistant"), "ingest", "--server", alive[0].url, str(path)],
                             env=clean_env(CQC_ADMIN_KEY="not-the-admin-key-0123"), capture_output=True,
                             text=True, timeout=180)
    assert refused.returncode == 1 and "401" in refused.stderr
