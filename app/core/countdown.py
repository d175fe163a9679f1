"""The phase countdown: a deadline against a monotonic clock, never a count of ticks.

A :class:`Countdown` knows how long its phase may run, how long it has run (pauses
excluded) and whether it is running. Time comes from an injectable :class:`Clock`, so
tests move it by hand. What must survive a crash is a :class:`TimerRecord` with wall
times, read back by :func:`recover`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

LAST_MINUTE = 60.0
LAST_SECONDS = 10.0
LONG_GAP_SECONDS = 10 * 60.0
MINUTE = 60


class Clock(Protocol):
    """Where a countdown gets the time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for measuring)."""
        ...

    def now(self) -> datetime:
        """The wall time, aware in UTC (for what is stored)."""
        ...


class SystemClock:
    """The real clocks."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


class Cue(Enum):
    """How urgent the display should look."""

    CALM = "calm"
    LAST_MINUTE = "last_minute"
    LAST_SECONDS = "last_seconds"
    OVERTIME = "overtime"


@dataclass(frozen=True, slots=True)
class TimerRecord:
    """What is stored about a phase's timer: enough to resume it after a crash.

    ``elapsed_seconds`` is the time run up to ``running_since``; while running, the
    time since ``running_since`` (a wall time) is added to it.
    """

    planned_seconds: int
    adjust_seconds: int = 0
    elapsed_seconds: float = 0.0
    running_since: datetime | None = None


class Countdown:
    """Time left in one phase; negative once it runs over."""

    def __init__(self, record: TimerRecord, clock: Clock) -> None:
        self._clock = clock
        self._planned = record.planned_seconds
        self._adjust = record.adjust_seconds
        self._elapsed_before = record.elapsed_seconds
        self._resumed_at: float | None = None
        if record.running_since is not None:
            self._resume(already_run=0.0)

    # ------------------------------------------------------------------ reading

    @property
    def running(self) -> bool:
        """Whether time is counting."""
        return self._resumed_at is not None

    @property
    def duration(self) -> float:
        """How long the phase may run, with the minutes added or taken away."""
        return float(self._planned + self._adjust)

    @property
    def adjust_seconds(self) -> int:
        """Minutes added (positive) or taken away (negative), in seconds."""
        return self._adjust

    def elapsed(self) -> float:
        """Time run so far, pauses excluded."""
        if self._resumed_at is None:
            return self._elapsed_before
        return self._elapsed_before + max(0.0, self._clock.monotonic() - self._resumed_at)

    def remaining(self) -> float:
        """Time left; negative when the phase runs over."""
        return self.duration - self.elapsed()

    def cue(self) -> Cue:
        """Calm, last minute, last ten seconds, or overtime."""
        left = self.remaining()
        if left <= 0:
            return Cue.OVERTIME
        if left <= LAST_SECONDS:
            return Cue.LAST_SECONDS
        if left <= LAST_MINUTE:
            return Cue.LAST_MINUTE
        return Cue.CALM

    def record(self) -> TimerRecord:
        """What to store now (a checkpoint: elapsed up to now, running since now)."""
        if self._resumed_at is None:
            return TimerRecord(self._planned, self._adjust, round(self._elapsed_before, 3))
        return TimerRecord(
            self._planned, self._adjust, round(self.elapsed(), 3), self._clock.now()
        )

    # ------------------------------------------------------------------ changing

    def start(self) -> None:
        """Start or resume counting."""
        if self._resumed_at is None:
            self._resume(already_run=0.0)

    def pause(self) -> None:
        """Stop counting, keeping the time run so far."""
        if self._resumed_at is not None:
            self._elapsed_before = self.elapsed()
            self._resumed_at = None

    def toggle(self) -> None:
        """Start when paused, pause when running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def add_seconds(self, seconds: int) -> None:
        """Give the phase more time (or less, with a negative number).

        Taking time away never takes the phase below one second of planned time, and
        never makes time already run disappear: the countdown just reaches zero sooner.
        """
        self._adjust = max(1 - self._planned, self._adjust + seconds)

    def restart(self) -> None:
        """Back to the full time, not counting; minutes added or taken are kept."""
        self._elapsed_before = 0.0
        self._resumed_at = None

    def _resume(self, already_run: float) -> None:
        self._resumed_at = self._clock.monotonic() - already_run


@dataclass(frozen=True, slots=True)
class Recovery:
    """How a phase that was running when the app stopped comes back."""

    counted: TimerRecord
    """The timer if the time while closed counts (the default)."""
    paused: TimerRecord
    """The timer if the time while closed does not count."""
    gap_seconds: float
    """How long the app was away."""

    @property
    def ask(self) -> bool:
        """Whether the facilitator should be asked which one they want."""
        return self.gap_seconds > LONG_GAP_SECONDS


def recover(record: TimerRecord, now: datetime) -> Recovery | None:
    """For a record stored while running, what the timer should be now; else ``None``."""
    if record.running_since is None:
        return None
    gap = max(0.0, (now - record.running_since).total_seconds())
    return Recovery(
        counted=TimerRecord(
            record.planned_seconds, record.adjust_seconds, record.elapsed_seconds + gap, now
        ),
        paused=TimerRecord(record.planned_seconds, record.adjust_seconds, record.elapsed_seconds),
        gap_seconds=gap,
    )


def format_clock(seconds: float) -> str:
    """Time left as the display shows it: ``9:59``, ``0:05``, or ``+1:12`` over."""
    if seconds > 0:
        whole = int(-(-seconds // 1))  # round up: a countdown never shows 0:00 early
        minutes, secs = divmod(whole, 60)
        return f"{minutes}:{secs:02d}"
    over = int(-seconds)
    minutes, secs = divmod(over, 60)
    return f"+{minutes}:{secs:02d}"
