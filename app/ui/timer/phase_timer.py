"""The phase timer in the window: a countdown per phase, persisted as it changes.

A QTimer only asks for a repaint; the time shown always comes from the countdown's
deadline (see :mod:`app.core.countdown`). Every change is stored at once, and a
running phase is checkpointed every 30 seconds so that a crash loses at most that
much of the record, and never the fact that it was running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from app.assets import resource
from app.core.agenda import go_to_phase
from app.core.countdown import MINUTE, Clock, Countdown, Cue, Recovery, TimerRecord, recover
from app.core.types import Phase, PhaseKind, PhaseStatus
from app.ui.document import SessionDocument

LOG = logging.getLogger("dotstorm.timer")
REPAINT_MS = 200
CHECKPOINT_MS = 30_000

AskAboutGap = Callable[[Phase, float], bool]
"""Asked after a long gap: ``True`` to count the time the app was closed."""


class Chime(Protocol):
    """Something that can be heard when a phase's time is up."""

    def play(self) -> None:
        """Play once."""


class SoundChime:
    """The bundled chime through QSoundEffect; silent (never an error) without audio."""

    def __init__(self) -> None:
        self._effect: object | None = None

    def play(self) -> None:
        """Play the chime if there is somewhere to play it."""
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if not QMediaDevices.audioOutputs():
                return
            if self._effect is None:
                effect = QSoundEffect()
                effect.setSource(QUrl.fromLocalFile(str(resource("sounds/chime.wav"))))
                effect.setVolume(0.9)
                self._effect = effect
            assert isinstance(self._effect, QSoundEffect)
            self._effect.play()
        except Exception:  # no sound must never stop a meeting
            LOG.warning("The chime could not be played", exc_info=True)


class PhaseTimer(QObject):
    """Runs the current phase's countdown and keeps the agenda's state stored."""

    changed = Signal()
    """The display should redraw (a tick, or a change of state or phase)."""
    reached_zero = Signal()
    """The current phase's time just ran out."""

    def __init__(
        self,
        document: SessionDocument,
        clock: Clock,
        chime: Chime,
        muted: Callable[[], bool],
    ) -> None:
        super().__init__()
        self.document = document
        self._clock = clock
        self._chime = chime
        self._muted = muted
        self._countdown: Countdown | None = None
        self._was_positive = True
        self.pending_recovery: Recovery | None = None
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(self._tick)
        self._checkpoint = QTimer(self)
        self._checkpoint.setInterval(CHECKPOINT_MS)
        self._checkpoint.timeout.connect(lambda: self._store(quiet=True))
        self._own_change = False
        document.agenda_changed.connect(self._agenda_changed)
        document.reloaded.connect(self.reload)
        self._load()

    # ------------------------------------------------------------------ reading

    @property
    def phase(self) -> Phase | None:
        """The phase the timer is for."""
        return self.document.current_phase

    @property
    def countdown(self) -> Countdown | None:
        """The current phase's countdown (``None`` when every phase is done)."""
        return self._countdown

    @property
    def running(self) -> bool:
        """Whether time is counting."""
        return self._countdown is not None and self._countdown.running

    def remaining(self) -> float:
        """Seconds left (negative: over time)."""
        return self._countdown.remaining() if self._countdown else 0.0

    def cue(self) -> Cue:
        """How urgent the display should look."""
        return self._countdown.cue() if self._countdown else Cue.CALM

    @property
    def board_locked(self) -> bool:
        """No new notes: the phase locks at zero, its time is up, nobody unlocked it."""
        phase = self.phase
        return (
            phase is not None
            and phase.lock_at_zero
            and not phase.lock_released
            and self._countdown is not None
            and self._countdown.remaining() <= 0
        )

    def position(self) -> tuple[int, int]:
        """(number of the current phase, number of phases), counting from 1."""
        phase = self.phase
        phases = self.document.phases
        index = next((i for i, p in enumerate(phases) if phase and p.id == phase.id), -1)
        return index + 1, len(phases)

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        phase = self.phase
        if phase is None:
            self._countdown = None
            self._set_running_timers(False)
            return
        record = TimerRecord(
            phase.planned_seconds, phase.adjust_seconds, phase.elapsed_seconds, phase.running_since
        )
        recovery = recover(record, self._clock.now())
        if recovery is None and phase.status is PhaseStatus.RUNNING:
            # Running in a file from elsewhere: no wall time to go on, count from now.
            record = replace(record, running_since=self._clock.now())
        elif recovery is not None:
            record = recovery.counted
            self.pending_recovery = recovery if recovery.ask else None
        self._countdown = Countdown(record, self._clock)
        self._was_positive = self._countdown.remaining() > 0
        self._set_running_timers(self._countdown.running)

    def settle_recovery(self, ask: AskAboutGap) -> None:
        """After a long gap, ask whether the time while closed counts, and act on it."""
        recovery, phase = self.pending_recovery, self.phase
        self.pending_recovery = None
        if recovery is None or phase is None:
            return
        if not ask(phase, recovery.gap_seconds):
            self._countdown = Countdown(recovery.paused, self._clock)
            self._was_positive = self._countdown.remaining() > 0
            self._store(status=PhaseStatus.PAUSED)
        self.changed.emit()

    def reload(self) -> None:
        """Read the current phase's record again (the session was reloaded)."""
        self._load()
        self.changed.emit()

    def _agenda_changed(self) -> None:
        """The agenda changed elsewhere (edited, or an edit undone): follow it."""
        if not self._own_change:
            self.reload()

    @contextmanager
    def _storing(self) -> Iterator[None]:
        """The timer's own writes: the agenda_changed they cause is not news to it."""
        self._own_change = True
        try:
            yield
        finally:
            self._own_change = False

    # ------------------------------------------------------------------ controls

    def toggle(self) -> None:
        """Start, pause or resume the current phase."""
        if self._countdown is None:
            return
        if self._countdown.running:
            self._countdown.pause()
            self._store(status=PhaseStatus.PAUSED)
        else:
            self._countdown.start()
            self._store(status=PhaseStatus.RUNNING)
        self._set_running_timers(self._countdown.running)
        self.changed.emit()

    def add_minute(self) -> None:
        """One more minute."""
        self._change_minutes(MINUTE)

    def take_minute(self) -> None:
        """One minute less (the phase never drops below one second of plan)."""
        self._change_minutes(-MINUTE)

    def _change_minutes(self, seconds: int) -> None:
        # No default arguments on slots: Qt's clicked/triggered pass "checked" along.
        if self._countdown is None:
            return
        self._countdown.add_seconds(seconds)
        if self._countdown.remaining() > 0:
            self._was_positive = True
        self._store()
        self.changed.emit()

    def restart(self) -> None:
        """Back to the phase's full time, paused."""
        if self._countdown is None:
            return
        self._countdown.restart()
        self._was_positive = True
        self._store(status=PhaseStatus.PAUSED, reset=True)
        self._set_running_timers(False)
        self.changed.emit()

    def next_phase(self) -> bool:
        """Move to the next phase; ``False`` when this was the last one."""
        return self._step(1)

    def previous_phase(self) -> bool:
        """Go back to the previous phase (its time is kept)."""
        return self._step(-1)

    def go_to(self, phase_id: str) -> None:
        """Move to any phase of the agenda: one undo step."""
        from app.ui.timer.commands import MovePhaseCommand

        current = self.phase
        if current is not None and current.id == phase_id:
            return
        target = next(p for p in self.document.phases if p.id == phase_id)
        if current is None:  # no phase to go back to: the first move of a new session
            self.move_to(phase_id)
            return
        self.document.steps.push(MovePhaseCommand(self.document, self, current, target))

    def move_to(self, phase_id: str) -> None:
        """Make ``phase_id`` the current phase; a running one is paused and stored first."""
        if self._countdown is not None and self._countdown.running:
            self._countdown.pause()
            self._store(status=PhaseStatus.PAUSED, quiet=True)
        with self._storing():
            self.document.set_current_phase(phase_id)
        self._load()
        self.changed.emit()

    def unlock_board(self) -> None:
        """Let notes in again after the time ran out."""
        phase = self.phase
        if phase is not None and phase.lock_at_zero and not phase.lock_released:
            self._save_current(replace(phase, lock_released=True))
            self.changed.emit()

    def finish_session(self) -> None:
        """End the session (one undo step): the current phase is done, the session finished."""
        from app.ui.timer.commands import EndSessionCommand

        phase = self.phase
        if phase is None:
            self.finish()
            return
        self.document.steps.push(EndSessionCommand(self.document, self, phase))

    def finish(self) -> None:
        """End the session now: the current phase is done with the time it ran."""
        if self._countdown is not None and self._countdown.running:
            self._countdown.pause()
        phase = self.phase
        phases = self.document.phases
        if phase is not None and self._countdown is not None:
            record = self._countdown.record()
            done = replace(
                phase,
                status=PhaseStatus.DONE,
                elapsed_seconds=record.elapsed_seconds,
                running_since=None,
                adjust_seconds=record.adjust_seconds,
            )
            phases = tuple(done if p.id == phase.id else p for p in phases)
        with self._storing():
            self.document.save_phases(phases, None, finish=True)
        self._load()
        self.changed.emit()

    def reopen(self, phase_id: str) -> None:
        """The session runs again, on ``phase_id``, paused with the time it had."""
        phases = go_to_phase(self.document.phases, None, phase_id)
        with self._storing():
            self.document.save_phases(phases, phase_id, reopen=True)
        self._load()
        self.changed.emit()

    def checkpoint(self) -> None:
        """Store the timer as it is now (before something else reads the agenda)."""
        self._store(quiet=True)

    def stop(self) -> None:
        """Store a last checkpoint and stop the timers (the window is closing)."""
        if self._countdown is not None and self._countdown.running:
            self._store(quiet=True)
        self._set_running_timers(False)

    # ------------------------------------------------------------------ internals

    def _step(self, step: int) -> bool:
        number, count = self.position()
        target = number - 1 + step
        if not 0 <= target < count:
            return False
        self.go_to(self.document.phases[target].id)
        return True

    def _store(
        self, status: PhaseStatus | None = None, *, quiet: bool = False, reset: bool = False
    ) -> None:
        phase = self.phase
        if phase is None or self._countdown is None:
            return
        record = self._countdown.record()
        started = phase.started_at
        if status is PhaseStatus.RUNNING and started is None:
            started = self._clock.now()
        updated = replace(
            phase,
            status=status or phase.status,
            started_at=started,
            elapsed_seconds=record.elapsed_seconds,
            running_since=record.running_since,
            adjust_seconds=record.adjust_seconds,
            lock_released=False if reset else phase.lock_released,
        )
        self._save_current(updated, quiet=quiet)

    def _save_current(self, updated: Phase, quiet: bool = False) -> None:
        phases = tuple(updated if p.id == updated.id else p for p in self.document.phases)
        with self._storing():
            self.document.save_phases(phases, updated.id, quiet=quiet)

    def _set_running_timers(self, running: bool) -> None:
        if running:
            self._repaint.start()
            self._checkpoint.start()
        else:
            self._repaint.stop()
            self._checkpoint.stop()

    def _tick(self) -> None:
        if self._countdown is None:
            return
        positive = self._countdown.remaining() > 0
        if self._was_positive and not positive:
            if not self._muted():
                self._chime.play()
            self.reached_zero.emit()
        self._was_positive = positive
        self.changed.emit()

    def play_chime(self) -> None:
        """The chime, unless it is off (a 6-3-5 round ended, as a phase's time does)."""
        if not self._muted():
            self._chime.play()

    def check(self) -> None:
        """Look at the clock now (tests move a fake clock and call this)."""
        self._tick()


def capture_wanted(phase: Phase | None) -> bool:
    """Whether the capture bar belongs on screen in this phase."""
    return phase is None or phase.kind not in (PhaseKind.VOTE, PhaseKind.ACTIONS, PhaseKind.BREAK)
