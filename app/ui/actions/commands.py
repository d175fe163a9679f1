"""Undo steps for action items; each one commits through the session document."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.core.backlog import IdeaStatus, idea_status_for_new_action
from app.core.goals import action_after_outcome, idea_status_for
from app.core.types import ActionItem, Outcome
from app.ui.document import SessionDocument


class AddActionCommand(QUndoCommand):
    """Add an action; made from a note, the note's idea moves to "trying" in the same step."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Add action {action.title!r}")
        self._document = document
        self._action = action
        self._position: int | None = None
        note_id = action.source_note_id
        self._idea: tuple[str, IdeaStatus, IdeaStatus] | None = None
        if note_id is not None:
            before = document.idea_status(note_id)
            after = idea_status_for_new_action(before)
            if after is not before:
                self._idea = (note_id, before, after)

    def redo(self) -> None:
        """Store the action (back in its place after an undo)."""
        self._document.add_action(self._action, self._position)
        if self._idea is not None:
            self._document.set_idea_status(self._idea[0], self._idea[2])

    def undo(self) -> None:
        """Remove it again, and give the idea back its status."""
        self._position = self._document.remove_action(self._action.id)
        if self._idea is not None:
            self._document.set_idea_status(self._idea[0], self._idea[1])


class UpdateActionCommand(QUndoCommand):
    """Change a field of an action (each field changed is its own undo step)."""

    def __init__(self, document: SessionDocument, before: ActionItem, after: ActionItem) -> None:
        super().__init__(f"Change action {after.title!r}")
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        """Store the new fields."""
        self._document.update_action(self._after)

    def undo(self) -> None:
        """Store the old ones."""
        self._document.update_action(self._before)


class DeleteActionCommand(QUndoCommand):
    """Delete an action; undo puts it back in its place."""

    def __init__(self, document: SessionDocument, action: ActionItem) -> None:
        super().__init__(f"Delete action {action.title!r}")
        self._document = document
        self._action = action
        self._position = 0

    def redo(self) -> None:
        """Delete it."""
        self._position = self._document.remove_action(self._action.id)

    def undo(self) -> None:
        """Put it back."""
        self._document.add_action(self._action, self._position)


class RecordOutcomeCommand(QUndoCommand):
    """Record what trying an action showed; its decision moves the idea it came from."""

    def __init__(self, document: SessionDocument, before: ActionItem, outcome: Outcome) -> None:
        super().__init__(f"Record the outcome of {before.title!r}")
        self._document = document
        self._before = before
        self._after = action_after_outcome(before, outcome)
        note_id = before.source_note_id
        self._idea_before = document.idea_status(note_id) if note_id else None
        self._idea_after = idea_status_for(outcome) if note_id else None

    def redo(self) -> None:
        """Store the outcome (and the idea's new status) in one transaction."""
        self._document.record_outcome(self._after, self._idea_after)

    def undo(self) -> None:
        """Give the action and its idea back what they had."""
        idea = self._idea_before if self._idea_after is not None else None
        self._document.record_outcome(self._before, idea)
