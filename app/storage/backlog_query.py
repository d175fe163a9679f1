"""The backlog as queries: a page of a table at a time, its counts, recognition, choices.

Filters, search and sort are one SQL statement; a page starts after the sort values
of the last row read (keyset), so reading page 50 costs what page 1 does. Counts come
from ``GROUP BY``. Search uses the databases' own full-text indexes (migration 0015,
:mod:`app.storage.backlog_search`). A row with a value this Dotstorm does not know
is left out of every query here and named by :meth:`BacklogQuery.left_out`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    false,
    func,
    not_,
    select,
)

from app.core.backlog import (
    NO_DEPARTMENT,
    OPEN_ACTION_STATUSES,
    ActionEntry,
    BacklogFilter,
    IdeaEntry,
    Recognition,
    credit_from_counts,
    goal_key,
)
from app.core.backlog_view import BacklogOrder
from app.core.types import (
    OutcomeResult,
)
from app.storage.backlog_listing import (
    ACTION_COLUMNS,
    AUTHOR,
    IDEA_COLUMNS,
    PARENT,
    PERSON,
    action_from_columns,
    idea_from_columns,
)
from app.storage.backlog_search import SearchMatch
from app.storage.backlog_sql import (
    ACTION_READABLE,
    ACTION_SORTS,
    ACTION_STATUSES,
    DEPARTMENT,
    DOTS_OF_NOTE,
    IDEA_LISTED,
    IDEA_SORTS,
    IDEA_STATUSES,
    Mark,
    common_filters,
    credit_counts,
    known,
    page_mark,
    paged,
    sort_terms,
)
from app.storage.models import (
    ActionItemRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
)
from app.storage.store import StoreBase
from app.storage.stored_values import unknown_in_row

PAGE_SIZE = 200

Entry = TypeVar("Entry", ActionEntry, IdeaEntry)


@dataclass(frozen=True, slots=True)
class Page(Generic[Entry]):
    """Rows of one table, in order, and where the next page starts (``None``: no more)."""

    entries: list[Entry]
    mark: Mark | None


@dataclass(frozen=True, slots=True)
class Choices:
    """The people, departments and goals the backlog's rows have, to filter by."""

    people: list[str]
    departments: list[str]
    goals: list[str]


class BacklogQuery:
    """Reads the backlog a page, a count or a group at a time; never every row into Python."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    # ------------------------------------------------------------------ pages

    def action_page(
        self,
        criteria: BacklogFilter,
        today: date,
        order: BacklogOrder,
        after: Mark | None = None,
        limit: int = PAGE_SIZE,
    ) -> Page[ActionEntry]:
        """The actions ``criteria`` let through, sorted by ``order``, after ``after``."""
        terms = sort_terms(ACTION_SORTS[order.column], order.descending, ActionItemRow.id)
        query = (
            select(
                *ACTION_COLUMNS,
                *(term.label(f"sort_{n}") for n, (term, _) in enumerate(terms)),
            )
            .select_from(ActionItemRow)
            .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == ActionItemRow.owner_id)
        )
        with self._store.reading() as orm:
            where = self._action_where(orm, criteria, today)
            query = paged(query.where(*where), terms, after, limit)
            rows = list(orm.execute(query))
        entries = [action_from_columns(row) for row in rows[:limit]]
        return Page(entries, page_mark(rows, terms, limit))

    def idea_page(
        self,
        criteria: BacklogFilter,
        order: BacklogOrder,
        after: Mark | None = None,
        limit: int = PAGE_SIZE,
    ) -> Page[IdeaEntry]:
        """The ideas (each stack once) ``criteria`` let through, sorted, after ``after``."""
        # Two steps: the page's ids in order, by the narrowest query that sorts them,
        # then what the table shows, for those ids only.
        terms = sort_terms(IDEA_SORTS[order.column], order.descending, NoteRow.id)
        keys = (
            select(NoteRow.id, *(term.label(f"sort_{n}") for n, (term, _) in enumerate(terms)))
            .select_from(NoteRow)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
        )
        if order.column == "Builds on":
            keys = keys.outerjoin(PARENT, PARENT.id == NoteRow.builds_on)
        shown = (
            select(*IDEA_COLUMNS, DOTS_OF_NOTE)
            .select_from(NoteRow)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
            .outerjoin(PARENT, PARENT.id == NoteRow.builds_on)
        )
        with self._store.reading() as orm:
            where = self._idea_where(orm, criteria, statuses=True)
            keys = keys.where(NoteRow.merged_into.is_(None), *where)
            keyed = list(orm.execute(paged(keys, terms, after, limit)))
            ids = [row[0] for row in keyed[:limit]]
            rows = {row[0]: row for row in orm.execute(shown.where(NoteRow.id.in_(ids)))}
        # Every row here has a known status: the query let no other through.
        dots_at = len(IDEA_COLUMNS)
        entries = [idea_from_columns(rows[i], int(rows[i][dots_at] or 0)) for i in ids]
        return Page(entries, page_mark(keyed, terms, limit))

    # ------------------------------------------------------------------ counts

    def action_counts(self, criteria: BacklogFilter, today: date) -> dict[str, int]:
        """How many actions of each status the filters let through, but the status one."""
        status = cast(ActionItemRow.status, String)
        query = select(status, func.count()).select_from(ActionItemRow).group_by(status)
        if _names_people_or_sessions(criteria):
            query = query.join(SessionRow, SessionRow.id == ActionItemRow.session_id).outerjoin(
                ParticipantRow, ParticipantRow.id == ActionItemRow.owner_id
            )
        with self._store.reading() as orm:
            where = self._action_where(orm, criteria, today, statuses=False)
            return {str(s): int(n) for s, n in orm.execute(query.where(*where))}

    def idea_counts(self, criteria: BacklogFilter) -> dict[str, int]:
        """How many ideas (each stack once) of each status the filters let through.

        Every filter counts but the status one.
        """
        status = cast(NoteRow.idea_status, String)
        query = (
            select(status, func.count())
            .select_from(NoteRow)
            .where(NoteRow.merged_into.is_(None))
            .group_by(status)
        )
        if _names_people_or_sessions(criteria):
            query = query.join(SessionRow, SessionRow.id == NoteRow.session_id).outerjoin(
                ParticipantRow, ParticipantRow.id == NoteRow.author_id
            )
        with self._store.reading() as orm:
            where = self._idea_where(orm, criteria, statuses=False)
            return {str(s): int(n) for s, n in orm.execute(query.where(*where))}

    def recognition(self, criteria: BacklogFilter) -> Recognition:
        """Ideas contributed and adopted by department and by person.

        Under every filter but the status one; every note of a stack counts, with its
        stack's status.
        """
        with self._store.reading() as orm:
            where = self._idea_where(orm, criteria, statuses=False)
            return credit_from_counts(credit_counts(orm, *where))

    def totals(self) -> tuple[int, int]:
        """How many readable actions, and ideas (each stack once), whatever the filters."""
        actions = select(func.count()).select_from(ActionItemRow).where(ACTION_READABLE)
        ideas = (
            select(func.count())
            .select_from(NoteRow)
            .where(
                IDEA_LISTED,
                NoteRow.merged_into.is_(None),
                known(NoteRow.idea_status, IDEA_STATUSES),
            )
        )
        with self._store.reading() as orm:
            return int(orm.scalar(actions) or 0), int(orm.scalar(ideas) or 0)

    # ------------------------------------------------------------------ around the tables

    def choices(self) -> Choices:
        """The people, departments and goals of the rows, each once (goals by wording)."""
        owners = (
            select(PERSON, DEPARTMENT, SessionRow.goal)
            .select_from(ActionItemRow)
            .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == ActionItemRow.owner_id)
            .where(ACTION_READABLE)
        )
        authors = (
            select(AUTHOR, DEPARTMENT, SessionRow.goal)
            .select_from(NoteRow)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .outerjoin(ParticipantRow, ParticipantRow.id == NoteRow.author_id)
            .where(
                IDEA_LISTED,
                NoteRow.merged_into.is_(None),
                known(NoteRow.idea_status, IDEA_STATUSES),
            )
        )
        with self._store.reading() as orm:
            rows = list(orm.execute(owners.union(authors)))
        people = {str(name) for name, _, _ in rows if name}
        departments = {str(department) or NO_DEPARTMENT for _, department, _ in rows}
        goals: dict[str, str] = {}
        for _, _, goal in rows:
            if goal and goal.strip():
                goals.setdefault(goal_key(goal), goal.strip())
        return Choices(
            sorted(people, key=str.casefold),
            sorted(departments, key=str.casefold),
            sorted(goals.values(), key=str.casefold),
        )

    def left_out(self) -> list[str]:
        """A line for each action and idea left out for a value this Dotstorm does not know."""
        actions = (
            select(
                ActionItemRow.id,
                ActionItemRow.title,
                cast(ActionItemRow.status, String),
                cast(ActionItemRow.outcome_result, String),
                cast(ActionItemRow.outcome_decision, String),
            )
            .join(SessionRow, SessionRow.id == ActionItemRow.session_id)
            .where(not_(ACTION_READABLE))
            .order_by(SessionRow.created_at.desc(), SessionRow.id, ActionItemRow.position)
        )
        ideas = (
            select(NoteRow.id, NoteRow.text, cast(NoteRow.idea_status, String))
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .where(IDEA_LISTED, not_(known(NoteRow.idea_status, IDEA_STATUSES)))
            .order_by(SessionRow.created_at.desc(), SessionRow.id, NoteRow.position)
        )
        lines: list[str] = []
        with self._store.reading() as orm:
            for action_id, title, status, result, decision in orm.execute(actions):
                if status not in ACTION_STATUSES:
                    lines.append(unknown_in_row("action", action_id, title, "status", status))
                else:
                    shown = (
                        result
                        if result not in (*[r.value for r in OutcomeResult], None)
                        else decision
                    )
                    lines.append(unknown_in_row("action", action_id, title, "outcome", shown))
            for note_id, text, status in orm.execute(ideas):
                lines.append(unknown_in_row("idea", note_id, text, "status", status))
        return lines

    # ------------------------------------------------------------------ filters

    def _action_where(
        self, orm: Any, criteria: BacklogFilter, today: date, *, statuses: bool = True
    ) -> list[ColumnElement[bool]]:
        where = [ACTION_READABLE]
        if statuses and criteria.statuses:
            where.append(cast(ActionItemRow.status, String).in_(sorted(criteria.statuses)))
        if criteria.overdue_only:
            where += [
                ActionItemRow.status.in_(sorted(OPEN_ACTION_STATUSES)),
                ActionItemRow.due_date < today,
            ]
        if criteria.owner:
            where.append(ParticipantRow.name == criteria.owner)
        where += common_filters(orm, criteria)
        if criteria.text:
            match = SearchMatch(orm.get_bind().dialect.name, criteria.text)
            where.append(match.action_rows())
        return where

    def _idea_where(
        self, orm: Any, criteria: BacklogFilter, *, statuses: bool
    ) -> list[ColumnElement[bool]]:
        if criteria.overdue_only:
            return [false()]
        where = [IDEA_LISTED, known(NoteRow.idea_status, IDEA_STATUSES)]
        if statuses and criteria.statuses:
            where.append(cast(NoteRow.idea_status, String).in_(sorted(criteria.statuses)))
        if criteria.owner:
            where.append(and_(ParticipantRow.name == criteria.owner, AUTHOR != ""))
        where += common_filters(orm, criteria)
        if criteria.text:
            match = SearchMatch(orm.get_bind().dialect.name, criteria.text)
            where.append(match.ideas())
        return where


def _names_people_or_sessions(criteria: BacklogFilter) -> bool:
    """Whether a count must join the sessions and people (every row has a session)."""
    return bool(
        criteria.owner
        or criteria.department
        or criteria.goal
        or criteria.date_from
        or criteria.date_to
    )
