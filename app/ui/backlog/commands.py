"""The backlog's undo steps: statuses moved on for the selected rows, and outcomes.

A step writes over the version it found (the rows as the backlog showed them, then
what the library stored last; :meth:`~app.ui.storage_step.StorageStep.write_over`): an
undo never writes over a change another laptop (or another window) made since; that
write is refused and the step leaves the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.core.backlog import ActionEntry, IdeaState, IdeaStatus, StoredOutcome
from app.core.goals import idea_status_for, status_after_outcome
from app.core.types import ActionStatus, Outcome
from app.ui.storage_step import StorageStep, VersionTrail
from app.ui.workspace import Workspace

ActionChange = tuple[ActionStatus, ActionStatus, int]
"""An action's status before and after, and the version of the action it was made from."""
IdeaChange = tuple[IdeaStatus, IdeaStatus, int]
"""An idea's status before and after, and the version of its status it was made from."""


class SetStatusesCommand(StorageStep):
    """Give actions or ideas a new status; undo gives each one back the status it had."""

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        *,
        actions: Mapping[str, ActionChange] | None = None,
        ideas: Mapping[str, IdeaChange] | None = None,
    ) -> None:
        super().__init__(text, workspace.trail)
        self._workspace = workspace
        self._actions = dict(actions or {})
        self._ideas = dict(ideas or {})

    def apply(self) -> None:
        """The new statuses."""
        self._store(after=True)

    def revert(self) -> None:
        """The statuses as they were."""
        self._store(after=False)

    def _store(self, *, after: bool) -> None:
        actions = {
            key: (new if after else old, self.write_over(("action", key), read_at))
            for key, (old, new, read_at) in self._actions.items()
        }
        ideas = {
            key: (new if after else old, self.write_over(("idea", key), read_at))
            for key, (old, new, read_at) in self._ideas.items()
        }
        for key, version in self._workspace.set_statuses(actions, ideas).items():
            self.wrote(key, version)


OutcomeStore = Callable[[str, int, Outcome | None, ActionStatus, IdeaState | None], StoredOutcome]
"""Stores (action id, version read at, outcome, action status, idea status and the version
of the idea's status read at) in one transaction; returns what it stored."""


class RecordOutcomeCommand(StorageStep):
    """Record the outcome of an action known by its backlog entry; undo gives back what it had.

    ``store`` is where it goes (``trail``, the window's it is stored from): the
    workspace from the backlog, the session document for an earlier session's action
    from the review of last time. ``idea`` is the status of the idea the action came
    from, with the version of that status, as read.
    """

    def __init__(
        self,
        store: OutcomeStore,
        trail: VersionTrail,
        entry: ActionEntry,
        outcome: Outcome,
        idea: IdeaState | None,
    ) -> None:
        super().__init__(f"Record the outcome of {entry.title!r}", trail)
        self._store = store
        self._entry = entry
        self._outcome = outcome
        self._status = status_after_outcome(entry.status, outcome)
        self._idea_before = idea
        self._idea_after = idea_status_for(outcome) if idea is not None else None

    def apply(self) -> None:
        """Store the outcome, the action's status and its idea's."""
        self._write(self._outcome, self._status, self._idea_after)

    def revert(self) -> None:
        """Give the action (and its idea, if it moved) back what they had."""
        before = self._idea_before
        idea = None if before is None or self._idea_after is None else before[0]
        self._write(self._entry.outcome, self._entry.status, idea)

    def _write(
        self, outcome: Outcome | None, status: ActionStatus, idea_status: IdeaStatus | None
    ) -> None:
        entry = self._entry
        version = self.write_over(("action", entry.id), entry.version)
        idea = None
        if idea_status is not None and self._idea_before is not None and entry.source_note_id:
            read_at = self.write_over(("idea", entry.source_note_id), self._idea_before[1])
            idea = (idea_status, read_at)
        stored = self._store(entry.id, version, outcome, status, idea)
        self.wrote(("action", stored.action_id), stored.version)
        if stored.idea_id is not None and stored.idea_status is not None:
            self.wrote(("idea", stored.idea_id), stored.idea_version)
