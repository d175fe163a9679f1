"""The backlog across sessions: every action and idea, what carries over, who did what."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import aliased

from app.core.backlog import (
    ActionEntry,
    CarryOver,
    IdeaEntry,
    IdeaStatus,
    carry_over,
    distinct_ideas,
)
from app.core.build_on import DELETED, FACE_DOWN, first_words
from app.core.types import ActionStatus, RoundKind, RoundStatus, VoteTarget
from app.storage.backlog_store import outcome_from_columns
from app.storage.models import (
    ActionItemRow,
    DotRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
    VoteRoundRow,
)
from app.storage.store import StoreBase
from app.storage.stored_values import unknown_in_row


class BacklogListing:
    """Reads the cross-session backlog; a row with an unknown value is named, not fatal."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    def action_entries(self) -> list[ActionEntry]:
        """Every readable action of every session (see :meth:`action_listing`)."""
        return self.action_listing()[0]

    def action_listing(self) -> tuple[list[ActionEntry], list[str]]:
        """Every action, newest session first, and a line for each action left out.

        Actions keep each session's order (see :func:`read_actions`).
        """
        with self._store.reading() as orm:
            return read_actions(orm)

    def idea_entries(self) -> list[IdeaEntry]:
        """Every readable idea of every session (see :meth:`idea_listing`)."""
        return self.idea_listing()[0]

    def idea_listing(self) -> tuple[list[IdeaEntry], list[str]]:
        """Every idea (visible note), with its dots, and a line for each idea left out.

        Newest session first; a row with an unknown value is left out and named, as in
        :meth:`action_listing`. Notes a review phase brought back are not new ideas and
        are not listed. Dots are the session's result (``app.core.results``): those of
        its deciding notes round, the newest closed dot round that is not a runoff.
        """
        query = (
            select(*IDEA_COLUMNS, NoteRow.merged_into)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
            .outerjoin(PARENT, PARENT.id == NoteRow.builds_on)
            .where(NoteRow.hidden.is_(False), NoteRow.carried_from.is_(None))
            .order_by(SessionRow.created_at.desc(), SessionRow.id, NoteRow.position)
        )
        entries: list[IdeaEntry] = []
        left_out: list[str] = []
        with self._store.reading() as orm:
            dots = self._deciding_dots(orm)
            for row in orm.execute(query):
                note_id, text, status = row[:3]
                try:
                    idea = idea_from_columns(row, dots[note_id])
                except UnknownValue:
                    left_out.append(unknown_in_row("idea", note_id, text, "status", status))
                    continue
                entries.append(replace(idea, stacked_on=row[len(IDEA_COLUMNS)]))
        return _with_stack_statuses(entries), left_out

    @staticmethod
    def _deciding_dots(orm: OrmSession) -> Counter[str]:
        """The dots of each session's deciding dot round, by item.

        Rating and rank rounds give no dots: the newest closed dot round decides.
        """
        closed_main_rounds = (
            VoteRoundRow.kind == RoundKind.DOTS,
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
        with self._store.reading() as orm:
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
            distinct_ideas(self.idea_entries()),
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


ACTION_COLUMNS = (
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
    ActionItemRow.version,
)
"""What an action's row in a list reads (see :func:`action_from_columns`)."""


PARENT = aliased(NoteRow, name="parent")  # what an idea builds on
PERSON = func.coalesce(ParticipantRow.name, "")
AUTHOR = case((SessionRow.anonymous_ideas.is_(True), ""), else_=PERSON)
"""Who wrote an idea, as a list may show it: nobody in a session of anonymous ideas."""

IDEA_COLUMNS = (
    NoteRow.id,
    NoteRow.text,
    cast(NoteRow.idea_status, String),
    SessionRow.id,
    SessionRow.title,
    SessionRow.goal,
    SessionRow.goal_id,
    SessionRow.started_at,
    SessionRow.created_at,
    AUTHOR,
    ParticipantRow.department,
    NoteRow.idea_version,
    PARENT.text,
    PARENT.hidden,
    NoteRow.builds_on_deleted,
)
"""What an idea's row in a list reads (see :func:`idea_from_columns`); the query joins
the session, outer-joins the author and :data:`PARENT` on what the idea builds on."""


class UnknownValue(ValueError):
    """A column holds a value this Dotstorm does not know (written by hand or a newer one)."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(f"unknown {field}: {value!r}")
        self.field = field
        self.value = value


def idea_from_columns(row: Sequence[Any], dots: int) -> IdeaEntry:
    """The idea in a row that starts with :data:`IDEA_COLUMNS`, holding ``dots``.

    Raises :class:`UnknownValue` for a status this Dotstorm does not know.
    """
    (
        note_id,
        text,
        status,
        session_id,
        session_title,
        goal,
        goal_id,
        started_at,
        created_at,
        author,
        department,
        version,
        parent_text,
        parent_hidden,
        parent_deleted,
    ) = row[: len(IDEA_COLUMNS)]
    try:
        known = IdeaStatus(status)
    except ValueError:
        raise UnknownValue("status", status) from None
    return IdeaEntry(
        id=note_id,
        session_id=session_id,
        session_title=session_title,
        session_goal=goal,
        session_date=day_of(started_at or created_at),
        text=text,
        author=author or "",
        department=department or "",
        dots=dots,
        status=known,
        goal_id=goal_id,
        version=version,
        builds_on=builds_on_words(parent_text, parent_hidden, parent_deleted),
    )


def action_from_columns(row: Sequence[Any]) -> ActionEntry:
    """The action in a row that starts with :data:`ACTION_COLUMNS`.

    Raises :class:`UnknownValue` for a status or an outcome this Dotstorm does not know.
    """
    (
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
        version,
    ) = row[: len(ACTION_COLUMNS)]
    try:
        known = ActionStatus(status)
    except ValueError:
        raise UnknownValue("status", status) from None
    try:
        outcome = outcome_from_columns(result, measured, learning, decision, recorded_at)
    except ValueError:
        raise UnknownValue("outcome", result) from None
    return ActionEntry(
        id=action_id,
        session_id=session_id,
        session_title=session_title,
        session_goal=goal,
        session_date=day_of(started_at or created_at),
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
        version=version,
    )


def read_actions(
    orm: OrmSession, goal_id: str | None = None
) -> tuple[list[ActionEntry], list[str]]:
    """The actions (of ``goal_id``'s sessions only), and a line for each one left out.

    Newest session first; actions keep each session's order. Columns are read, not
    whole rows, so that an unknown value in one row (a status written by hand or by a
    newer Dotstorm) leaves that row out, named, and never hides the others.
    """
    query = (
        select(*ACTION_COLUMNS)
        .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
        .outerjoin(ParticipantRow, ParticipantRow.id == ActionItemRow.owner_id)
        .order_by(SessionRow.created_at.desc(), SessionRow.id, ActionItemRow.position)
    )
    if goal_id is not None:
        query = query.where(SessionRow.goal_id == goal_id)
    entries: list[ActionEntry] = []
    left_out: list[str] = []
    for row in orm.execute(query):
        try:
            entries.append(action_from_columns(row))
        except UnknownValue as unknown:
            left_out.append(unknown_in_row("action", row[0], row[1], unknown.field, unknown.value))
    return entries, left_out


def day_of(moment: datetime | None) -> date | None:
    """The day of ``moment``, or None."""
    return moment.date() if moment is not None else None


def _with_stack_statuses(entries: list[IdeaEntry]) -> list[IdeaEntry]:
    """A note merged into a stack takes its stack's status: the idea moves as one."""
    status = {entry.id: entry.status for entry in entries}
    return [
        replace(entry, status=status[entry.stacked_on])
        if entry.stacked_on is not None and entry.stacked_on in status
        else entry
        for entry in entries
    ]


def builds_on_words(text: str | None, hidden: bool | None, deleted: bool) -> str:
    """What an idea builds on, as the backlog says it."""
    if text is None:
        return DELETED if deleted else ""
    return FACE_DOWN if hidden else f"“{first_words(text)}”"
