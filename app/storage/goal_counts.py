"""What goals' sessions produced, counted by the database; one goal's actions and credit.

The goals page and ``dotstorm goals`` count with ``GROUP BY`` (goal, idea status;
goal, action status): nothing here reads the backlog row by row, and a goal's report
reads that goal's own sessions only. Rows the backlog leaves out (a status or an
outcome this Dotstorm does not know) are left out of every count as well.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TypeVar

from sqlalchemy import ColumnElement, String, case, cast, func, select
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import ActionEntry, IdeaStatus
from app.core.goals import GoalTally
from app.core.types import ActionStatus, Decision, OutcomeResult
from app.storage.backlog_listing import read_actions
from app.storage.backlog_sql import IDEA_STATUSES, credit_counts, known
from app.storage.models import ActionItemRow, NoteRow, SessionRow

StatusType = TypeVar("StatusType", IdeaStatus, ActionStatus)

LISTED_IDEA = (NoteRow.hidden.is_(False), NoteRow.carried_from.is_(None))
"""An idea as the backlog lists it: a visible note that no review brought back."""


def goal_tallies(orm: OrmSession, today: date, goal_id: str | None = None) -> dict[str, GoalTally]:
    """What the sessions of each goal (or of ``goal_id`` only) produced, by goal id."""
    only = _goal_is(goal_id)
    status = cast(NoteRow.idea_status, String)
    # Stacked notes are grouped apart rather than filtered out: a condition on
    # merged_into would lead SQLite to its index instead of the goal's sessions.
    stacked = case((NoteRow.merged_into.is_(None), 0), else_=1)
    ideas_query = (
        select(SessionRow.goal_id, status, stacked, func.count())
        .join(SessionRow, SessionRow.id == NoteRow.session_id)
        .where(*LISTED_IDEA, only)
        .group_by(SessionRow.goal_id, status, stacked)
    )
    ideas: dict[str, Counter[IdeaStatus]] = {}
    for goal, stored, in_stack, count in orm.execute(ideas_query):
        idea_status = _known(IdeaStatus, stored)
        if idea_status is not None and not in_stack:  # a stack counts once, its first note
            ideas.setdefault(str(goal), Counter())[idea_status] += int(count)
    action_status = cast(ActionItemRow.status, String)
    result = cast(ActionItemRow.outcome_result, String)
    decision = cast(ActionItemRow.outcome_decision, String)
    past_due = case((ActionItemRow.due_date < today, 1), else_=0)
    actions_query = (
        select(SessionRow.goal_id, action_status, past_due, result, decision, func.count())
        .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
        .where(only)
        .group_by(SessionRow.goal_id, action_status, past_due, result, decision)
    )
    actions: dict[str, Counter[tuple[ActionStatus, bool]]] = {}
    for goal, stored, late, stored_result, stored_decision, count in orm.execute(actions_query):
        known_status = _known(ActionStatus, stored)
        if known_status is None or not _readable_outcome(stored_result, stored_decision):
            continue
        actions.setdefault(str(goal), Counter())[(known_status, bool(late))] += int(count)
    return {
        goal: GoalTally(ideas=ideas.get(goal, Counter()), actions=actions.get(goal, Counter()))
        for goal in ideas.keys() | actions.keys()
    }


def goal_credit_counts(orm: OrmSession, goal_id: str) -> list[tuple[str, str, bool, int]]:
    """The ideas of one goal's sessions by (author, department, adopted), with counts.

    As the backlog credits them (see :func:`app.storage.backlog_sql.credit_counts`).
    """
    return credit_counts(
        orm, *LISTED_IDEA, known(NoteRow.idea_status, IDEA_STATUSES), SessionRow.goal_id == goal_id
    )


def goal_actions(orm: OrmSession, goal_id: str) -> list[ActionEntry]:
    """The actions of one goal's sessions, in the backlog's order (newest session first).

    An action the backlog leaves out (a status or an outcome this Dotstorm does not
    know) is left out here too.
    """
    return read_actions(orm, goal_id)[0]


def _goal_is(goal_id: str | None) -> ColumnElement[bool]:
    if goal_id is None:
        return SessionRow.goal_id.is_not(None)
    return SessionRow.goal_id == goal_id


def _known(kind: type[StatusType], stored: str | None) -> StatusType | None:
    if stored is None:
        return None
    try:
        return kind(stored)
    except ValueError:
        return None


def _readable_outcome(result: str | None, decision: str | None) -> bool:
    """Whether the backlog can read these outcome columns (a decision counts with a result)."""
    if result is None:
        return True
    try:
        OutcomeResult(result)
        if decision is not None:
            Decision(decision)
    except ValueError:
        return False
    return True
