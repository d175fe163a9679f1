"""The backlog's undo step: statuses moved on for the selected rows, in one click."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QUndoCommand

from app.core.backlog import OPEN_ACTION_STATUSES, ActionEntry, IdeaStatus
from app.core.goals import idea_status_for
from app.core.types import ActionStatus, Outcome
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


class RecordOutcomeCommand(QUndoCommand):
    """Record an experiment's outcome from the backlog; undo gives back what it had."""

    def __init__(
        self, workspace: Workspace, entry: ActionEntry, outcome: Outcome, idea: IdeaStatus | None
    ) -> None:
        super().__init__(f"Record the outcome of {entry.title!r}")
        self._workspace = workspace
        self._entry = entry
        self._outcome = outcome
        status = entry.status
        self._status = ActionStatus.DONE if status in OPEN_ACTION_STATUSES else status
        self._idea_before = idea
        self._idea_after = idea_status_for(outcome) if idea is not None else None

    def redo(self) -> None:
        """Store the outcome, the action's status and its idea's."""
        self._workspace.record_outcome(
            self._entry.id, self._outcome, self._status, self._idea_after
        )

    def undo(self) -> None:
        """Give the action (and its idea) back what they had."""
        idea = self._idea_before if self._idea_after is not None else None
        self._workspace.record_outcome(
            self._entry.id, self._entry.outcome, self._entry.status, idea
        )
