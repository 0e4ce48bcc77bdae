"""Rate-limit buckets in a real database: two workers' limiters charge one bucket per caller."""

from __future__ import annotations

from typing import Any

from assistant.catalog.limits import DatabaseBuckets


def test_two_workers_share_each_callers_bucket(database: Any) -> None:
    one, two = DatabaseBuckets(database, 3.0, 3.0 / 60), DatabaseBuckets(database, 3.0, 3.0 / 60)
    now = 5_000.0
    assert one.take("key:a", now)[0] and two.take("key:a", now)[0] and one.take("key:a", now)[0]
    granted, tokens = two.take("key:a", now)  # the fourth request, on either worker, is refused
    assert not granted and tokens < 1.0
    assert two.take("key:b", now)[0]  # buckets are per caller
    assert not one.take("key:a", now + 19.0)[0]
    assert one.take("key:a", now + 20.5)[0]  # one token back after 20 s at 3 per minute


def test_idle_buckets_are_pruned(database: Any) -> None:
    from sqlalchemy import func, select

    from assistant.catalog.tables import rate_limits

    buckets = DatabaseBuckets(database, 60.0, 1.0)
    buckets.take("key:idle", 1_000.0)
    buckets.take("key:busy", 1_200.0)  # the first call after a minute prunes full buckets
    with database.read() as conn:
        subjects = set(conn.execute(select(rate_limits.c.subject)).scalars())
        assert conn.execute(select(func.count()).select_from(rate_limits)).scalar_one() == len(subjects)
    assert subjects == {"key:busy"}
