"""Undo steps for action items; each one commits through the session document.

Actions and ideas' statuses are shared with other laptops. A step makes its first
change from the copy the form showed and every later one from what this window stored
last (:meth:`~app.ui.storage_step.StorageStep.made_from`), so it never writes over a
change made elsewhere since: that write is refused, and the step leaves the stack.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.backlog import IdeaState, IdeaStatus, idea_status_for_new_action
from app.core.goals import action_after_outcome, idea_status_for
from app.core.types import ActionItem, Outcome
from app.ui.document import SessionDocument
from app.ui.storage_step import StorageStep


class AddActionCommand(StorageStep):
    """Add an action; made from a note, the note's idea moves to "trying" in the same step."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Add action {action.title!r}", document)
        self._document = document
        self._action = action
        self._position: int | None = None
        self._idea: tuple[str, IdeaStatus, IdeaStatus] | None = None
        """The idea the action came from: its id, its status before and after."""
        self._idea_read_at = 0
        note_id = action.source_note_id
        if note_id is not None:
            before, self._idea_read_at = document.idea_state(note_id)
            after = idea_status_for_new_action(before)
            if after is not before:
                self._idea = (note_id, before, after)

    def apply(self) -> None:
        """Store the action (back in its place after an undo), and move its idea on."""
        self._action = self._document.add_action(
            self._action, self._position, self._idea_move(after=True)
        )

    def revert(self) -> None:
        """Remove it again, and give the idea back its status, in one transaction."""
        action = replace(self._action, version=self.made_from(("action", self._action.id), 0))
        self._position = self._document.remove_action(action, self._idea_move(after=False))
        self._action = action

    def _idea_move(self, *, after: bool) -> tuple[str, IdeaState] | None:
        if self._idea is None:
            return None
        note_id, before, new = self._idea
        read_at = self.made_from(("idea", note_id), self._idea_read_at)
        return note_id, (new if after else before, read_at)


class UpdateActionCommand(StorageStep):
    """Change the fields of an action, from the copy the form showed."""

    def __init__(self, document: SessionDocument, before: ActionItem, after: ActionItem) -> None:
        super().__init__(f"Change action {after.title!r}", document)
        self._document = document
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Store the new fields, over the version the form showed."""
        self._store(self._after)

    def revert(self) -> None:
        """Store the old ones, over the version this window stored."""
        self._store(self._before)

    def _store(self, action: ActionItem) -> None:
        version = self.made_from(("action", action.id), self._before.version)
        self._document.update_action(replace(action, version=version))


class DeleteActionCommand(StorageStep):
    """Delete an action; undo puts it back in its place."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Delete action {action.title!r}", document)
        self._document = document
        self._action = action
        self._position = 0

    def apply(self) -> None:
        """Delete it, as the form showed it."""
        version = self.made_from(("action", self._action.id), self._action.version)
        self._action = replace(self._action, version=version)
        self._position = self._document.remove_action(self._action)

    def revert(self) -> None:
        """Put it back (newer than any copy of it read before it went)."""
        self._document.add_action(self._action, self._position)


class RecordOutcomeCommand(StorageStep):
    """Record what trying an action showed; its decision moves the idea it came from."""

    def __init__(self, document: SessionDocument, before: ActionItem, outcome: Outcome) -> None:
        super().__init__(f"Record the outcome of {before.title!r}", document)
        self._document = document
        self._before = before
        self._after = action_after_outcome(before, outcome)
        note_id = before.source_note_id
        self._idea_before: IdeaState | None = document.idea_state(note_id) if note_id else None
        self._idea_after = idea_status_for(outcome) if note_id else None

    def apply(self) -> None:
        """Store the outcome (and the idea's new status) in one transaction."""
        self._store(self._after, self._idea_after)

    def revert(self) -> None:
        """Give the action and its idea back what they had."""
        before = self._idea_before[0] if self._idea_before is not None else None
        self._store(self._before, before)

    def _store(self, action: ActionItem, idea_status: IdeaStatus | None) -> None:
        version = self.made_from(("action", action.id), self._before.version)
        idea = None
        note_id = self._before.source_note_id
        if note_id and self._idea_before is not None and idea_status is not None:
            idea = (idea_status, self.made_from(("idea", note_id), self._idea_before[1]))
        self._document.record_outcome(replace(action, version=version), idea)
