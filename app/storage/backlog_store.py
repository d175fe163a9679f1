"""Actions and idea statuses, in one session and across all of them (the backlog)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import (
    ActionEntry,
    CarryOver,
    IdeaEntry,
    IdeaStatus,
    carry_over,
)
from app.core.types import (
    ActionItem,
    ActionStatus,
    Decision,
    Outcome,
    OutcomeResult,
    RoundStatus,
    VoteTarget,
)
from app.storage.errors import SessionNotFound, StaleBoard
from app.storage.models import (
    ActionItemRow,
    DotRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
    VoteRoundRow,
)
from app.storage.store import StoreBase, unknown_in_row


class BacklogStore(StoreBase):
    """Action items of a session, statuses of ideas, and the cross-session backlog."""

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
            row = orm.get(ActionItemRow, action.id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That action is no longer in this session.")
            _copy_action(action, row)

    def delete_action(self, session_id: str, action_id: str) -> int:
        """Delete an action; return the place it had, for undo."""
        with self._writing() as orm:
            rows = self._action_rows(orm, session_id)
            index = next((i for i, row in enumerate(rows) if row.id == action_id), None)
            if index is None:
                raise StaleBoard("That action is no longer in this session.")
            orm.delete(rows[index])
            orm.flush()
            for row in rows[index + 1 :]:
                row.position -= 1
            return index

    def set_action_status(self, action_id: str, status: ActionStatus) -> None:
        """Move one action along (from the backlog, in whichever session it lives)."""
        with self._writing() as orm:
            changed = orm.execute(
                update(ActionItemRow).where(ActionItemRow.id == action_id).values(status=status)
            )
            if not changed.rowcount:  # type: ignore[attr-defined]
                raise SessionNotFound("That action no longer exists.")

    def set_idea_status(self, note_id: str, status: IdeaStatus) -> None:
        """Move one idea along; one click in the backlog, kept at once."""
        with self._writing() as orm:
            changed = orm.execute(
                update(NoteRow).where(NoteRow.id == note_id).values(idea_status=status)
            )
            if not changed.rowcount:  # type: ignore[attr-defined]
                raise SessionNotFound("That idea no longer exists.")

    def set_statuses(
        self, actions: Mapping[str, ActionStatus], ideas: Mapping[str, IdeaStatus]
    ) -> None:
        """Move several actions and ideas along in one transaction: all of them, or none."""
        with self._writing() as orm:
            for action_id, status in actions.items():
                changed = orm.execute(
                    update(ActionItemRow)
                    .where(ActionItemRow.id == action_id)
                    .values(status=status)
                )
                if not changed.rowcount:  # type: ignore[attr-defined]
                    raise SessionNotFound("One of those actions no longer exists.")
            for note_id, idea_status in ideas.items():
                changed = orm.execute(
                    update(NoteRow).where(NoteRow.id == note_id).values(idea_status=idea_status)
                )
                if not changed.rowcount:  # type: ignore[attr-defined]
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
            row = orm.get(ActionItemRow, action_id)
            if row is None:
                raise SessionNotFound("That action no longer exists.")
            action = replace(action_from_row(row), outcome=outcome, status=status)
            _copy_action(action, row)
            if idea_status is not None and row.source_note_id is not None:
                orm.execute(
                    update(NoteRow)
                    .where(NoteRow.id == row.source_note_id)
                    .values(idea_status=idea_status)
                )

    def idea_statuses(self, session_id: str) -> dict[str, IdeaStatus]:
        """Every idea of a session that moved on from "new", with its status."""
        with self._reading() as orm:
            rows = orm.execute(
                select(NoteRow.id, NoteRow.idea_status).where(
                    NoteRow.session_id == session_id, NoteRow.idea_status != IdeaStatus.NEW
                )
            )
            return {str(note_id): IdeaStatus(status) for note_id, status in rows}

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

    def action_entries(self) -> list[ActionEntry]:
        """Every readable action of every session (see :meth:`action_listing`)."""
        return self.action_listing()[0]

    def action_listing(self) -> tuple[list[ActionEntry], list[str]]:
        """Every action, newest session first, and a line for each action left out.

        Actions keep each session's order. Columns are read, not whole rows, so that an
        unknown value in one row (a status written by hand or by a newer Dotstorm)
        leaves that row out, named, and never hides the others.
        """
        query = (
            select(
                ActionItemRow.id,
                ActionItemRow.title,
                ActionItemRow.due_date,
                cast(ActionItemRow.status, String),
                ActionItemRow.hypothesis,
                ActionItemRow.success_metric,
                ActionItemRow.source_note_id,
                cast(ActionItemRow.outcome_result, String),
                ActionItemRow.outcome_measured,
                ActionItemRow.outcome_learning,
                cast(ActionItemRow.outcome_decision, String),
                ActionItemRow.outcome_recorded_at,
                SessionRow.id,
                SessionRow.title,
                SessionRow.goal,
                SessionRow.goal_id,
                SessionRow.started_at,
                SessionRow.created_at,
                ParticipantRow.name,
                ParticipantRow.department,
            )
            .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == ActionItemRow.owner_id)
            .order_by(SessionRow.created_at.desc(), SessionRow.id, ActionItemRow.position)
        )
        entries: list[ActionEntry] = []
        left_out: list[str] = []
        with self._reading() as orm:
            for (
                action_id,
                title,
                due_date,
                status,
                hypothesis,
                metric,
                source_note_id,
                result,
                measured,
                learning,
                decision,
                recorded_at,
                session_id,
                session_title,
                goal,
                goal_id,
                started_at,
                created_at,
                owner,
                department,
            ) in orm.execute(query):
                try:
                    known = ActionStatus(status)
                except ValueError:
                    left_out.append(unknown_in_row("action", action_id, title, "status", status))
                    continue
                try:
                    outcome = outcome_from_columns(
                        result, measured, learning, decision, recorded_at
                    )
                except ValueError:
                    left_out.append(unknown_in_row("action", action_id, title, "outcome", result))
                    continue
                entries.append(
                    ActionEntry(
                        id=action_id,
                        session_id=session_id,
                        session_title=session_title,
                        session_goal=goal,
                        session_date=_day(started_at or created_at),
                        title=title,
                        owner=owner or "",
                        department=department or "",
                        due_date=due_date,
                        status=known,
                        hypothesis=hypothesis,
                        success_metric=metric,
                        source_note_id=source_note_id,
                        goal_id=goal_id,
                        outcome=outcome,
                    )
                )
        return entries, left_out

    def idea_entries(self) -> list[IdeaEntry]:
        """Every readable idea of every session (see :meth:`idea_listing`)."""
        return self.idea_listing()[0]

    def idea_listing(self) -> tuple[list[IdeaEntry], list[str]]:
        """Every idea (visible note), with its dots, and a line for each idea left out.

        Newest session first; a row with an unknown value is left out and named, as in
        :meth:`action_listing`. Notes a review phase brought back are not new ideas and
        are not listed. Dots are the session's result (``app.core.results``): those of
        its deciding notes round, the newest closed one that is not a runoff.
        """
        query = (
            select(
                NoteRow.id,
                NoteRow.text,
                cast(NoteRow.idea_status, String),
                SessionRow.id,
                SessionRow.title,
                SessionRow.goal,
                SessionRow.goal_id,
                SessionRow.started_at,
                SessionRow.created_at,
                SessionRow.anonymous_ideas,
                ParticipantRow.name,
                ParticipantRow.department,
            )
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
            .where(NoteRow.hidden.is_(False), NoteRow.carried_from.is_(None))
            .order_by(SessionRow.created_at.desc(), SessionRow.id, NoteRow.position)
        )
        entries: list[IdeaEntry] = []
        left_out: list[str] = []
        with self._reading() as orm:
            dots = self._deciding_dots(orm)
            for (
                note_id,
                text,
                status,
                session_id,
                session_title,
                goal,
                goal_id,
                started_at,
                created_at,
                anonymous,
                author,
                department,
            ) in orm.execute(query):
                try:
                    known = IdeaStatus(status)
                except ValueError:
                    left_out.append(unknown_in_row("idea", note_id, text, "status", status))
                    continue
                entries.append(
                    IdeaEntry(
                        id=note_id,
                        session_id=session_id,
                        session_title=session_title,
                        session_goal=goal,
                        session_date=_day(started_at or created_at),
                        text=text,
                        author=author if author and not anonymous else "",
                        department=department or "",
                        dots=dots[note_id],
                        status=known,
                        goal_id=goal_id,
                    )
                )
        return entries, left_out

    @staticmethod
    def _deciding_dots(orm: OrmSession) -> Counter[str]:
        """The dots of each session's deciding round, by item."""
        closed_main_rounds = (
            VoteRoundRow.target == VoteTarget.NOTES,
            VoteRoundRow.status == RoundStatus.CLOSED,
            VoteRoundRow.runoff_of.is_(None),
        )
        rounds_query = select(
            VoteRoundRow.id, VoteRoundRow.session_id, VoteRoundRow.position
        ).where(*closed_main_rounds)
        dots_query = (
            select(DotRow.round_id, DotRow.item_id, DotRow.count)
            .join(VoteRoundRow, VoteRoundRow.id == DotRow.round_id)
            .where(*closed_main_rounds)
        )
        newest: dict[str, tuple[int, str]] = {}
        for round_id, session_id, position in orm.execute(rounds_query):
            if session_id not in newest or position > newest[session_id][0]:
                newest[session_id] = (position, round_id)
        deciding = {round_id for _, round_id in newest.values()}
        dots: Counter[str] = Counter()
        for round_id, item_id, count in orm.execute(dots_query):
            if round_id in deciding:
                dots[item_id] += count
        return dots

    def overdue_action_count(self, today: date) -> int:
        """How many actions, in every session, are still open or under way after their date."""
        query = select(func.count()).where(
            ActionItemRow.status.in_([ActionStatus.OPEN, ActionStatus.DOING]),
            ActionItemRow.due_date < today,
        )
        with self._reading() as orm:
            return int(orm.scalar(query) or 0)

    def carry_over(
        self, goal: str, exclude_session_id: str | None = None, goal_id: str | None = None
    ) -> CarryOver:
        """The open actions and shortlisted ideas of earlier sessions serving the goal.

        With ``goal_id`` the sessions linked to that goal record count; else ``goal``'s
        wording is matched (see :func:`app.core.backlog.carry_over`).
        """
        return carry_over(
            goal,
            self.action_entries(),
            self.idea_entries(),
            exclude_session_id=exclude_session_id,
            goal_id=goal_id,
        )

    def actions_across_sessions(
        self, status: ActionStatus | None = None, owner: str | None = None
    ) -> tuple[list[ActionEntry], list[str]]:
        """What ``dotstorm actions`` lists, and the lines naming actions left out.

        Every action, or those with a status or owner (any case); see :meth:`action_listing`.
        """
        wanted_owner = owner.casefold().strip() if owner else None
        entries, left_out = self.action_listing()
        chosen = [
            entry
            for entry in entries
            if (status is None or entry.status is status)
            and (wanted_owner is None or entry.owner.casefold() == wanted_owner)
        ]
        return chosen, left_out


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


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
