"""The backlog's undo step: statuses moved on for the selected rows, in one click."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.core.backlog import ActionEntry, IdeaStatus
from app.core.goals import idea_status_for, status_after_outcome
from app.core.types import ActionStatus, Outcome
from app.ui.storage_step import StorageStep
from app.ui.workspace import Workspace


class SetStatusesCommand(StorageStep):
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

    def apply(self) -> None:
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


OutcomeStore = Callable[[str, Outcome | None, ActionStatus, IdeaStatus | None], None]
"""Stores (action id, outcome, action status, idea status) in one transaction."""


class RecordOutcomeCommand(StorageStep):
    """Record the outcome of an action known by its backlog entry; undo gives back what it had.

    ``store`` is where it goes: the workspace from the backlog, the session document
    for an earlier session's action from the review of last time.
    """

    def __init__(
        self,
        store: OutcomeStore,
        entry: ActionEntry,
        outcome: Outcome,
        idea: IdeaStatus | None,
    ) -> None:
        super().__init__(f"Record the outcome of {entry.title!r}")
        self._store = store
        self._entry = entry
        self._outcome = outcome
        self._status = status_after_outcome(entry.status, outcome)
        self._idea_before = idea
        self._idea_after = idea_status_for(outcome) if idea is not None else None

    def apply(self) -> None:
        """Store the outcome, the action's status and its idea's."""
        self._store(self._entry.id, self._outcome, self._status, self._idea_after)

    def undo(self) -> None:
        """Give the action (and its idea) back what they had."""
        idea = self._idea_before if self._idea_after is not None else None
        self._store(self._entry.id, self._entry.outcome, self._entry.status, idea)
