"""Backup rotation: the newest ten, plus the newest of each of the last 14 days."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.core.retention import backups_to_keep

NOW = datetime(2026, 11, 23, 12, 0)


def test_keeps_ten_recent_and_one_a_day():
    hourly = [(f"h{i}", NOW - timedelta(hours=i)) for i in range(30 * 24)]
    keep = backups_to_keep(hourly, NOW)
    assert {f"h{i}" for i in range(10)} <= keep
    days = {dict(hourly)[name].date() for name in keep}
    assert len(days) == 15  # today and each of the 14 days before (one a day)
    assert len(keep) == 10 + 14


@given(st.lists(st.integers(0, 60 * 24 * 40), max_size=80, unique=True))
def test_never_drops_the_newest_and_keeps_at_most_24(minutes_ago: list[int]):
    taken = [(f"b{m}", NOW - timedelta(minutes=m)) for m in minutes_ago]
    keep = backups_to_keep(taken, NOW)
    if taken:
        newest = min(minutes_ago)
        assert f"b{newest}" in keep
    # Fifteen dates reach into the last 14 days, but the newest of them is the newest
    # backup of all, already one of the ten: at most 14 more.
    assert len(keep) <= 10 + 14
    assert keep <= {name for name, _ in taken}
