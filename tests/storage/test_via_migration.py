"""Migration 0011: notes and ballots remember whether they came from a phone.

A database at 0010 held only what the laptop made: after the upgrade every note and
every ballot reads as the laptop's, on SQLite and on a server alike.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.core.demo import build_demo_session
from app.core.types import Session, Via
from app.storage.database import open_database
from app.storage.repository import SessionRepository


def with_phones(session: Session) -> Session:
    """``session`` with half its notes typed on phones and two ballots pressed on them."""
    people = [p.id for p in session.participants]
    notes = tuple(
        replace(note, via=Via.PHONE) if i % 2 else note for i, note in enumerate(session.notes)
    )
    main, *others = session.vote_rounds
    voted = replace(main, finished_voter_ids=tuple(people[:3]), phone_voter_ids=tuple(people[:2]))
    return replace(session, notes=notes, vote_rounds=(voted, *others))


def down_to(engine: Engine, revision: str) -> None:
    """Take the database down with the migrations' own steps (foreign keys off on SQLite)."""
    from alembic import command

    from app.storage.schema_revision import alembic_config

    config = alembic_config()
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, revision)


def test_a_database_at_0010_upgrades_with_every_note_and_ballot_from_the_laptop(db_url: str):
    session = with_phones(build_demo_session())
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        down_to(database.engine, "0010")
        columns = inspect(database.engine)
        assert "via" not in {c["name"] for c in columns.get_columns("notes")}
        assert "via" not in {c["name"] for c in columns.get_columns("ballots")}
    finally:
        database.close()

    upgraded = open_database(db_url)
    try:
        loaded = SessionRepository(upgraded.engine).load_session(session.id)
        assert len(loaded.notes) == len(session.notes)
        assert {note.via for note in loaded.notes} == {Via.LAPTOP}
        (main, *_) = loaded.vote_rounds
        assert set(main.finished_voter_ids) == set(session.vote_rounds[0].finished_voter_ids)
        assert all(vote_round.phone_voter_ids == () for vote_round in loaded.vote_rounds)
    finally:
        upgraded.close()


@pytest.mark.parametrize("table", ["notes", "ballots"])
def test_a_place_no_dotstorm_knows_is_refused_by_the_database(db_url: str, table: str):
    session = with_phones(build_demo_session())
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text(f"UPDATE {table} SET via = 'tablet'"))
        loaded = SessionRepository(database.engine).load_session(session.id)
        assert loaded.vote_rounds[0].phone_voter_ids == session.vote_rounds[0].phone_voter_ids
    finally:
        database.close()
