"""The session document: the open session's state, its undo stack and its signals.

Undo commands and widgets talk to the document; the document talks to the repository,
which commits each change at once, and then tells its views through signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.core.session_ops import department_color_map
from app.core.types import Participant, Session

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository


class SessionDocument(QObject):
    """Owns one open session: the snapshot on screen and the undo stack of its edits."""

    reloaded = Signal()
    """The whole session was (re)read from the database; views redraw from it."""

    def __init__(self, repository: SessionRepository, session_id: str) -> None:
        super().__init__()
        self._repository = repository
        self._session = repository.load_session(session_id)
        self.undo_stack = QUndoStack(self)

    @property
    def session(self) -> Session:
        """The session as last committed."""
        return self._session

    def reload(self) -> None:
        """Re-read the session from the database (after an error, or another window)."""
        self._session = self._repository.load_session(self._session.id)
        self.reloaded.emit()

    def people_by_department(self) -> dict[str, list[Participant]]:
        """Participants grouped by department, departments in order of first appearance."""
        groups: dict[str, list[Participant]] = {}
        for person in self._session.participants:
            groups.setdefault(person.department, []).append(person)
        return groups

    def department_colors(self) -> dict[str, str]:
        """The note colour of each department."""
        return department_color_map(self._session)
