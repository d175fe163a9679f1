"""Actions and idea statuses of one session (the cross-session reads: backlog_listing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import (
    IdeaStatus,
)
from app.core.types import (
    ActionItem,
    ActionStatus,
    Decision,
    Outcome,
    OutcomeResult,
)
from app.storage.errors import SessionNotFound, StaleBoard
from app.storage.models import (
    ActionItemRow,
    NoteRow,
)
from app.storage.store import StoreBase


class BacklogStore(StoreBase):
    """Action items of a session, and the statuses of ideas and actions."""

    # ------------------------------------------------------------------ one session

    def add_action(self, session_id: str, action: ActionItem, position: int | None = None) -> None:
        """Store a new action, at the end of the session's list or at ``position``."""
        with self._writing() as orm:
            self._session_row(orm, session_id)
            rows = self._action_rows(orm, session_id)
            at = len(rows) if position is None else max(0, min(position, len(rows)))
            for row in rows[at:]:
                row.position += 1
            orm.flush()
            row = action_row(action, at)
            row.session_id = session_id
            orm.add(row)

    def update_action(self, session_id: str, action: ActionItem) -> None:
        """Store every field of an existing action."""
        with self._writing() as orm:
            row = orm.get(ActionItemRow, action.id, with_for_update=True)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That action is no longer in this session.")
            row.version = self._next_version(orm, ("action", row.id), row.version)
            _copy_action(action, row)

    def delete_action(self, session_id: str, action_id: str) -> int:
        """Delete an action; return the place it had, for undo."""
        with self._writing() as orm:
            rows = self._action_rows(orm, session_id)
            index = next((i for i, row in enumerate(rows) if row.id == action_id), None)
            if index is None:
                raise StaleBoard("That action is no longer in this session.")
            self._next_version(orm, ("action", action_id), rows[index].version)
            orm.delete(rows[index])
            orm.flush()
            for row in rows[index + 1 :]:
                row.position -= 1
            return index

    def set_action_status(self, action_id: str, status: ActionStatus) -> None:
        """Move one action along (from the backlog, in whichever session it lives)."""
        with self._writing() as orm:
            if not self._move_action(orm, action_id, status):
                raise SessionNotFound("That action no longer exists.")

    def set_idea_status(self, note_id: str, status: IdeaStatus) -> None:
        """Move one idea along; one click in the backlog, kept at once."""
        with self._writing() as orm:
            if not self._move_idea(orm, note_id, status):
                raise SessionNotFound("That idea no longer exists.")

    def set_statuses(
        self, actions: Mapping[str, ActionStatus], ideas: Mapping[str, IdeaStatus]
    ) -> None:
        """Move several actions and ideas along in one transaction: all of them, or none."""
        with self._writing() as orm:
            for action_id, status in actions.items():
                if not self._move_action(orm, action_id, status):
                    raise SessionNotFound("One of those actions no longer exists.")
            for note_id, idea_status in ideas.items():
                if not self._move_idea(orm, note_id, idea_status):
                    raise SessionNotFound("One of those ideas no longer exists.")

    def record_outcome(
        self,
        action_id: str,
        outcome: Outcome | None,
        status: ActionStatus,
        idea_status: IdeaStatus | None = None,
    ) -> None:
        """Store what trying an action showed, its status, and (if given) its idea's status.

        One transaction: the idea the action came from moves with the decision, or
        nothing does. ``outcome`` ``None`` takes a recorded outcome back (for undo).
        """
        with self._writing() as orm:
            row = orm.get(ActionItemRow, action_id, with_for_update=True)
            if row is None:
                raise SessionNotFound("That action no longer exists.")
            row.version = self._next_version(orm, ("action", row.id), row.version)
            action = replace(action_from_row(row), outcome=outcome, status=status)
            _copy_action(action, row)
            if idea_status is not None and row.source_note_id is not None:
                self._move_idea(orm, row.source_note_id, idea_status)

    def _move_action(self, orm: OrmSession, action_id: str, status: ActionStatus) -> bool:
        """Set one action's status if it is as this window saw it; ``False``: it is gone."""
        return self._move(orm, "action", action_id, status)

    def _move_idea(self, orm: OrmSession, note_id: str, status: IdeaStatus) -> bool:
        """Set one idea's status if it is as this window saw it; ``False``: it is gone."""
        return self._move(orm, "idea", note_id, status)

    def _move(
        self, orm: OrmSession, kind: str, row_id: str, status: ActionStatus | IdeaStatus
    ) -> bool:
        row_type, status_column, version_column = _STATUS_COLUMNS[kind]
        current = orm.scalar(
            select(getattr(row_type, version_column))
            .where(row_type.id == row_id)
            .with_for_update()
        )
        if current is None:
            return False
        version = self._next_version(orm, (kind, row_id), current)
        orm.execute(
            update(row_type)
            .where(row_type.id == row_id)
            .values({status_column: status, version_column: version})
        )
        return True

    def idea_statuses(self, session_id: str) -> dict[str, IdeaStatus]:
        """Every idea of a session that moved on from "new", with its status.

        The window has then seen every idea's version, a "new" one's too: one set back
        to "new" elsewhere is what it shows, and may be moved on from there.
        """
        with self._reading() as orm:
            rows = orm.execute(
                select(NoteRow.id, NoteRow.idea_status, NoteRow.idea_version).where(
                    NoteRow.session_id == session_id
                )
            )
            statuses: dict[str, IdeaStatus] = {}
            for note_id, status, version in rows:
                self._ledger.saw(("idea", note_id), version)
                if IdeaStatus(status) is not IdeaStatus.NEW:
                    statuses[str(note_id)] = IdeaStatus(status)
            return statuses

    def action_items(self, session_id: str) -> tuple[ActionItem, ...]:
        """The actions of one session, in order (without loading the whole session)."""
        with self._reading() as orm:
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

    # ------------------------------------------------------------------ the backlog


_STATUS_COLUMNS: dict[str, tuple[type[ActionItemRow] | type[NoteRow], str, str]] = {
    "action": (ActionItemRow, "status", "version"),
    "idea": (NoteRow, "idea_status", "idea_version"),
}
"""Where each kind of shared status lives: its row, its status and version columns."""


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
    row = ActionItemRow(id=action.id, position=position)
    _copy_action(action, row)
    return row


def _copy_action(action: ActionItem, row: ActionItemRow) -> None:
    row.title = action.title
    row.owner_id = action.owner_id
    row.due_date = action.due_date
    row.source_note_id = action.source_note_id
    row.status = action.status
    row.hypothesis = action.hypothesis
    row.success_metric = action.success_metric
    outcome = action.outcome
    row.outcome_result = None if outcome is None else outcome.result
    row.outcome_measured = None if outcome is None else outcome.measured
    row.outcome_learning = None if outcome is None else outcome.learning
    row.outcome_decision = None if outcome is None else outcome.decision
    row.outcome_recorded_at = None if outcome is None else outcome.recorded_at
