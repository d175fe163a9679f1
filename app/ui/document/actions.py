"""The actions part of the session document: small experiments and ideas' statuses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from app.core.backlog import ActionEntry, IdeaStatus
from app.core.types import ActionItem, ActionStatus, Outcome
from app.ui.document.base import DocumentBase


class ActionsState(DocumentBase):
    """The session's actions in order, and where each idea stands."""

    @property
    def action_items(self) -> tuple[ActionItem, ...]:
        """The session's actions, in order."""
        return self._meta.action_items

    def action_item(self, action_id: str) -> ActionItem | None:
        """One action by id, if it is still there."""
        return next((a for a in self._meta.action_items if a.id == action_id), None)

    def actions_for_note(self, note_id: str) -> list[ActionItem]:
        """The actions made from one note."""
        return [a for a in self._meta.action_items if a.source_note_id == note_id]

    def idea_status(self, note_id: str) -> IdeaStatus:
        """Where an idea stands (``new`` until someone moves it on)."""
        return self._idea_statuses.get(note_id, IdeaStatus.NEW)

    # ------------------------------------------------------------------ changing

    def add_action(self, action: ActionItem, position: int | None = None) -> None:
        """Store a new action (at the end, or back at ``position`` on undo)."""
        self._repository.add_action(self.session_id, action, position)
        actions = list(self._meta.action_items)
        actions.insert(len(actions) if position is None else position, action)
        self._set_actions(tuple(actions))

    def update_action(self, action: ActionItem) -> None:
        """Store every field of an action."""
        self._repository.update_action(self.session_id, action)
        self._set_actions(
            tuple(action if a.id == action.id else a for a in self._meta.action_items)
        )

    def remove_action(self, action_id: str) -> int:
        """Delete an action; return its place for undo."""
        position = self._repository.delete_action(self.session_id, action_id)
        self._set_actions(tuple(a for a in self._meta.action_items if a.id != action_id))
        return position

    def record_outcome(self, action: ActionItem, idea_status: IdeaStatus | None) -> None:
        """Store an action's outcome and status, and its idea's status, in one transaction."""
        self._repository.record_outcome(action.id, action.outcome, action.status, idea_status)
        if idea_status is not None and action.source_note_id is not None:
            self._idea_statuses[action.source_note_id] = idea_status
        self._set_actions(
            tuple(action if a.id == action.id else a for a in self._meta.action_items)
        )

    def take_outcome(
        self,
        action_id: str,
        outcome: Outcome | None,
        status: ActionStatus,
        idea_status: IdeaStatus | None,
    ) -> None:
        """Show an outcome the backlog has already stored (if the action is this session's)."""
        action = self.action_item(action_id)
        if action is None:
            return
        if idea_status is not None and action.source_note_id in self._notes:
            self._idea_statuses[action.source_note_id or ""] = idea_status
        changed = replace(action, outcome=outcome, status=status)
        self._set_actions(tuple(changed if a.id == action_id else a for a in self.action_items))

    def reviewed_experiments(self) -> tuple[ActionEntry, ...]:
        """Last time's experiments this session's review brought back, as stored now."""
        return self._repository.reviewed_experiments(self.session)

    def earlier_idea_status(self, entry: ActionEntry) -> IdeaStatus | None:
        """The status of the idea an earlier session's action came from (if it had one)."""
        if entry.source_note_id is None:
            return None
        statuses = self._repository.idea_statuses(entry.session_id)
        return statuses.get(entry.source_note_id, IdeaStatus.NEW)

    def record_earlier_outcome(
        self,
        action_id: str,
        outcome: Outcome | None,
        status: ActionStatus,
        idea_status: IdeaStatus | None,
    ) -> None:
        """Store the outcome of an earlier session's action, in one transaction.

        ``elsewhere_changed`` tells the workspace, which shows it in that session's
        window if it is open, and in the backlog.
        """
        self._repository.record_outcome(action_id, outcome, status, idea_status)
        self.elsewhere_changed.emit(action_id, outcome, status, idea_status)

    def set_idea_status(self, note_id: str, status: IdeaStatus) -> None:
        """Move an idea along (making an action from it means the room is trying it)."""
        self._repository.set_idea_status(note_id, status)
        self._idea_statuses[note_id] = status
        self.actions_changed.emit()

    def reread_shared(self) -> None:
        """Show what another laptop may have changed here: the actions and ideas' statuses.

        Only those are shared (the board is this window's while it holds the
        session); nothing is redrawn when they are as shown.
        """
        actions = self._repository.action_items(self.session_id)
        stored = self._repository.idea_statuses(self.session_id)
        mine = self._notes.keys() | self._stacked.keys()
        statuses = {note_id: stored[note_id] for note_id in mine if note_id in stored}
        shown = {
            i: status for i, status in self._idea_statuses.items() if status is not IdeaStatus.NEW
        }
        if actions == self._meta.action_items and statuses == shown:
            return
        self._idea_statuses = statuses
        self._set_actions(actions)

    def take_statuses(
        self, actions: Mapping[str, ActionStatus], ideas: Mapping[str, IdeaStatus]
    ) -> None:
        """Show statuses the backlog has already stored (for this session's items)."""
        mine = {a.id for a in self._meta.action_items}
        wanted = {key: value for key, value in actions.items() if key in mine}
        ideas = {key: value for key, value in ideas.items() if key in self._notes}
        if not wanted and not ideas:
            return
        self._idea_statuses.update(ideas)
        self._set_actions(
            tuple(
                replace(a, status=wanted[a.id]) if a.id in wanted else a
                for a in self._meta.action_items
            )
        )
