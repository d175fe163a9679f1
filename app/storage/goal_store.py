"""Goals, the readings of their metric, and which sessions serve which goal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session as OrmSession

from app.core import limits
from app.core.backlog import ActionEntry, credit_from_counts, goal_key
from app.core.format_helpers import shortened
from app.core.goal_report import GoalReport, goal_report_from
from app.core.goals import GoalOverview, GoalTally, overview_from_tally
from app.core.minutes import MinutesContext
from app.core.types import FIRST_VERSION, Goal, MetricReading, Session, new_id, version_after
from app.storage.backlog_listing import BacklogListing
from app.storage.errors import GoalNotFound
from app.storage.goal_counts import goal_actions, goal_credit_counts, goal_tallies
from app.storage.models import GoalRow, MetricReadingRow, SessionRow
from app.storage.store import StoreBase, versions_of
from app.storage.stored_values import finite


class GoalStore:
    """Goal records shared by sessions, and the values of each goal's metric over time."""

    def __init__(self, store: StoreBase, backlog: BacklogListing) -> None:
        self._store = store
        self._backlog = backlog
        """The backlog's lists, which a goal's overview and report count."""

    def all_goals(self, *, include_archived: bool = True) -> list[Goal]:
        """Every goal, by title (archived ones last, or left out)."""
        with self._store.reading() as orm:
            return self._goals(orm, include_archived=include_archived)

    @staticmethod
    def _goals(orm: OrmSession, *, include_archived: bool) -> list[Goal]:
        query = select(GoalRow).order_by(GoalRow.archived, GoalRow.title)
        if not include_archived:
            query = query.where(GoalRow.archived.is_(False))
        return [goal_from_row(row) for row in orm.scalars(query)]

    def goal(self, goal_id: str) -> Goal:
        """The goal with this id; :class:`GoalNotFound` if there is none."""
        with self._store.reading() as orm:
            return goal_from_row(self._goal_row(orm, goal_id))

    def resolve_goal(self, reference: str) -> Goal:
        """A goal by id, id prefix (8 or more characters) or title (any case)."""
        wanted = reference.strip()
        goals = self.all_goals()
        for found in (
            [g for g in goals if g.id == wanted.lower()],
            [g for g in goals if len(wanted) >= 8 and g.id.startswith(wanted.lower())],
            [g for g in goals if g.title.casefold() == wanted.casefold()],
        ):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise GoalNotFound(f"{len(found)} goals match {wanted!r}; give the goal's id.")
        raise GoalNotFound(f"No goal has the id or title {wanted!r} (see 'dotstorm goals').")

    def add_goal(self, goal: Goal) -> Goal:
        """Store a new goal; returns it as stored (with its version)."""
        stored = replace(goal, version=version_after(goal.version))
        with self._store.writing() as orm:
            orm.add(goal_row(stored))
            versions_of(orm).inserted(("goal", goal.id), stored.version)
        return stored

    def update_goal(self, goal: Goal) -> Goal:
        """Store a goal's new title, metric, owner or archived state; returns it as stored.

        Only over the version ``goal`` was read at: a goal changed elsewhere since is
        refused with :class:`~app.storage.errors.ChangedElsewhere`.
        """
        with self._store.writing() as orm:
            version = versions_of(orm).update(("goal", goal.id), goal.version, goal_values(goal))
        return replace(goal, version=version)

    def merge_goals(self, kept_id: str, merged: Goal) -> tuple[list[str], list[str]]:
        """Fold ``merged`` into ``kept_id``: its sessions and readings move, it goes.

        Only if ``merged`` is as it was read (a goal changed elsewhere is not merged
        unseen). Returns the ids of the sessions and readings that moved (for undo).
        """
        if kept_id == merged.id:
            raise GoalNotFound("A goal cannot be merged into itself.")
        with self._store.writing() as orm:
            self._goal_row(orm, kept_id)
            self._goal_row(orm, merged.id)
            sessions = list(
                orm.scalars(select(SessionRow.id).where(SessionRow.goal_id == merged.id))
            )
            readings = list(
                orm.scalars(
                    select(MetricReadingRow.id).where(MetricReadingRow.goal_id == merged.id)
                )
            )
            orm.execute(
                update(SessionRow).where(SessionRow.goal_id == merged.id).values(goal_id=kept_id)
            )
            orm.execute(
                update(MetricReadingRow)
                .where(MetricReadingRow.goal_id == merged.id)
                .values(goal_id=kept_id)
            )
            versions_of(orm).delete(("goal", merged.id), merged.version)
        return sessions, readings

    def unmerge_goals(self, merged: Goal, sessions: list[str], readings: list[str]) -> Goal:
        """Undo :meth:`merge_goals`: the goal comes back with its sessions and readings.

        It comes back one version past the one it went at; returns it as stored.
        """
        stored = replace(merged, version=version_after(merged.version))
        with self._store.writing() as orm:
            orm.add(goal_row(stored))
            orm.flush()
            versions_of(orm).inserted(("goal", merged.id), stored.version)
            if sessions:
                orm.execute(
                    update(SessionRow).where(SessionRow.id.in_(sessions)).values(goal_id=merged.id)
                )
            if readings:
                orm.execute(
                    update(MetricReadingRow)
                    .where(MetricReadingRow.id.in_(readings))
                    .values(goal_id=merged.id)
                )
        return stored

    def goal_of_session(self, session_id: str) -> Goal | None:
        """The goal a session serves now, as stored; ``None`` when it is linked to none."""
        query = select(GoalRow).join(SessionRow, SessionRow.goal_id == GoalRow.id)
        with self._store.reading() as orm:
            row = orm.scalar(query.where(SessionRow.id == session_id))
            return None if row is None else goal_from_row(row)

    def sessions_of_goal(self, goal_id: str) -> list[str]:
        """The ids of the sessions serving a goal, oldest first."""
        query = (
            select(SessionRow.id)
            .where(SessionRow.goal_id == goal_id)
            .order_by(SessionRow.created_at, SessionRow.id)
        )
        with self._store.reading() as orm:
            return list(orm.scalars(query))

    def readings(self, goal_id: str) -> list[MetricReading]:
        """The recorded values of a goal's metric, oldest first."""
        query = (
            select(MetricReadingRow)
            .where(MetricReadingRow.goal_id == goal_id)
            .order_by(MetricReadingRow.measured_on, MetricReadingRow.id)
        )
        with self._store.reading() as orm:
            return [reading_from_row(row) for row in orm.scalars(query)]

    def add_reading(self, reading: MetricReading) -> None:
        """Record a value of a goal's metric."""
        with self._store.writing() as orm:
            self._goal_row(orm, reading.goal_id)
            orm.add(
                MetricReadingRow(
                    id=reading.id,
                    goal_id=reading.goal_id,
                    measured_on=reading.measured_on,
                    value=reading.value,
                    note=reading.note,
                )
            )

    def remove_reading(self, reading_id: str) -> None:
        """Forget a recorded value (one typed by mistake)."""
        with self._store.writing() as orm:
            orm.execute(delete(MetricReadingRow).where(MetricReadingRow.id == reading_id))

    def goal_overviews(self, today: date, *, include_archived: bool = True) -> list[GoalOverview]:
        """Every goal with what its sessions produced, as ``dotstorm goals`` lists them.

        Counted by the database (see :mod:`app.storage.goal_counts`), in one transaction.
        """
        with self._store.reading() as orm:
            goals = self._goals(orm, include_archived=include_archived)
            links = orm.execute(
                select(SessionRow.goal_id, SessionRow.id)
                .where(SessionRow.goal_id.is_not(None))
                .order_by(SessionRow.created_at, SessionRow.id)
            ).all()
            latest_rows = orm.scalars(
                select(MetricReadingRow).order_by(MetricReadingRow.measured_on)
            ).all()
            readings: dict[str, list[MetricReading]] = {}
            for row in latest_rows:
                readings.setdefault(row.goal_id, []).append(reading_from_row(row))
            tallies = goal_tallies(orm, today)
        sessions: dict[str, list[str]] = {}
        for goal_id, session_id in links:
            if goal_id is not None:
                sessions.setdefault(goal_id, []).append(session_id)
        return [
            overview_from_tally(
                goal,
                sessions.get(goal.id, []),
                tallies.get(goal.id, GoalTally()),
                readings.get(goal.id, []),
            )
            for goal in goals
        ]

    def minutes_context(self, session: Session) -> MinutesContext:
        """What a session's minutes add from the database.

        Its goal's latest value, and the earlier experiments its review brought back
        (with their outcomes).
        """
        latest = None
        if session.goal_record is not None:
            readings = self.readings(session.goal_record.id)
            latest = readings[-1] if readings else None
        return MinutesContext(latest=latest, reviewed=self.reviewed_experiments(session))

    def reviewed_experiments(self, session: Session) -> tuple[ActionEntry, ...]:
        """The earlier actions this session's review brought back, as stored now."""
        brought_back = set(dict(session.carried_from).values())
        if not brought_back:
            return ()
        return tuple(a for a in self._backlog.action_entries() if a.id in brought_back)

    def goal_report(self, goal_id: str, today: date) -> GoalReport:
        """What the goal's page and its one-page report show.

        Reads the goal's own sessions only, in one transaction: its counts come from
        the database (see :mod:`app.storage.goal_counts`), never from the whole backlog.
        """
        query = (
            select(SessionRow.id, SessionRow.title, SessionRow.started_at, SessionRow.created_at)
            .where(SessionRow.goal_id == goal_id)
            .order_by(SessionRow.created_at, SessionRow.id)
        )
        with self._store.reading() as orm:
            goal = goal_from_row(self._goal_row(orm, goal_id))
            readings = [
                reading_from_row(row)
                for row in orm.scalars(
                    select(MetricReadingRow)
                    .where(MetricReadingRow.goal_id == goal_id)
                    .order_by(MetricReadingRow.measured_on, MetricReadingRow.id)
                )
            ]
            session_ids: list[str] = []
            sessions: list[tuple[str, date | None]] = []
            for session_id, title, started, created in orm.execute(query):
                moment = started or created
                session_ids.append(session_id)
                sessions.append((title, moment.date() if moment else None))
            tally = goal_tallies(orm, today, goal_id).get(goal_id, GoalTally())
            actions = goal_actions(orm, goal_id)
            credit = credit_from_counts(goal_credit_counts(orm, goal_id))
        overview = overview_from_tally(goal, session_ids, tally, readings)
        return goal_report_from(overview, readings, sessions, actions, credit)

    @staticmethod
    def goal_for_wording(orm: OrmSession, wording: str) -> str:
        """The goal a session with this goal text (and no goal record) serves.

        The goal whose title reads the same, case and spaces aside (a current one before
        an archived one), or a new goal with that title: every session with a goal
        serves a goal record, as the upgrade of older databases left them.
        """
        key = goal_key(wording)
        rows = orm.execute(
            select(GoalRow.id, GoalRow.title).order_by(GoalRow.archived, GoalRow.title)
        ).all()
        for goal_id, title in rows:
            if goal_key(title) == key:
                return str(goal_id)
        text = " ".join(wording.split())
        title = shortened(text, limits.MAX_TITLE - 1)
        goal = Goal(id=new_id(), title=title, why=text if title != text else "")
        orm.add(goal_row(goal))
        orm.flush()
        return goal.id

    @staticmethod
    def _goal_row(orm: OrmSession, goal_id: str, *, for_update: bool = False) -> GoalRow:
        row = orm.get(GoalRow, goal_id, with_for_update=for_update)
        if row is None:
            raise GoalNotFound(f"There is no goal with id {goal_id}.")
        return row


def goal_from_row(row: GoalRow) -> Goal:
    """A goal as core knows it (a baseline or target stored as infinity or NaN is refused)."""
    finite(row.baseline, "goal", row.id, row.title, "baseline")
    finite(row.target, "goal", row.id, row.title, "target")
    return Goal(
        id=row.id,
        title=row.title,
        why=row.why,
        metric=row.metric,
        unit=row.unit,
        baseline=row.baseline,
        target=row.target,
        target_date=row.target_date,
        owner=row.owner,
        archived=row.archived,
        version=row.version,
    )


def goal_row(goal: Goal) -> GoalRow:
    """A new row for ``goal``, at its version (the first, for a goal never stored)."""
    return GoalRow(id=goal.id, version=goal.version or FIRST_VERSION, **goal_values(goal))


def goal_values(goal: Goal) -> dict[str, object]:
    """A goal's columns, but for its id and version (for an update, or a bulk insert)."""
    return {
        "title": goal.title,
        "why": goal.why,
        "metric": goal.metric,
        "unit": goal.unit,
        "baseline": goal.baseline,
        "target": goal.target,
        "target_date": goal.target_date,
        "owner": goal.owner,
        "archived": goal.archived,
    }


def reading_from_row(row: MetricReadingRow) -> MetricReading:
    """A reading as core knows it (a value stored as infinity or NaN is refused)."""
    finite(row.value, "reading", row.id, row.note, "value")
    return MetricReading(row.id, row.goal_id, row.measured_on, row.value, row.note)
