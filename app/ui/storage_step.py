"""An undo step that writes to the database: one whose write fails never stays a step."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from app.core.types import RecordKey


class StoredVersions(Protocol):
    """Where a window's steps learn the version it stored last of a shared record."""

    def stored_version(self, key: RecordKey) -> int | None:
        """The version this window stored last of ``key`` (``None``: never)."""


class StorageStep(QUndoCommand):
    """A step whose :meth:`apply` and :meth:`revert` write; a refused write drops the step.

    Qt removes a command that is obsolete once its ``redo()`` or ``undo()`` returns, so
    a write that raises (another laptop's change, a dropped connection, a full disk)
    marks the step obsolete before the error goes on to be reported: the stack never
    holds a step whose state is not the database's. Ctrl+Z never "undoes" a step that
    was not stored, and a step whose undo was refused is not offered again.

    A step that writes shared rows (goals, actions, ideas' statuses) makes each write
    from a version (:meth:`made_from`), and the write is refused if the row moved on.
    """

    def __init__(self, text: str, versions: StoredVersions | None = None) -> None:
        super().__init__(text)
        self._versions = versions
        self._applied = False

    def redo(self) -> None:
        """Write the step; when that fails, it is no step at all."""
        try:
            self.apply()
        except BaseException:
            self.setObsolete(True)
            raise
        self._applied = True

    def undo(self) -> None:
        """Write the step back; when that fails, it leaves the stack."""
        try:
            self.revert()
        except BaseException:
            self.setObsolete(True)
            raise

    def made_from(self, key: RecordKey, read_at: int) -> int:
        """The version this step's next write of ``key`` is made from.

        The first time the step is applied, the version of the copy the facilitator
        saw (``read_at``: in the dialog, the form, the backlog's row). After that (undo,
        redo) the version this window stored last: steps done and undone in a row
        follow each other, and a change made anywhere else in between is refused.
        """
        if not self._applied or self._versions is None:
            return read_at
        stored = self._versions.stored_version(key)
        return read_at if stored is None else stored

    def apply(self) -> None:
        """Write what the step does (every step defines it)."""
        raise NotImplementedError(type(self).__name__)

    def revert(self) -> None:
        """Write what was there before the step (every step defines it)."""
        raise NotImplementedError(type(self).__name__)
