"""Which automatic backups to keep: the newest ten, and the newest of each of 14 days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

KEEP_RECENT = 10
KEEP_DAILY_DAYS = 14


def backups_to_keep(
    taken: Iterable[tuple[str, datetime]],
    now: datetime,
    recent: int = KEEP_RECENT,
    daily_days: int = KEEP_DAILY_DAYS,
) -> set[str]:
    """The names to keep among ``(name, when taken)``; everything else may go."""
    ordered = sorted(taken, key=lambda pair: pair[1], reverse=True)
    keep = {name for name, _ in ordered[:recent]}
    seen_days: set[object] = set()
    for name, when in ordered:
        day = when.date()
        if when >= now - timedelta(days=daily_days) and day not in seen_days:
            seen_days.add(day)
            keep.add(name)
    return keep
