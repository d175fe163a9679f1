"""Actions and idea statuses of one session (the cross-session reads: backlog_listing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import IdeaState, IdeaStatus, StoredOutcome
from app.core.types import (
    FIRST_VERSION,
    ActionItem,
    ActionStatus,
    Decision,
    Outcome,
    OutcomeResult,
    RecordKey,
    version_after,
)
from app.storage.errors import SessionNotFound, StaleBoard
from app.storage.models import ActionItemRow, NoteRow
from app.storage.store import StoreBase, session_row, versions_of

ActionMoves = Mapping[str, tuple[ActionStatus, int]]
"""Action id → (its new status, the version of the action the change was made from)."""
IdeaMoves = Mapping[str, IdeaState]
"""Note id → (the idea's new status, the version of its status the change was made from)."""


class BacklogStore:
    """Action items of a session, and the statuses of ideas and actions.

    Every change of a shared row is made from a copy read at some version and is
    stored only over that version (:mod:`app.storage.versions`); each returns the
    version it stored, which the next change of that copy is made from.
    """

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    # ------------------------------------------------------------------ one session

    def add_action(
        self,
        session_id: str,
        action: ActionItem,
        position: int | None = None,
        idea: tuple[str, IdeaState] | None = None,
    ) -> ActionItem:
        """Store a new action (or one back after an undo), at the end or at ``position``.

        ``idea`` moves the idea it came from in the same transaction: the note's id,
        its new status and the version of its status that was read (it is stored at
        the next one). Returns the action as stored, one version past the one it went
        at if it was stored before.
        """
        stored = replace(action, version=version_after(action.version))
        with self._store.writing() as orm:
            session_row(orm, session_id)
            rows = self._action_rows(orm, session_id)
            at = len(rows) if position is None else max(0, min(position, len(rows)))
            for row in rows[at:]:
                row.position += 1
            orm.flush()
            row = action_row(stored, at)
            row.session_id = session_id
            orm.add(row)
            versions_of(orm).inserted(("action", action.id), stored.version)
            self._move_idea(orm, idea)
        return stored

    def update_action(self, session_id: str, action: ActionItem) -> ActionItem:
        """Store every field of an existing action, over the version it was read at."""
        with self._store.writing() as orm:
            owner = orm.scalar(
                select(ActionItemRow.session_id).where(ActionItemRow.id == action.id)
            )
            if owner != session_id:
                raise StaleBoard("That action is no longer in this session.")
            version = versions_of(orm).update(
                ("action", action.id), action.version, action_values(action)
            )
        return replace(action, version=version)

    def delete_action(
        self, session_id: str, action: ActionItem, idea: tuple[str, IdeaState] | None = None
    ) -> int:
        """Delete an action as it was read; return the place it had, for undo.

        ``idea`` gives the idea it came from its status back in the same transaction
        (as in :meth:`add_action`).
        """
        with self._store.writing() as orm:
            rows = self._action_rows(orm, session_id)
            index = next((i for i, row in enumerate(rows) if row.id == action.id), None)
            if index is None:
                raise StaleBoard("That action is no longer in this session.")
            versions_of(orm).delete(("action", action.id), action.version)
            orm.expunge(rows[index])
            for row in rows[index + 1 :]:
                row.position -= 1
            self._move_idea(orm, idea)
            return index

    def _move_idea(self, orm: OrmSession, idea: tuple[str, IdeaState] | None) -> None:
        if idea is not None:
            note_id, (status, read_at) = idea
            versions_of(orm).update(("idea", note_id), read_at, {"idea_status": status})

    def set_action_status(self, action_id: str, status: ActionStatus, read_at: int) -> int:
        """Move one action along (from the backlog); returns its new version."""
        return self.set_statuses({action_id: (status, read_at)}, {})[("action", action_id)]

    def set_idea_status(self, note_id: str, status: IdeaStatus, read_at: int) -> int:
        """Move one idea along; returns the new version of its status."""
        return self.set_statuses({}, {note_id: (status, read_at)})[("idea", note_id)]

    def set_statuses(self, actions: ActionMoves, ideas: IdeaMoves) -> dict[RecordKey, int]:
        """Move several actions and ideas along in one transaction: all of them, or none.

        Returns the new version of each, by ``("action", id)`` and ``("idea", note id)``.
        """
        versions: dict[RecordKey, int] = {}
        with self._store.writing() as orm:
            writes = versions_of(orm)
            for action_id, (status, read_at) in actions.items():
                key = ("action", action_id)
                versions[key] = writes.update(key, read_at, {"status": status})
            for note_id, (idea_status, read_at) in ideas.items():
                key = ("idea", note_id)
                versions[key] = writes.update(key, read_at, {"idea_status": idea_status})
        return versions

    def record_outcome(
        self,
        action_id: str,
        read_at: int,
        outcome: Outcome | None,
        status: ActionStatus,
        idea: IdeaState | None = None,
    ) -> StoredOutcome:
        """Store what trying an action showed, its status, and (if given) its idea's status.

        One transaction: the idea the action came from moves with the decision, or
        nothing does. ``outcome`` ``None`` takes a recorded outcome back (for undo).
        ``read_at`` is the action's version the change was made from; ``idea`` the
        idea's new status with the version of its status it was made from.
        """
        with self._store.writing() as orm:
            row = orm.get(ActionItemRow, action_id)
            if row is None:
                raise SessionNotFound("That action no longer exists.")
            writes = versions_of(orm)
            changed = replace(action_from_row(row), outcome=outcome, status=status)
            version = writes.update(("action", action_id), read_at, action_values(changed))
            note_id = row.source_note_id
            if idea is None or note_id is None:
                return StoredOutcome(action_id, outcome, status, version)
            idea_version = writes.update(("idea", note_id), idea[1], {"idea_status": idea[0]})
            return StoredOutcome(
                action_id, outcome, status, version, note_id, idea[0], idea_version
            )

    def idea_statuses(self, session_id: str) -> dict[str, IdeaStatus]:
        """Every idea of a session that moved on from "new", with its status."""
        return {
            note_id: status
            for note_id, (status, _) in self.idea_states(session_id).items()
            if status is not IdeaStatus.NEW
        }

    def idea_states(self, session_id: str) -> dict[str, IdeaState]:
        """Every idea of a session (a "new" one too), with the version of its status."""
        with self._store.reading() as orm:
            rows = orm.execute(
                select(NoteRow.id, NoteRow.idea_status, NoteRow.idea_version).where(
                    NoteRow.session_id == session_id
                )
            )
            return {
                str(note_id): (IdeaStatus(status), int(version))
                for note_id, status, version in rows
            }

    def action_items(self, session_id: str) -> tuple[ActionItem, ...]:
        """The actions of one session, in order (without loading the whole session)."""
        with self._store.reading() as orm:
            return tuple(action_from_row(row) for row in self._action_rows(orm, session_id))

    @staticmethod
    def _action_rows(orm: OrmSession, session_id: str) -> list[ActionItemRow]:
        return list(
            orm.scalars(
                select(ActionItemRow)
                .where(ActionItemRow.session_id == session_id)
                .order_by(ActionItemRow.position)
            )
        )


def action_from_row(row: ActionItemRow) -> ActionItem:
    """An action as core knows it."""
    return ActionItem(
        id=row.id,
        title=row.title,
        owner_id=row.owner_id,
        due_date=row.due_date,
        source_note_id=row.source_note_id,
        status=row.status,
        hypothesis=row.hypothesis,
        success_metric=row.success_metric,
        outcome=outcome_from_columns(
            row.outcome_result,
            row.outcome_measured,
            row.outcome_learning,
            row.outcome_decision,
            row.outcome_recorded_at,
        ),
        version=row.version,
    )


def outcome_from_columns(
    result: OutcomeResult | str | None,
    measured: str | None,
    learning: str | None,
    decision: Decision | str | None,
    recorded_at: datetime | None,
) -> Outcome | None:
    """The outcome an action's columns hold (``None``: not tried yet)."""
    if result is None:
        return None
    return Outcome(
        result=OutcomeResult(result),
        measured=measured or "",
        learning=learning or "",
        decision=None if decision is None else Decision(decision),
        recorded_at=recorded_at,
    )


def action_row(action: ActionItem, position: int) -> ActionItemRow:
    """A new row for ``action`` at ``position`` (its session set by the caller)."""
    return ActionItemRow(
        id=action.id,
        position=position,
        version=action.version or FIRST_VERSION,
        **action_values(action),
    )


def action_values(action: ActionItem) -> dict[str, object]:
    """An action's columns, but for its id, session, place and version."""
    outcome = action.outcome
    return {
        "title": action.title,
        "owner_id": action.owner_id,
        "due_date": action.due_date,
        "source_note_id": action.source_note_id,
        "status": action.status,
        "hypothesis": action.hypothesis,
        "success_metric": action.success_metric,
        "outcome_result": None if outcome is None else outcome.result,
        "outcome_measured": None if outcome is None else outcome.measured,
        "outcome_learning": None if outcome is None else outcome.learning,
        "outcome_decision": None if outcome is None else outcome.decision,
        "outcome_recorded_at": None if outcome is None else outcome.recorded_at,
    }
