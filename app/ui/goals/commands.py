"""The goals page's undo steps, on the library's undo stack (Ctrl+Z in the library)."""

from __future__ import annotations

from app.core.types import Goal, MetricReading
from app.ui.storage_step import StorageStep
from app.ui.workspace import Workspace


class EditGoalCommand(StorageStep):
    """Change a goal's title, metric, owner or archived state."""

    def __init__(self, workspace: Workspace, before: Goal, after: Goal, text: str) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Store the new goal."""
        self._workspace.repository.update_goal(self._after)
        self._workspace.goals_edited()

    def undo(self) -> None:
        """Store the goal as it was."""
        self._workspace.repository.update_goal(self._before)
        self._workspace.goals_edited()


class RecordReadingCommand(StorageStep):
    """Record one value of a goal's metric."""

    def __init__(self, workspace: Workspace, reading: MetricReading, text: str) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._reading = reading

    def apply(self) -> None:
        """Store the value."""
        self._workspace.repository.add_reading(self._reading)
        self._workspace.goals_edited()

    def undo(self) -> None:
        """Forget it."""
        self._workspace.repository.remove_reading(self._reading.id)
        self._workspace.goals_edited()


class MergeGoalsCommand(StorageStep):
    """Fold one goal into another; undo brings it back with its sessions and readings."""

    def __init__(self, workspace: Workspace, kept: Goal, merged: Goal) -> None:
        super().__init__(f"Merge {merged.title!r} into {kept.title!r}")
        self._workspace = workspace
        self._kept = kept
        self._merged = merged
        self._moved: tuple[list[str], list[str]] = ([], [])

    def apply(self) -> None:
        """Move the sessions and readings over, and remove the merged goal."""
        self._moved = self._workspace.repository.merge_goals(self._kept.id, self._merged.id)
        self._workspace.goals_edited()

    def undo(self) -> None:
        """The merged goal back, with what it had."""
        self._workspace.repository.unmerge_goals(self._merged, *self._moved)
        self._workspace.goals_edited()
