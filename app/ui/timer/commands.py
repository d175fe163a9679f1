"""The agenda's undo steps: an edit of its phases, a move to another phase, the end."""

from __future__ import annotations

from typing import Protocol

from app.core.agenda import apply_agenda_edit, pointer_after_edit
from app.core.types import Phase
from app.ui.document import SessionDocument
from app.ui.storage_step import StorageStep


class EditAgendaCommand(StorageStep):
    """Apply an agenda edit; undo brings back the phases as they were.

    Neither way loses time: a phase keeps what it has run since the edit, and the
    session stays on its phase unless that phase is no longer on the agenda.
    """

    def __init__(
        self, document: SessionDocument, before: tuple[Phase, ...], after: tuple[Phase, ...]
    ) -> None:
        super().__init__("Edit the agenda", document.trail)
        self._document = document
        self._before = before
        self._after = after

    def apply(self) -> None:
        """The edited agenda."""
        self._apply(self._after)

    def revert(self) -> None:
        """The agenda as it was."""
        self._apply(self._before)

    def _apply(self, wanted: tuple[Phase, ...]) -> None:
        phases = apply_agenda_edit(self._document.phases, wanted)
        current = self._document.current_phase
        pointer = pointer_after_edit(phases, current.id if current else None)
        self._document.save_phases(phases, pointer)


class PhaseMoves(Protocol):
    """What moves the session between phases: the timer, which pauses a running one first."""

    def move_to(self, phase_id: str) -> None:
        """Make ``phase_id`` the current phase (the one left keeps its time)."""
        ...

    def finish(self) -> None:
        """End the session: the current phase is done, the session finished."""
        ...

    def reopen(self, phase_id: str) -> None:
        """Take the end back: the session runs again, on ``phase_id``, paused."""
        ...


class MovePhaseCommand(StorageStep):
    """Move to another phase; undo goes back to the phase left.

    Neither way loses time: each phase keeps what it ran, and the one gone back to
    waits, paused, for the facilitator to start it again.
    """

    def __init__(
        self, document: SessionDocument, moves: PhaseMoves, left: Phase, target: Phase
    ) -> None:
        super().__init__(f"Move to “{target.title}”", document.trail)
        self._moves = moves
        self._left = left.id
        self._target = target.id

    def apply(self) -> None:
        """On to the target phase."""
        self._moves.move_to(self._target)

    def revert(self) -> None:
        """Back to the phase left."""
        self._moves.move_to(self._left)


class EndSessionCommand(StorageStep):
    """End the session; undo opens it again on the phase it ended on, paused."""

    def __init__(self, document: SessionDocument, moves: PhaseMoves, last: Phase) -> None:
        super().__init__("End the session", document.trail)
        self._moves = moves
        self._last = last.id

    def apply(self) -> None:
        """The session is finished."""
        self._moves.finish()

    def revert(self) -> None:
        """The session runs again."""
        self._moves.reopen(self._last)
