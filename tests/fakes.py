"""Test doubles shared by core and UI tests (no Qt here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when the test says so (monotonic and wall time together)."""

    def __init__(self, start: datetime = START) -> None:
        self.seconds = 1000.0
        self._start = start

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.seconds - 1000.0)

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


class FakeChime:
    """Counts how often it was played."""

    def __init__(self) -> None:
        self.played = 0

    def play(self) -> None:
        self.played += 1
