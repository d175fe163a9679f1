"""A whole session into rows at once: a new, imported or restored session.

Most of a big session is its notes, its rounds' dots, items, ratings and ranks: those
go in through :mod:`bulk_rows`, not as ORM objects. What a new session checks first
(the ids in use) takes one parameter per query however many ids, and on a server new
sessions go in one after another.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    ScalarSelect,
    String,
    any_,
    bindparam,
    column,
    func,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import IdeaStatus, goal_key
from app.core.types import Phase, Session
from app.storage.backlog_store import action_row
from app.storage.board_store import cluster_fields, new_note_fields
from app.storage.bulk_rows import insert_rows
from app.storage.goal_store import GoalStore, goal_row
from app.storage.models import (
    ActionItemRow,
    ClusterRow,
    DotRow,
    GoalRow,
    NoteRow,
    ParticipantRow,
    PhaseRow,
    RankRow,
    RatingRow,
    RoundItemRow,
    SessionRow,
    VoteRoundRow,
)
from app.storage.round_rows import round_child_values, round_row

NEW_SESSION_LOCK_KEY = 0x646F7473746F7201
"""The advisory lock new sessions take in turn on a server (``dotsto`` and 1)."""
ID_CHUNK = 20_000
"""Ids per lookup (one parameter: a JSON array on SQLite, an array on PostgreSQL)."""


def existing_ids(orm: OrmSession, ids: list[str]) -> set[str]:
    """Which of ``ids`` any stored session already uses (for any kind of object)."""
    found: set[str] = set()
    row_types = (
        SessionRow,
        ParticipantRow,
        PhaseRow,
        ClusterRow,
        NoteRow,
        VoteRoundRow,
        ActionItemRow,
    )
    connection = orm.connection()  # plain rows: no ORM objects to build for ids
    wanted = _one_parameter_list(connection.dialect.name)
    query = union_all(*(select(row_type.id).where(wanted(row_type.id)) for row_type in row_types))
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        found.update(  # all at once: fetching thousands of rows one by one is slow
            connection.execute(query, {"ids": _as_parameter(connection, chunk)}).scalars().all()
        )
    return found


def one_new_session_at_a_time(orm: OrmSession) -> None:
    """On a server, new sessions go in one after another (SQLite's writers already do).

    What a new session checks before it writes (the ids in use, the goal its
    wording names) must not change under it: two laptops importing one file at the
    same moment would both find its ids free. The lock ends with the transaction.
    """
    if orm.get_bind().dialect.name != "sqlite":
        orm.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NEW_SESSION_LOCK_KEY})


def insert_session(orm: OrmSession, session: Session) -> None:
    """Add ``session`` whole, in the caller's transaction."""
    row = _row_from_session(session)
    goal = session.goal_record
    if goal is not None:
        # A goal already stored is linked as it is: a file never rewrites it.
        if orm.get(GoalRow, goal.id) is None:
            orm.add(goal_row(goal))
            orm.flush()
        row.goal_id = goal.id
    elif goal_key(session.goal):
        row.goal_id = GoalStore.goal_for_wording(orm, session.goal)
    # Notes, dots and actions refer to people, phases, clusters and notes through
    # foreign keys that have no ORM relationship, so the unit of work cannot order
    # those inserts: each layer goes in before the next. Notes, dots, round items,
    # ratings and ranks, the many rows of a big session, go in as one bulk insert
    # each, not one object per row.
    rounds, actions = row.vote_rounds, row.action_items
    row.vote_rounds, row.action_items = [], []
    orm.add(row)
    orm.flush()
    # Straight to the driver on the transaction's connection: the rows need no ORM
    # objects, nor SQLAlchemy's processing of each row (see bulk_rows).
    connection = orm.connection()
    insert_rows(connection, NoteRow, note_values(session))
    row.vote_rounds.extend(rounds)
    orm.flush()
    # The rounds' criteria went in with them: their ratings may follow.
    children = round_child_values(session.vote_rounds)
    insert_rows(connection, DotRow, children.dots)
    insert_rows(connection, RoundItemRow, children.items)
    insert_rows(connection, RatingRow, children.ratings)
    insert_rows(connection, RankRow, children.ranks)
    row.action_items.extend(actions)


def copy_phase(phase: Phase, row: PhaseRow) -> None:
    """Copy a phase's fields onto its row."""
    row.kind = phase.kind
    row.title = phase.title
    row.planned_seconds = phase.planned_seconds
    row.started_at = phase.started_at
    row.elapsed_seconds = phase.elapsed_seconds
    row.status = phase.status
    row.running_since = phase.running_since
    row.adjust_seconds = phase.adjust_seconds
    row.lock_at_zero = phase.lock_at_zero
    row.lock_released = phase.lock_released
    row.technique = phase.technique
    row.technique_settings = phase.technique_settings.text


def phase_row(phase: Phase, session_id: str, position: int) -> PhaseRow:
    """A new row for ``phase`` at ``position`` in its session's agenda."""
    row = PhaseRow(id=phase.id, session_id=session_id, position=position)
    copy_phase(phase, row)
    return row


def _one_parameter_list(dialect: str) -> Callable[[Any], ColumnElement[bool]]:
    """``column IN (the ids)`` with the ids as one parameter, not one parameter each.

    Thousands of bound parameters cost SQLAlchemy more to render than the query costs
    to run: SQLite reads a JSON array with ``json_each``, PostgreSQL takes an array.
    """
    if dialect == "sqlite":
        ids: ScalarSelect[str] = (
            select(column("value", String)).select_from(func.json_each(bindparam("ids")))
        ).scalar_subquery()
        return lambda id_column: id_column.in_(ids)
    ids_array = bindparam("ids", type_=ARRAY(String))
    return lambda id_column: id_column == any_(ids_array)


def _as_parameter(connection: Connection, ids: list[str]) -> object:
    return json.dumps(ids) if connection.dialect.name == "sqlite" else ids


def note_values(session: Session) -> list[dict[str, object]]:
    """The rows of a session's notes, for one bulk insert."""
    # A few notes moved on; converting every note's status one by one is a tenth of
    # the import of a big session.
    statuses = {note_id: IdeaStatus(status) for note_id, status in session.idea_statuses}
    carried = dict(session.carried_from)
    return [
        {
            "id": n.id,
            "session_id": session.id,
            "position": i,
            "created_at": n.created_at,
            **new_note_fields(n),
            "idea_status": statuses.get(n.id, IdeaStatus.NEW),
            "carried_from": carried.get(n.id),
        }
        for i, n in enumerate(session.notes)
    ]


def _row_from_session(session: Session) -> SessionRow:
    """The session's row with its people, phases, clusters, rounds and actions.

    Not its notes, nor its rounds' dots, items, ratings and ranks: those go in with one
    bulk insert each.
    """
    return SessionRow(
        id=session.id,
        title=session.title,
        goal=session.goal,
        question=session.question,
        facilitator=session.facilitator,
        status=session.status,
        created_at=session.created_at,
        started_at=session.started_at,
        ended_at=session.ended_at,
        anonymous_ideas=session.anonymous_ideas,
        current_phase_id=session.current_phase_id,
        participants=[
            ParticipantRow(id=p.id, position=i, name=p.name, department=p.department, role=p.role)
            for i, p in enumerate(session.participants)
        ],
        phases=[phase_row(p, session.id, i) for i, p in enumerate(session.phases)],
        clusters=[
            ClusterRow(id=c.id, position=i, **cluster_fields(c))
            for i, c in enumerate(session.clusters)
        ],
        vote_rounds=[
            round_row(v, session.id, i, bulk=True) for i, v in enumerate(session.vote_rounds)
        ],
        action_items=[action_row(a, i) for i, a in enumerate(session.action_items)],
    )
