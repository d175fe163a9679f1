"""What a restore writes before its sessions: a check that nothing is there, then goals.

A restore is one transaction (:meth:`SessionRepository.restore_archive`): the database
is found empty inside it, every goal and reading goes in as one bulk insert each, then
the sessions, which link to those goals as stored.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session as OrmSession

from app.core.types import FIRST_VERSION, Goal, MetricReading
from app.storage.bulk_rows import insert_rows
from app.storage.errors import DatabaseUnavailable
from app.storage.goal_store import goal_values
from app.storage.models import GoalRow, MetricReadingRow, SessionRow


def refuse_unless_empty(orm: OrmSession) -> None:
    """A restore goes into an empty database only: nothing there is written over."""
    for row_type in (SessionRow, GoalRow):
        if orm.execute(select(row_type.id).limit(1)).first() is not None:
            raise DatabaseUnavailable(
                "The database already holds sessions or goals; restore into an empty one."
            )


def insert_goals(connection: Connection, goals: list[Goal], readings: list[MetricReading]) -> None:
    """Every goal whole and every reading, in the caller's transaction, in bulk."""
    insert_rows(
        connection,
        GoalRow,
        [{"id": goal.id, **goal_values(goal), "version": FIRST_VERSION} for goal in goals],
    )
    insert_rows(
        connection,
        MetricReadingRow,
        [
            {
                "id": reading.id,
                "goal_id": reading.goal_id,
                "measured_on": reading.measured_on,
                "value": reading.value,
                "note": reading.note,
            }
            for reading in readings
        ],
    )
