"""The SQL the backlog's queries are made of: what a row must be, sort keys, keyset pages.

Shared by :mod:`app.storage.backlog_query` (pages, counts, recognition): the rules
that leave a row out (an unknown status), what each column sorts by, how a page
starts after the last row read, and how a row becomes an entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from app.core.backlog import (
    NO_DEPARTMENT,
    BacklogFilter,
    IdeaStatus,
    goal_key,
)
from app.core.types import (
    ActionStatus,
    Decision,
    OutcomeResult,
    RoundKind,
    RoundStatus,
    VoteTarget,
)
from app.storage.backlog_listing import AUTHOR, PARENT, PERSON
from app.storage.models import (
    ActionItemRow,
    DotRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
    VoteRoundRow,
)

EARLIEST_DAY = date(1, 1, 1)
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)

Mark = tuple[Any, ...]
"""The sort values of the last row a page read: the next page starts after them."""


def known(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """Rows whose ``column`` holds one of ``values`` (as text: any enum column)."""
    return cast(column, String).in_(list(values))


ACTION_STATUSES = [s.value for s in ActionStatus]
IDEA_STATUSES = [s.value for s in IdeaStatus]
ACTION_READABLE = and_(
    known(ActionItemRow.status, ACTION_STATUSES),
    or_(
        ActionItemRow.outcome_result.is_(None),
        known(ActionItemRow.outcome_result, [r.value for r in OutcomeResult]),
    ),
    or_(
        ActionItemRow.outcome_decision.is_(None),
        known(ActionItemRow.outcome_decision, [d.value for d in Decision]),
    ),
)
IDEA_LISTED = and_(NoteRow.hidden.is_(False), NoteRow.carried_from.is_(None))
"""A note the backlog counts as an idea: face up, and not brought back by a review."""

HEAD = aliased(NoteRow, name="head")  # the stack a note joined
HELD = func.coalesce(SessionRow.started_at, SessionRow.created_at, EARLIEST)
DEPARTMENT = func.coalesce(ParticipantRow.department, "")


def deciding_rounds() -> Any:
    """The ids of each session's deciding round (``app.core.results``).

    The deciding round is the newest closed dot round on notes that is not a runoff.
    """
    main_rounds = (
        VoteRoundRow.kind == RoundKind.DOTS,
        VoteRoundRow.target == VoteTarget.NOTES,
        VoteRoundRow.status == RoundStatus.CLOSED,
        VoteRoundRow.runoff_of.is_(None),
    )
    newest = (
        select(VoteRoundRow.session_id, func.max(VoteRoundRow.position).label("position"))
        .where(*main_rounds)
        .group_by(VoteRoundRow.session_id)
        .subquery("newest")
    )
    return (
        select(VoteRoundRow.id)
        .join(
            newest,
            and_(
                newest.c.session_id == VoteRoundRow.session_id,
                newest.c.position == VoteRoundRow.position,
            ),
        )
        .where(*main_rounds)
    )


DECIDING_ROUNDS = deciding_rounds()
DOTS_OF_NOTE = (
    select(func.coalesce(func.sum(DotRow.count), 0))
    .where(DotRow.item_id == NoteRow.id, DotRow.round_id.in_(DECIDING_ROUNDS))
    .correlate(NoteRow)
    .scalar_subquery()
)
"""An idea's dots (an index lookup a row: faster than totalling every round's first)."""


class folded(FunctionElement[str]):
    """Text as it sorts without case: casefold on SQLite (see ``engine``), lower() on a server."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded, "sqlite")
def _folded_on_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"casefold({compiler.process(element.clauses, **kw)})"


@compiles(folded)
def _folded_elsewhere(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


ACTION_SORTS: dict[str, Any] = {
    "Action": folded(ActionItemRow.title),
    "Status": cast(ActionItemRow.status, String),
    "Owner": folded(PERSON),
    "Department": folded(DEPARTMENT),
    "Due": func.coalesce(ActionItemRow.due_date, EARLIEST_DAY),
    "Session": folded(SessionRow.title),
    "Held": HELD,
    "Outcome": func.coalesce(cast(ActionItemRow.outcome_result, String), ""),
}
IDEA_SORTS: dict[str, Any] = {
    "Idea": folded(NoteRow.text),
    "Status": cast(NoteRow.idea_status, String),
    "Dots": DOTS_OF_NOTE,
    # A face-down note's text must not leak, not even through the order.
    "Builds on": case(
        (PARENT.id.is_(None), ""), (PARENT.hidden.is_(True), "~"), else_=folded(PARENT.text)
    ),
    "Author": folded(AUTHOR),
    "Department": folded(DEPARTMENT),
    "Session": folded(SessionRow.title),
    "Held": HELD,
}


def common_filters(orm: Any, criteria: BacklogFilter) -> list[ColumnElement[bool]]:
    """Department, goal and dates: the same for actions and ideas."""
    where: list[ColumnElement[bool]] = []
    if criteria.department:
        named = criteria.department
        if named == NO_DEPARTMENT:
            where.append(or_(DEPARTMENT == "", DEPARTMENT == NO_DEPARTMENT))
        else:
            where.append(DEPARTMENT.in_([named]))
    if criteria.goal:
        wanted = goal_key(criteria.goal)
        # Goals compare without case and extra spaces: the wordings that do, then IN.
        wordings = [
            goal
            for goal in orm.scalars(select(SessionRow.goal).distinct())
            if goal is not None and goal_key(goal) == wanted
        ]
        where.append(SessionRow.goal.in_(wordings) if wordings else false())
    moment = func.coalesce(SessionRow.started_at, SessionRow.created_at)
    if criteria.date_from:
        where.append(moment >= datetime.combine(criteria.date_from, time(), UTC))
    if criteria.date_to:
        end = datetime.combine(criteria.date_to + timedelta(days=1), time(), UTC)
        where.append(moment < end)
    return where


def sort_terms(sort: Any, descending: bool, row_id: Any) -> list[tuple[Any, bool]]:
    """The sort, then the newest session first, then the id: every row has one place."""
    return [(sort, descending), (HELD, True), (row_id, False)]


def paged(query: Any, terms: list[tuple[Any, bool]], after: Mark | None, limit: int) -> Any:
    """``query`` sorted by ``terms``, from the row after ``after``.

    One row more than a page is read: it says whether another page follows.
    """
    if after is not None:
        query = query.where(after_mark(terms, after))
    ordered = [expression.desc() if down else expression.asc() for expression, down in terms]
    return query.order_by(*ordered).limit(limit + 1)


def after_mark(terms: list[tuple[Any, bool]], mark: Mark) -> ColumnElement[bool]:
    """Rows past ``mark`` in the order of ``terms`` (a lexicographic comparison)."""
    clauses: list[ColumnElement[bool]] = []
    equal: list[ColumnElement[bool]] = []
    for (expression, down), value in zip(terms, mark, strict=True):
        beyond = expression < value if down else expression > value
        clauses.append(and_(*equal, beyond) if equal else beyond)
        equal.append(expression == value)
    return or_(*clauses) if clauses else true()


def page_mark(rows: list[Any], terms: list[tuple[Any, bool]], limit: int) -> Mark | None:
    """Where the page after ``rows`` starts (``None``: they were the last)."""
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return tuple(last[len(last) - len(terms) :])


def credit_counts(orm: Any, *where: ColumnElement[bool]) -> list[tuple[str, str, bool, int]]:
    """The ideas ``where`` lets through, by (author, department, adopted), with counts.

    Every note counts, one merged into a stack with its stack's status (its own when
    the stack's is unknown); an author of a session that keeps ideas anonymous is
    nobody named. What :func:`app.core.backlog.credit_from_counts` ranks.
    """
    effective = case(
        (HEAD.id.is_not(None), cast(HEAD.idea_status, String)),
        else_=cast(NoteRow.idea_status, String),
    )
    adopted = case((effective == IdeaStatus.ADOPTED.value, 1), else_=0).label("adopted")
    query = (
        select(AUTHOR, DEPARTMENT, adopted, func.count())
        .select_from(NoteRow)
        .join(SessionRow, SessionRow.id == NoteRow.session_id)
        .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
        .outerjoin(
            HEAD,
            and_(
                HEAD.id == NoteRow.merged_into,
                HEAD.hidden.is_(False),
                HEAD.carried_from.is_(None),
                known(HEAD.idea_status, IDEA_STATUSES),
            ),
        )
        .where(*where)
        # By position: the expressions hold bound values PostgreSQL would not
        # recognise as the selected ones.
        .group_by(literal_column("1"), literal_column("2"), literal_column("3"))
    )
    return [
        (str(author or ""), str(department or ""), bool(flag), int(count))
        for author, department, flag, count in orm.execute(query)
    ]
