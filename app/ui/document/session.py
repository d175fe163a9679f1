"""The session document: one open session, its parts, its agenda and its settings."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from app.core.agenda import go_to_phase
from app.core.session_ops import summarize
from app.core.types import Phase, SessionSummary
from app.ui.document.actions import ActionsState
from app.ui.document.board import BoardState
from app.ui.document.voting import VotingState


class BackupReport(NamedTuple):
    """What a backup says: the line to show, and whether something needs a look."""

    text: str
    trouble: bool


class SessionDocument(BoardState, VotingState, ActionsState):
    """Owns one open session: the state on screen and the undo stack of its edits.

    The board, voting and actions parts live in their own modules; this class adds
    the agenda, the session's settings, and what the library shows of it.
    """

    @property
    def current_phase_id(self) -> str | None:
        """The stored pointer to the current phase (``None`` before any is chosen)."""
        return self._meta.current_phase_id

    def summary(self) -> SessionSummary:
        """The session's line in the library, from what is open (no database read)."""
        return summarize(self.session)

    def set_anonymous_ideas(self, anonymous: bool) -> None:
        """Hide or show who wrote each note."""
        self._repository.set_anonymous_ideas(self.session_id, anonymous)
        self._meta = replace(self._meta, anonymous_ideas=anonymous)
        self.settings_changed.emit()

    def save_phases(
        self,
        phases: tuple[Phase, ...],
        current_phase_id: str | None,
        *,
        finish: bool = False,
        reopen: bool = False,
        quiet: bool = False,
    ) -> None:
        """Store the agenda's state; ``quiet`` for a timer checkpoint nobody needs to see.

        ``finish`` ends the session, ``reopen`` takes that back (see the repository's
        :meth:`~app.storage.repository.SessionRepository.save_phases`).
        """
        progress = self._repository.save_phases(
            self.session_id, phases, current_phase_id, finish=finish, reopen=reopen
        )
        moved = (progress.status, progress.started_at, progress.ended_at) != (
            self._meta.status,
            self._meta.started_at,
            self._meta.ended_at,
        )
        self._meta = replace(
            self._meta,
            phases=phases,
            current_phase_id=current_phase_id,
            status=progress.status,
            started_at=progress.started_at,
            ended_at=progress.ended_at,
        )
        if not quiet:
            self.agenda_changed.emit()
        if moved:
            self.progress_changed.emit()

    def set_current_phase(self, phase_id: str) -> None:
        """Move to another phase of the agenda (the current one must not be running)."""
        current = self.current_phase
        phases = go_to_phase(self._meta.phases, current.id if current else None, phase_id)
        self.save_phases(phases, phase_id)

    def backup(self, label: str) -> BackupReport:
        """Take a verified backup now; one line saying where, or why not."""
        from app.storage.errors import OldBackupsKept, StorageError

        try:
            copy = self._repository.backup(label)
        except OldBackupsKept as kept:
            return BackupReport(f"Backed up to {kept.copy}, but {kept}", trouble=True)
        except StorageError as error:
            return BackupReport(f"The automatic backup failed: {error}", trouble=True)
        return BackupReport(f"Backed up to {copy}." if copy else "", trouble=False)

    def reload(self) -> None:
        """Re-read the session from the database (after an error: what is stored wins).

        The undo steps stay: a step that failed has left the stack, and its gesture was
        rolled back whole, so the database holds what the earlier steps left.
        """
        cluster_places = self._cluster_index_when_removed
        self._load(self.session_id)
        self._cluster_index_when_removed = cluster_places
        self.reloaded.emit()
