"""An undo step that writes to the database: one whose write fails never becomes a step."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class StorageStep(QUndoCommand):
    """A step whose :meth:`apply` writes; a refused write leaves the undo stack as it was.

    Qt drops a command that is obsolete once its ``redo()`` returns, so a write that
    raises (another laptop's change, a dropped connection, a full disk) marks the step
    obsolete before the error goes on to be reported: Ctrl+Z never "undoes" it.
    """

    def redo(self) -> None:
        """Write the step; when that fails, it is no step at all."""
        try:
            self.apply()
        except BaseException:
            self.setObsolete(True)
            raise

    def apply(self) -> None:
        """Write what the step does (every step defines it)."""
        raise NotImplementedError(type(self).__name__)
