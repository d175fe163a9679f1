"""The goals page's undo steps, on the library's undo stack (Ctrl+Z in the library).

Goals are shared with other laptops: each step writes over the version it found (the
copy the facilitator saw, then what the library stored last), so an undo never writes
over a change made elsewhere since (the write is refused and the step leaves the
stack; :class:`~app.ui.storage_step.StorageStep`).
"""

from __future__ import annotations

from dataclasses import replace

from app.core.types import Goal, MetricReading
from app.ui.storage_step import StorageStep
from app.ui.workspace import Workspace


class EditGoalCommand(StorageStep):
    """Change a goal's title, metric, owner or archived state, from the copy shown."""

    def __init__(self, workspace: Workspace, before: Goal, after: Goal, text: str) -> None:
        super().__init__(text, workspace.trail)
        self._workspace = workspace
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Store the new goal, over the version it was made from."""
        self._store(self._after)

    def revert(self) -> None:
        """Store the goal as it was, over the version the step left."""
        self._store(self._before)

    def _store(self, goal: Goal) -> None:
        key = ("goal", goal.id)
        version = self.write_over(key, self._before.version)
        stored = self._workspace.repository.goals.update_goal(replace(goal, version=version))
        self.wrote(key, stored.version)
        self._workspace.goals_edited()


class RecordReadingCommand(StorageStep):
    """Record one value of a goal's metric."""

    def __init__(self, workspace: Workspace, reading: MetricReading, text: str) -> None:
        super().__init__(text, workspace.trail)
        self._workspace = workspace
        self._reading = reading

    def apply(self) -> None:
        """Store the value."""
        self._workspace.repository.goals.add_reading(self._reading)
        self._workspace.goals_edited()

    def revert(self) -> None:
        """Forget it."""
        self._workspace.repository.goals.remove_reading(self._reading.id)
        self._workspace.goals_edited()


class MergeGoalsCommand(StorageStep):
    """Fold one goal into another; undo brings it back with its sessions and readings."""

    def __init__(self, workspace: Workspace, kept: Goal, merged: Goal) -> None:
        super().__init__(f"Merge {merged.title!r} into {kept.title!r}", workspace.trail)
        self._workspace = workspace
        self._kept = kept
        self._merged = merged
        self._moved: tuple[list[str], list[str]] = ([], [])

    def apply(self) -> None:
        """Move the sessions and readings over, and remove the merged goal (as it was read)."""
        key = ("goal", self._merged.id)
        self._merged = replace(self._merged, version=self.write_over(key, self._merged.version))
        self._moved = self._workspace.repository.goals.merge_goals(self._kept.id, self._merged)
        self.wrote(key, None)
        self._workspace.goals_edited()

    def revert(self) -> None:
        """The merged goal back (newer than any copy of it), with what it had."""
        key = ("goal", self._merged.id)
        self.write_over(key, None)
        back = self._workspace.repository.goals.unmerge_goals(self._merged, *self._moved)
        self.wrote(key, back.version)
        self._workspace.goals_edited()
