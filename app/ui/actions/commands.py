"""Undo steps for action items; each one commits through the session document.

Actions and ideas' statuses are shared with other laptops. A step writes over the
version it found (the copy the form showed, then what this window stored last;
:meth:`~app.ui.storage_step.StorageStep.write_over`), so it never writes over a change
made elsewhere since: that write is refused, and the step leaves the stack.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.backlog import IdeaState, IdeaStatus, StoredOutcome, idea_status_for_new_action
from app.core.goals import action_after_outcome, idea_status_for
from app.core.types import ActionItem, Outcome, version_after
from app.ui.document import SessionDocument
from app.ui.storage_step import StorageStep


class AddActionCommand(StorageStep):
    """Add an action; made from a note, the note's idea moves to "trying" in the same step."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Add action {action.title!r}", document.trail)
        self._document = document
        self._action = action
        self._position: int | None = None
        self._idea: tuple[str, IdeaStatus, IdeaStatus] | None = None
        """The idea the action came from: its id, its status before and after."""
        self._idea_read_at = 0
        note_id = action.source_note_id
        if note_id is not None:
            before, self._idea_read_at = document.actions.idea_state(note_id)
            after = idea_status_for_new_action(before)
            if after is not before:
                self._idea = (note_id, before, after)

    def apply(self) -> None:
        """Store the action (back in its place after an undo), and move its idea on."""
        key = ("action", self._action.id)
        self.write_over(key, None)
        idea = self._idea_move(after=True)
        self._action = self._document.actions.add_action(self._action, self._position, idea)
        self.wrote(key, self._action.version)
        self._idea_moved(idea)

    def revert(self) -> None:
        """Remove it again, and give the idea back its status, in one transaction."""
        key = ("action", self._action.id)
        self._action = replace(self._action, version=self.write_over(key, None))
        idea = self._idea_move(after=False)
        self._position = self._document.actions.remove_action(self._action, idea)
        self.wrote(key, None)
        self._idea_moved(idea)

    def _idea_move(self, *, after: bool) -> tuple[str, IdeaState] | None:
        if self._idea is None:
            return None
        note_id, before, new = self._idea
        read_at = self.write_over(("idea", note_id), self._idea_read_at)
        return note_id, (new if after else before, read_at)

    def _idea_moved(self, idea: tuple[str, IdeaState] | None) -> None:
        if idea is not None:  # stored one version past the one it was written over
            note_id, (_, read_at) = idea
            self.wrote(("idea", note_id), version_after(read_at))


class UpdateActionCommand(StorageStep):
    """Change the fields of an action, from the copy the form showed."""

    def __init__(self, document: SessionDocument, before: ActionItem, after: ActionItem) -> None:
        super().__init__(f"Change action {after.title!r}", document.trail)
        self._document = document
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Store the new fields, over the version the form showed."""
        self._store(self._after)

    def revert(self) -> None:
        """Store the old ones, over the version the step left."""
        self._store(self._before)

    def _store(self, action: ActionItem) -> None:
        key = ("action", action.id)
        version = self.write_over(key, self._before.version)
        stored = self._document.actions.update_action(replace(action, version=version))
        self.wrote(key, stored.version)


class DeleteActionCommand(StorageStep):
    """Delete an action; undo puts it back in its place."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Delete action {action.title!r}", document.trail)
        self._document = document
        self._action = action
        self._position = 0

    def apply(self) -> None:
        """Delete it, as the form showed it."""
        key = ("action", self._action.id)
        self._action = replace(self._action, version=self.write_over(key, self._action.version))
        self._position = self._document.actions.remove_action(self._action)
        self.wrote(key, None)

    def revert(self) -> None:
        """Put it back (newer than any copy of it read before it went)."""
        key = ("action", self._action.id)
        self.write_over(key, None)
        self.wrote(key, self._document.actions.add_action(self._action, self._position).version)


class RecordOutcomeCommand(StorageStep):
    """Record what trying an action showed; its decision moves the idea it came from."""

    def __init__(self, document: SessionDocument, before: ActionItem, outcome: Outcome) -> None:
        super().__init__(f"Record the outcome of {before.title!r}", document.trail)
        self._document = document
        self._before = before
        self._after = action_after_outcome(before, outcome)
        note_id = before.source_note_id
        self._idea_before: IdeaState | None = (
            document.actions.idea_state(note_id) if note_id else None
        )
        self._idea_after = idea_status_for(outcome) if note_id else None

    def apply(self) -> None:
        """Store the outcome (and the idea's new status) in one transaction."""
        self._store(self._after, self._idea_after)

    def revert(self) -> None:
        """Give the action and its idea back what they had (the idea only if it moved)."""
        before = self._idea_before
        self._store(self._before, None if before is None or not self._idea_after else before[0])

    def _store(self, action: ActionItem, idea_status: IdeaStatus | None) -> None:
        key = ("action", action.id)
        version = self.write_over(key, self._before.version)
        idea = None
        note_id = self._before.source_note_id
        if note_id and self._idea_before is not None and idea_status is not None:
            idea = (idea_status, self.write_over(("idea", note_id), self._idea_before[1]))
        stored = self._document.actions.record_outcome(replace(action, version=version), idea)
        self._remember(stored)

    def _remember(self, stored: StoredOutcome) -> None:
        self.wrote(("action", stored.action_id), stored.version)
        if stored.idea_id is not None and stored.idea_status is not None:
            self.wrote(("idea", stored.idea_id), stored.idea_version)
