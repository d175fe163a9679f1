"""The agenda's undo step: an edit of its phases, names, times and order."""

from __future__ import annotations

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
