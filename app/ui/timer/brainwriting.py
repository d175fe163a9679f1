"""6-3-5's rounds on the laptop: the people fixed at the start, a notice as each round ends.

The round and its seconds follow from the phase's elapsed time
(:func:`app.core.techniques.brainwriting.round_clock`), never from ticks counted here,
so a reopened session shows the same round. What is stored is the phase's settings
(the people passing sheets, fixed when the rounds start) and the notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.core.countdown import format_clock
from app.core.techniques.brainwriting import BrainwritingSettings, RoundClock, round_clock
from app.core.techniques.brainwriting_phase import (
    PASS_NOTICE,
    phase_ideas,
    phase_settings,
    sheet_people,
    with_settings,
)
from app.core.types import Phase
from app.ui.document import SessionDocument
from app.ui.timer.phase_timer import PhaseTimer

NO_SHEETS = (
    "6-3-5: nobody holds a sheet yet. People join on their phones (with their names "
    "unless the session hides them), then start the rounds."
)


def writing_settings(phase: Phase | None) -> BrainwritingSettings | None:
    """The phase's 6-3-5 settings while its rounds are written (not the paper capture)."""
    settings = phase_settings(phase)
    return settings if settings is not None and settings.step == "write" else None


def elapsed_of(timer: PhaseTimer) -> float:
    """Seconds the current phase has run, pauses excluded."""
    countdown = timer.countdown
    if countdown is not None:
        return countdown.elapsed()
    phase = timer.phase
    return phase.elapsed_seconds if phase is not None else 0.0


def clock_of(timer: PhaseTimer) -> RoundClock | None:
    """The rounds' clock of the current phase; ``None`` outside 6-3-5's writing."""
    settings = writing_settings(timer.phase)
    if settings is None:
        return None
    if not settings.people:  # before the start: as many rounds as the session has people
        settings = settings.with_people(tuple(timer.document.people))
    return round_clock(settings, elapsed_of(timer))


def round_words(timer: PhaseTimer) -> tuple[str, str] | None:
    """(the round's digits, "Round 2 of 6") for the timer; ``None`` outside 6-3-5."""
    clock = clock_of(timer)
    if clock is None:
        return None
    return format_clock(clock.seconds_left), clock.words()


def sheet_counts(document: SessionDocument, timer: PhaseTimer) -> str:
    """The room's line "Ideas per sheet: 3 · 2 · 3" (phones only: paper is not counted)."""
    phase = timer.phase
    settings = writing_settings(phase)
    if phase is None or settings is None or settings.on_paper or not settings.people:
        return ""
    notes = [*document.board.notes.values(), *document.board.stacked_notes.values()]
    ideas = phase_ideas(settings, phase.id, notes)
    counts = [sum(1 for idea in ideas if idea.sheet == s) for s in range(len(settings.people))]
    return "Ideas per sheet: " + " · ".join(str(count) for count in counts)


class BrainwritingRun(QObject):
    """Fixes who passes sheets when the rounds start; says when a round ends."""

    round_ended = Signal(str)
    """The words said when a round ends ("Pass your sheet to the left. Round 2 of 6.")."""
    message = Signal(str)
    """One line for the status bar."""

    def __init__(
        self,
        document: SessionDocument,
        timer: PhaseTimer,
        chime: Callable[[], None],
        phone_holders: Callable[[], tuple[tuple[str, ...], bool]],
        parent: QObject | None = None,
    ) -> None:
        """``phone_holders``: who holds a sheet on a phone as the rounds start, in order.

        It also says whether they are hands (a session that hides authors), not people.
        """
        super().__init__(parent)
        self._document = document
        self._timer = timer
        self._chime = chime
        self._phone_holders = phone_holders
        self._seen: tuple[str, int, bool] | None = None
        """(phase, round, all done) as last seen: a change of round within a phase is news."""
        self._told_nobody = False
        timer.changed.connect(self.follow)
        self.follow()

    def follow(self) -> None:
        """Look at the clock: fix the people at the start, tell the end of a round."""
        phase = self._timer.phase
        settings = writing_settings(phase)
        if phase is None or settings is None:
            self._seen = None
            return
        if not settings.people and self._timer.running:
            settings = self._fix_people(phase, settings)
            if settings is None:
                return
        clock = round_clock(settings, elapsed_of(self._timer))
        now = (phase.id, clock.round, clock.finished)
        seen, self._seen = self._seen, now
        if seen is None or seen[0] != phase.id or seen == now:
            return
        if clock.finished:
            self.round_ended.emit(clock.words() + ".")
            return
        self._chime()
        self.round_ended.emit(PASS_NOTICE.format(round=clock.words()))

    def _fix_people(
        self, phase: Phase, settings: BrainwritingSettings
    ) -> BrainwritingSettings | None:
        """The people passing sheets, in order, stored with the phase as the rounds start."""
        document = self._document
        hands = False
        if settings.on_paper:
            people = sheet_people(document.phases, phase, document.people.values())
        else:
            people, hands = self._phone_holders()
        if not people:
            if not self._told_nobody:
                self._told_nobody = True
                self.message.emit(NO_SHEETS)
            return None
        fixed = replace(settings.with_people(people), hands=hands)
        store_settings(document, phase, fixed)
        self._timer.changed.emit()  # the rounds' count may have changed: redraw
        return fixed


def store_settings(
    document: SessionDocument, phase: Phase, settings: BrainwritingSettings
) -> None:
    """Keep ``settings`` with ``phase`` (quietly: the timer's record is untouched)."""
    current = next((p for p in document.phases if p.id == phase.id), phase)
    updated = with_settings(current, settings)
    phases = tuple(updated if p.id == phase.id else p for p in document.phases)
    document.save_phases(phases, document.current_phase_id, quiet=True)
