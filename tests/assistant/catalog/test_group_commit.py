"""Group commit: concurrent turn writes share transactions on SQLite, each keeping its own result or error."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from assistant.catalog.conversations import ConversationStore
from assistant.catalog.database import Database
from assistant.catalog.group_commit import GroupCommit
from assistant.errors import NotFoundError
from assistant.models.answers import Answer
from assistant.models.questions import QuestionAnalysis, QuestionKind


def _answer(text: str) -> Answer:
    analysis = QuestionAnalysis(question=text, standalone=text, kind=QuestionKind.FINDING)
    return Answer(answer=text, kind=QuestionKind.FINDING, citations=[], refused=False, analysis=analysis)


def test_concurrent_turns_keep_their_order_and_their_own_errors(database: Database) -> None:
    store = ConversationStore(database)
    owners = {f"conv_{i}": f"key:{i % 3}" for i in range(6)}
    for cid, owner in owners.items():
        store.append(cid, owner, "first", _answer("first"), new=True)
    ordinals: dict[str, list[int]] = defaultdict(list)
    refused: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for k in range(12):
            cid = f"conv_{(n + k) % 6}"
            owner = owners[cid] if k % 5 else "key:someone-else"  # every fifth turn: not the owner's
            try:
                got = store.append(cid, owner, f"q{n}-{k}", _answer(f"a{n}-{k}"))
            except NotFoundError:
                with lock:
                    refused.append(cid)
                continue
            with lock:
                ordinals[cid].append(got)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = sum(len(v) for v in ordinals.values())
    assert len(refused) == sum(1 for n in range(12) for k in range(12) if not k % 5 and owners[f"conv_{(n + k) % 6}"]
                               != "key:someone-else")
    assert kept + len(refused) == 144
    for cid, got in ordinals.items():  # each conversation's turns numbered 1..n with no gap and no repeat
        assert sorted(got) == list(range(1, len(got) + 1))
        assert len(store.turns(cid, owners[cid])) == len(got) + 1


def test_writes_that_arrive_together_share_a_transaction(database: Database) -> None:
    group = GroupCommit(database)
    started = threading.Event()

    def slow(conn: Connection) -> int:
        started.set()
        time.sleep(0.05)  # the others queue meanwhile
        return 0

    def boom(conn: Connection) -> Any:
        raise NotFoundError("not here")

    results: dict[int, Any] = {}

    def run(i: int) -> None:
        try:
            results[i] = group.run((lambda conn: i) if i != 3 else boom)
        except NotFoundError as exc:
            results[i] = exc

    first = threading.Thread(target=lambda: group.run(slow))
    first.start()
    started.wait()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first.join()
    assert isinstance(results.pop(3), NotFoundError)  # rolled back alone
    assert results == {i: i for i in range(8) if i != 3}
    # SQLite: the slow one, then the eight queued behind it; PostgreSQL runs each write as it comes
    assert (group.writes, group.transactions) == ((9, 2) if database.dialect == "sqlite" else (0, 0))


def test_a_write_that_checks_first_fails_alone_without_a_savepoint(database: Database) -> None:
    store = ConversationStore(database)
    group = store.writes
    store.append("conv_mine", "key:me", "first", _answer("first"), new=True)
    started = threading.Event()
    release = threading.Event()

    def hold(conn: Connection) -> int:
        started.set()
        release.wait(5)
        return 0

    outcomes: dict[str, Any] = {}

    def append(name: str, cid: str, owner: str, new: bool) -> None:
        try:
            outcomes[name] = store.append(cid, owner, name, _answer(name), new=new)
        except NotFoundError as exc:
            outcomes[name] = exc

    first = threading.Thread(target=lambda: group.run(hold))
    first.start()
    started.wait()
    threads = [threading.Thread(target=append, args=args) for args in (
        ("mine", "conv_mine", "key:me", False), ("foreign", "conv_mine", "key:other", False),
        ("fresh", "conv_fresh", "key:me", True), ("unknown", "conv_none", "key:me", False))]
    for t in threads:
        t.start()
    time.sleep(0.2)  # all four queue behind the held transaction (PostgreSQL: they run as they come)
    release.set()
    for t in threads:
        t.join()
    first.join()
    assert isinstance(outcomes.pop("foreign"), NotFoundError)
    assert isinstance(outcomes.pop("unknown"), NotFoundError)
    assert outcomes == {"mine": 1, "fresh": 0}
    assert [t["question"] for t in store.turns("conv_mine", "key:me")] == ["first", "mine"]
    assert [t["question"] for t in store.turns("conv_fresh", "key:me")] == ["fresh"]
    if database.dialect == "sqlite":  # the four shared one transaction, and none needed a savepoint
        assert group.transactions == 3 and group.writes == 6
