"""Migration 0013: the 2×2's marks (filled from a round) and clusters on the 2×2.

A database at 0012 held only values the facilitator placed, and no cluster on the
2×2: after the upgrade every value reads as placed by hand and every cluster as off
the grid, on SQLite and on a server alike; the database refuses a cluster's value off
the 1..5 scale; what is stored reads back whole.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.core.demo import build_demo_session
from app.core.types import Session
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.storage.test_via_migration import down_to

MARKS = {"impact_from_round", "effort_from_round"}


def on_the_2x2(session: Session) -> Session:
    """``session`` with its first cluster and its placed notes filled from a round."""
    first, *others = session.clusters
    cluster = replace(first, impact=5, effort=1, impact_from_round=True, effort_from_round=True)
    notes = tuple(
        replace(n, impact_from_round=True) if n.impact is not None else n for n in session.notes
    )
    return replace(session, clusters=(cluster, *others), notes=notes)


def test_what_the_2x2_holds_reads_back_whole(repository: SessionRepository):
    session = on_the_2x2(build_demo_session())
    assert any(n.impact_from_round for n in session.notes)
    repository.add_session(session)
    loaded = repository.load_session(session.id)
    assert loaded.clusters == session.clusters
    assert {
        n.id: (n.impact, n.effort, n.impact_from_round, n.effort_from_round) for n in loaded.notes
    } == {
        n.id: (n.impact, n.effort, n.impact_from_round, n.effort_from_round) for n in session.notes
    }


def test_a_database_at_0012_upgrades_with_every_value_placed_by_hand(db_url: str):
    session = on_the_2x2(build_demo_session())
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        down_to(database.engine, "0012")
        columns = inspect(database.engine)
        assert not MARKS & {c["name"] for c in columns.get_columns("notes")}
        clusters = {c["name"] for c in columns.get_columns("clusters")}
        assert not (MARKS | {"impact", "effort"}) & clusters
    finally:
        database.close()

    upgraded = open_database(db_url)
    try:
        loaded = SessionRepository(upgraded.engine).load_session(session.id)
        placed = {n.id: (n.impact, n.effort) for n in loaded.notes}
        assert placed == {n.id: (n.impact, n.effort) for n in session.notes}
        assert not any(n.impact_from_round or n.effort_from_round for n in loaded.notes)
        assert all(
            (c.impact, c.effort, c.impact_from_round, c.effort_from_round)
            == (None, None, False, False)
            for c in loaded.clusters
        )
    finally:
        upgraded.close()


@pytest.mark.parametrize("column", ["impact", "effort"])
def test_a_cluster_off_the_scale_is_refused_by_the_database(db_url: str, column: str):
    session = on_the_2x2(build_demo_session())
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text(f"UPDATE clusters SET {column} = 6"))
        loaded = SessionRepository(database.engine).load_session(session.id)
        assert loaded.clusters == session.clusters
    finally:
        database.close()
