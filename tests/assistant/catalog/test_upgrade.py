"""A SQLite catalog made by the release before the database layer (commit 72579f2: raw sqlite3, schema
version 2 in `meta`, no alembic_version) opens with this build without a new ingest.

The old release is the real one: its `assistant` and `ingest` packages are taken from git (`git archive`)
into a temporary folder and run in a subprocess, which ingests a report, answers a question, stores the
conversation turn and a piece of feedback. This build then opens that data directory. Needs the git history
of this repository (a shallow clone fails this test with a message saying so).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

from assistant.catalog import migrate
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.documents import Catalog
from assistant.catalog.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
OLD_RELEASE = "72579f2"
QUESTION = "What was North Lincolnshire Council's score for safeguarding?"
REPORT = "north-lincolnshire-cqc-assessment-2023.txt"

_OLD_RUN = """
import json, sys
from pathlib import Path
import assistant
tree, data, source, question = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
assert Path(assistant.__file__).resolve().is_relative_to(tree.resolve()), assistant.__file__
from assistant.catalog.conversations import ConversationStore
from assistant.catalog.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings
settings = Settings(_env_file=None, data_dir=data)
service = Assistant.open(settings)
[outcome] = service.ingest([source])
assert outcome.status == "added", outcome.error
answer = service.ask(question)
store = ConversationStore(settings.catalog_path)
conversation = store.new_id()
store.append(conversation, "key:alice", question, answer, new=True)
feedback = FeedbackStore(settings.catalog_path).add("key:alice", "up", question, answer.answer, answer.citations,
                                                    comment="useful", conversation_id=conversation)
print(json.dumps({
    "documents": [d.model_dump(mode="json") for d in service.catalog.documents()],
    "scores": [s.model_dump(mode="json") for s in service.catalog.council_scores()],
    "chunks": [c.id for c in service.catalog.active_chunks()],
    "generation": service.catalog.generation(),
    "conversation": conversation, "answer": answer.answer, "feedback": feedback.id,
}))
"""


def _old_release(into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", OLD_RELEASE, "assistant", "ingest"],
                             capture_output=True, timeout=120)
    assert archive.returncode == 0, (f"this test needs commit {OLD_RELEASE} in the git history (fetch the full "
                                     f"history, not a shallow clone): {archive.stderr.decode()[-500:]}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


@pytest.fixture(scope="module")
def made_by_old_release(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, dict[str, Any]]:
    """(data directory, what the old release reported) after its ingest, answer, turn and feedback."""
    tree = _old_release(tmp_path_factory.mktemp("release"))
    data = tmp_path_factory.mktemp("old-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQC_") and k != "PYTHONPATH"}
    env.update({"PYTHONPATH": str(tree), "CQC_EMBEDDING__THREADS": "1"})
    done = subprocess.run([sys.executable, "-c", _OLD_RUN, str(tree), str(data), str(corpus_dir / REPORT), QUESTION],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return data, json.loads(done.stdout.strip().splitlines()[-1])


def _sqlite_settings(data: Path) -> Settings:
    """This build's settings over the data directory with the default database (its SQLite file)."""
    return Settings(_env_file=None, data_dir=data, database_url=None)  # type: ignore[call-arg]


def test_the_old_catalog_is_taken_up_without_a_new_ingest(
    made_by_old_release: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    source, old = made_by_old_release
    data = tmp_path / "data"
    shutil.copytree(source, data)
    with sqlite3.connect(data / "catalog.sqlite3") as db:  # as the old release left it
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "alembic_version" not in tables and "api_turns" in tables and "feedback" in tables
    service = Assistant.open(_sqlite_settings(data))
    try:
        catalog, database = service.catalog, service.catalog.database
        assert migrate.current(database) == migrate.head()
        assert [d.model_dump(mode="json") for d in catalog.documents()] == old["documents"]
        assert [s.model_dump(mode="json") for s in catalog.council_scores()] == old["scores"]
        assert [c.id for c in catalog.active_chunks()] == old["chunks"]
        assert catalog.generation() == old["generation"]  # migrating is not a change readers see
        conversations = ConversationStore(database)
        [turn] = conversations.history(old["conversation"], "key:alice")
        assert (turn.question, turn.answer) == (QUESTION, old["answer"])
        [entry] = FeedbackStore(database).entries()
        assert (entry.id, entry.comment, entry.conversation_id) == (old["feedback"], "useful", old["conversation"])
        answer = service.ask(QUESTION)  # answers still work: the catalog and the old release's vectors
        assert not answer.refused and answer.citations
        for c in answer.citations:
            assert catalog.document_text(c.document)[c.start:c.end] == c.quote
        assert conversations.append(old["conversation"], "key:alice", QUESTION, answer) == 1
        assert FeedbackStore(database).add("key:alice", "down", QUESTION, answer.answer, []).id > old["feedback"]
    finally:
        service.close()


def test_a_version_1_catalog_gains_version_2_columns_and_tables(
    made_by_old_release: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    source, old = made_by_old_release
    data = tmp_path / "data"
    shutil.copytree(source, data)
    with sqlite3.connect(data / "catalog.sqlite3") as db:  # back to version 1: before published_as and feedback
        db.execute("ALTER TABLE documents DROP COLUMN published_as")
        db.execute("DROP TABLE feedback")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    catalog = Catalog.open(_sqlite_settings(data))
    try:
        assert [d.doc_id for d in catalog.documents()] == [d["doc_id"] for d in old["documents"]]
        assert all(d.published_as is None for d in catalog.documents())
        assert FeedbackStore(catalog.database).entries() == []
    finally:
        catalog.close()
    with sqlite3.connect(data / "catalog.sqlite3") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
        assert "published_as" in {r[1] for r in db.execute("PRAGMA table_info(documents)")}
