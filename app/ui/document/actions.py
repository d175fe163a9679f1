"""The actions part of the session document: small experiments and ideas' statuses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from app.core import limits
from app.core.backlog import ActionEntry, IdeaState, IdeaStatus, StoredOutcome
from app.core.types import FIRST_VERSION, ActionItem, ActionStatus, Outcome, version_after
from app.storage.errors import ChangedElsewhere

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository
    from app.ui.document.base import Document


class ActionsPart:
    """The session's actions in order, and where each idea stands.

    It owns the actions, the statuses of ideas that moved on from ``new`` and the
    version of each idea's status this window read: a status is only ever written
    back over the version it was read with. Which notes are this session's comes
    from the ``board`` part.
    """

    def __init__(self, document: Document, repository: SessionRepository) -> None:
        self._document = document
        self._repository = repository
        self._actions: tuple[ActionItem, ...] = ()
        self._idea_statuses: dict[str, IdeaStatus] = {}
        self._idea_versions: dict[str, int] = {}

    def load(self, actions: tuple[ActionItem, ...]) -> None:
        """Take the actions of a session just read, and read its ideas' statuses."""
        self._actions = actions
        # Statuses and their versions in one read: a status is only ever written back
        # over the version it was read with.
        ideas = self._repository.actions.idea_states(self._document.session_id)
        self._idea_statuses = {
            note_id: status
            for note_id, (status, _) in ideas.items()
            if status is not IdeaStatus.NEW
        }
        self._idea_versions = {note_id: version for note_id, (_, version) in ideas.items()}

    @property
    def action_items(self) -> tuple[ActionItem, ...]:
        """The session's actions, in order."""
        return self._actions

    def action_item(self, action_id: str) -> ActionItem | None:
        """One action by id, if it is still there."""
        return next((a for a in self._actions if a.id == action_id), None)

    def actions_for_note(self, note_id: str) -> list[ActionItem]:
        """The actions made from one note."""
        return [a for a in self._actions if a.source_note_id == note_id]

    def idea_status(self, note_id: str) -> IdeaStatus:
        """Where an idea stands (``new`` until someone moves it on)."""
        return self._idea_statuses.get(note_id, IdeaStatus.NEW)

    def idea_state(self, note_id: str) -> IdeaState:
        """Where an idea stands, with the version of its status this window read."""
        return self.idea_status(note_id), self._idea_versions.get(note_id, FIRST_VERSION)

    def idea_status_pairs(self) -> tuple[tuple[str, str], ...]:
        """(note id, status) of the ideas that moved on from ``new``, as a session has them."""
        return tuple((note_id, status.value) for note_id, status in self._idea_statuses.items())

    # ------------------------------------------------------------------ changing
    # Each change is made from a copy read at some version and returns what was stored
    # (with its new version): the undo step keeps it, to make its next change from.

    def add_action(
        self,
        action: ActionItem,
        position: int | None = None,
        idea: tuple[str, IdeaState] | None = None,
    ) -> ActionItem:
        """Store a new action (at the end, or back at ``position`` on undo).

        ``idea`` moves the idea it came from in the same transaction (its note's id, its
        new status and the version of its status read).
        """
        limits.check_room("actions", len(self._actions))
        with self._shared_write():
            stored = self._repository.actions.add_action(
                self._document.session_id, action, position, idea
            )
        actions = list(self._actions)
        actions.insert(len(actions) if position is None else position, stored)
        self._moved_idea(idea)
        self._set(tuple(actions))
        return stored

    def update_action(self, action: ActionItem) -> ActionItem:
        """Store every field of an action, over the version it was read at."""
        with self._shared_write():
            stored = self._repository.actions.update_action(self._document.session_id, action)
        self._replace_action(stored)
        return stored

    def remove_action(self, action: ActionItem, idea: tuple[str, IdeaState] | None = None) -> int:
        """Delete an action as it was read; return its place for undo.

        ``idea`` gives the idea it came from its status back (as in :meth:`add_action`).
        """
        with self._shared_write():
            position = self._repository.actions.delete_action(
                self._document.session_id, action, idea
            )
        self._moved_idea(idea)
        self._set(tuple(a for a in self._actions if a.id != action.id))
        return position

    def record_outcome(self, action: ActionItem, idea: IdeaState | None) -> StoredOutcome:
        """Store an action's outcome and status, and its idea's status, in one transaction.

        ``action`` carries the version it was made from, ``idea`` the idea's new status
        with the version of its status it was made from.
        """
        with self._shared_write():
            stored = self._repository.actions.record_outcome(
                action.id, action.version, action.outcome, action.status, idea
            )
        self.take_outcome(stored)
        return stored

    def take_outcome(self, stored: StoredOutcome) -> None:
        """Show an outcome as stored (here, or by the backlog), if the action is this session's."""
        action = self.action_item(stored.action_id)
        if action is None:
            return
        idea = stored.idea_id
        if idea is not None and stored.idea_status is not None and self._holds_note(idea):
            self._idea_statuses[idea] = stored.idea_status
            self._idea_versions[idea] = stored.idea_version
        self._replace_action(
            replace(action, outcome=stored.outcome, status=stored.status, version=stored.version)
        )

    def reviewed_experiments(self) -> tuple[ActionEntry, ...]:
        """Last time's experiments this session's review brought back, as stored now."""
        return self._repository.goals.reviewed_experiments(self._document.session)

    def earlier_idea_state(self, entry: ActionEntry) -> IdeaState | None:
        """The idea an earlier session's action came from, as stored now (if it had one)."""
        if entry.source_note_id is None:
            return None
        states = self._repository.actions.idea_states(entry.session_id)
        return states.get(entry.source_note_id)

    def record_earlier_outcome(
        self,
        action_id: str,
        read_at: int,
        outcome: Outcome | None,
        status: ActionStatus,
        idea: IdeaState | None,
    ) -> StoredOutcome:
        """Store the outcome of an earlier session's action, in one transaction.

        ``elsewhere_changed`` tells the workspace, which shows it in that session's
        window if it is open, and in the backlog.
        """
        with self._shared_write():
            stored = self._repository.actions.record_outcome(
                action_id, read_at, outcome, status, idea
            )
        self._document.elsewhere_changed.emit(stored)
        return stored

    def set_idea_status(self, note_id: str, status: IdeaStatus, read_at: int) -> int:
        """Move an idea along from the version of its status read; returns the new version."""
        with self._shared_write():
            version = self._repository.actions.set_idea_status(note_id, status, read_at)
        self._idea_statuses[note_id] = status
        self._idea_versions[note_id] = version
        self._document.actions_changed.emit()
        return version

    def reread_shared(self) -> None:
        """Show what another laptop may have changed here: the actions and ideas' statuses.

        Only those are shared (the board is this window's while it holds the
        session); nothing is redrawn when they are as shown. A copy an undo step or a
        form holds keeps the version it was read at: reading again never makes it current.
        """
        actions = self._repository.actions.action_items(self._document.session_id)
        stored = self._repository.actions.idea_states(self._document.session_id)
        board = self._document.board
        mine = board.notes.keys() | board.stacked_notes.keys()
        statuses: dict[str, IdeaStatus] = {
            note_id: status
            for note_id, (status, _) in stored.items()
            if note_id in mine and status is not IdeaStatus.NEW
        }
        versions = {
            note_id: version for note_id, (_, version) in stored.items() if note_id in mine
        }
        shown = {
            i: status for i, status in self._idea_statuses.items() if status is not IdeaStatus.NEW
        }
        self._idea_versions = versions
        same_actions = [(a, a.version) for a in actions] == [(a, a.version) for a in self._actions]
        if same_actions and statuses == shown:
            return
        self._idea_statuses = statuses
        self._set(actions)

    def take_statuses(
        self,
        actions: Mapping[str, tuple[ActionStatus, int]],
        ideas: Mapping[str, IdeaState],
    ) -> None:
        """Show statuses the backlog has already stored (for this session's items).

        Each comes with the version it was stored at.
        """
        mine = {a.id for a in self._actions}
        wanted = {key: value for key, value in actions.items() if key in mine}
        ideas = {key: value for key, value in ideas.items() if key in self._document.board.notes}
        if not wanted and not ideas:
            return
        for note_id, (status, version) in ideas.items():
            self._idea_statuses[note_id] = status
            self._idea_versions[note_id] = version
        self._set(
            tuple(
                replace(a, status=wanted[a.id][0], version=wanted[a.id][1])
                if a.id in wanted
                else a
                for a in self._actions
            )
        )

    @contextmanager
    def _shared_write(self) -> Iterator[None]:
        """A write of shared rows: refused as made from an old copy, the current one is read.

        ``stale_copy_refused`` then tells the views that hold a copy (the actions form)
        to show the current version instead.
        """
        try:
            yield
        except ChangedElsewhere:
            self.reread_shared()
            self._document.stale_copy_refused.emit()
            raise

    def _moved_idea(self, idea: tuple[str, IdeaState] | None) -> None:
        if idea is not None:
            note_id, (status, read_at) = idea
            self._idea_statuses[note_id] = status
            self._idea_versions[note_id] = version_after(read_at)

    def _holds_note(self, note_id: str) -> bool:
        return self._document.board.note(note_id) is not None

    def _replace_action(self, action: ActionItem) -> None:
        self._set(tuple(action if a.id == action.id else a for a in self._actions))

    # The board asks for these when deleting notes takes their statuses and links,
    # and undo gives them back.

    def forget_ideas(self, note_ids: Iterable[str]) -> None:
        """Forget the statuses of deleted notes (the database let go of them already)."""
        for note_id in note_ids:
            self._idea_statuses.pop(note_id, None)

    def restore_ideas(
        self,
        statuses: Iterable[tuple[str, str]],
        versions: Iterable[tuple[str, int]],
    ) -> None:
        """Show the statuses of notes put back, each a version past the one it went at."""
        self._idea_statuses.update((note_id, IdeaStatus(status)) for note_id, status in statuses)
        # The store put each one back a version past the one it went at, holding the
        # state it went with: an undo step of this window may go on from it.
        for note_id, version in versions:
            self._idea_versions[note_id] = version_after(version)
            self._document.trail.record(("idea", note_id), version_after(version), version)

    def link_sources(self, sources: Mapping[str, str | None]) -> None:
        """Point actions at the note each came from (``None``: its note is gone)."""
        self._set(
            tuple(
                replace(a, source_note_id=sources[a.id]) if a.id in sources else a
                for a in self._actions
            )
        )

    def _set(self, actions: tuple[ActionItem, ...]) -> None:
        self._actions = actions
        self._document.actions_changed.emit()
