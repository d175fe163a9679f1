"""Countdown maths with a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.countdown import (
    Countdown,
    Cue,
    TimerRecord,
    format_clock,
    recover,
)
from tests.fakes import START, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_counts_down_only_while_running(clock: FakeClock):
    countdown = Countdown(TimerRecord(600), clock)
    clock.advance(30)
    assert countdown.remaining() == 600
    countdown.start()
    clock.advance(90)
    assert countdown.remaining() == 510
    countdown.pause()
    clock.advance(1000)
    assert countdown.remaining() == 510 and countdown.elapsed() == 90
    countdown.toggle()
    clock.advance(10)
    assert countdown.remaining() == 500


def test_plus_and_minus_a_minute(clock: FakeClock):
    countdown = Countdown(TimerRecord(300), clock)
    countdown.start()
    clock.advance(100)
    countdown.add_seconds(60)
    assert countdown.remaining() == 260
    countdown.add_seconds(-60)
    countdown.add_seconds(-60)
    assert countdown.remaining() == 140
    for _ in range(10):
        countdown.add_seconds(-60)
    assert countdown.duration == 1  # never below one second of plan
    assert countdown.elapsed() == 100  # time run never disappears
    assert countdown.cue() is Cue.OVERTIME


def test_cues_and_overtime(clock: FakeClock):
    countdown = Countdown(TimerRecord(120), clock)
    countdown.start()
    assert countdown.cue() is Cue.CALM
    clock.advance(60)
    assert countdown.cue() is Cue.LAST_MINUTE
    clock.advance(50)
    assert countdown.cue() is Cue.LAST_SECONDS
    assert format_clock(countdown.remaining()) == "0:10"
    clock.advance(10)
    assert countdown.cue() is Cue.OVERTIME
    clock.advance(72.4)
    assert format_clock(countdown.remaining()) == "+1:12"


def test_restart_keeps_added_minutes(clock: FakeClock):
    countdown = Countdown(TimerRecord(300, adjust_seconds=60), clock)
    countdown.start()
    clock.advance(200)
    countdown.restart()
    assert not countdown.running and countdown.remaining() == 360


def test_a_checkpoint_resumes_after_a_crash(clock: FakeClock):
    countdown = Countdown(TimerRecord(600), clock)
    countdown.start()
    clock.advance(100)
    stored = countdown.record()
    assert stored.elapsed_seconds == 100 and stored.running_since == START + timedelta(seconds=100)
    clock.advance(45)  # the app was killed 45 s ago and starts again
    recovery = recover(stored, clock.now())
    assert recovery is not None and not recovery.ask
    again = Countdown(recovery.counted, clock)
    assert again.running and again.elapsed() == 145
    clock.advance(5)
    assert again.remaining() == 450


def test_a_long_gap_asks_and_can_leave_the_time_out(clock: FakeClock):
    countdown = Countdown(TimerRecord(600), clock)
    countdown.start()
    clock.advance(60)
    stored = countdown.record()
    clock.advance(11 * 60)
    recovery = recover(stored, clock.now())
    assert recovery is not None and recovery.ask
    assert recovery.gap_seconds == 660
    paused = Countdown(recovery.paused, clock)
    assert not paused.running and paused.elapsed() == 60
    counted = Countdown(recovery.counted, clock)
    assert counted.elapsed() == 720


def test_a_paused_record_needs_no_recovery():
    assert recover(TimerRecord(600, elapsed_seconds=30), START) is None


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (600, "10:00"),
        (599.2, "10:00"),
        (59.01, "1:00"),
        (0.4, "0:01"),
        (0, "+0:00"),
        (-0.5, "+0:00"),
        (-61, "+1:01"),
    ],
)
def test_format_clock(seconds: float, shown: str):
    assert format_clock(seconds) == shown


@given(
    st.lists(
        st.tuples(st.sampled_from(["toggle", "plus", "minus", "wait"]), st.floats(0, 500)),
        max_size=30,
    )
)
def test_elapsed_never_goes_backwards_and_matches_running_time(steps: list[tuple[str, float]]):
    clock = FakeClock()
    countdown = Countdown(TimerRecord(300), clock)
    ran = 0.0
    last = 0.0
    for action, amount in steps:
        if action == "toggle":
            countdown.toggle()
        elif action == "plus":
            countdown.add_seconds(60)
        elif action == "minus":
            countdown.add_seconds(-60)
        else:
            clock.advance(amount)
            ran += amount if countdown.running else 0.0
        assert countdown.elapsed() >= last - 1e-9
        last = countdown.elapsed()
    assert countdown.elapsed() == pytest.approx(ran)
    assert countdown.duration >= 1
