"""The backlog's undo step: statuses moved on for the selected rows, in one click."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QUndoCommand

from app.core.backlog import IdeaStatus
from app.core.types import ActionStatus
from app.ui.workspace import Workspace


class SetStatusesCommand(QUndoCommand):
    """Give actions or ideas a new status; undo gives each one back the status it had."""

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        *,
        actions: Mapping[str, tuple[ActionStatus, ActionStatus]] | None = None,
        ideas: Mapping[str, tuple[IdeaStatus, IdeaStatus]] | None = None,
    ) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._actions = dict(actions or {})
        self._ideas = dict(ideas or {})

    def redo(self) -> None:
        """The new statuses."""
        self._workspace.set_statuses(
            {key: after for key, (_, after) in self._actions.items()},
            {key: after for key, (_, after) in self._ideas.items()},
        )

    def undo(self) -> None:
        """The statuses as they were."""
        self._workspace.set_statuses(
            {key: before for key, (before, _) in self._actions.items()},
            {key: before for key, (before, _) in self._ideas.items()},
        )
