"""The repository stores whole sessions and reads them back in core types."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import text

from app.core.backlog import goal_key
from app.core.demo import build_demo_session
from app.core.format_helpers import shortened
from app.core.session_format import parse_session_file
from app.core.types import Session, SessionStatus
from app.storage.database import Database, open_database
from app.storage.errors import AmbiguousSession, SessionNotFound
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE, as_given
from tests.core.strategies import sessions


def example() -> Session:
    return parse_session_file(EXAMPLE_FILE.read_bytes())


def test_a_session_reads_back_exactly_as_stored(repository: SessionRepository):
    for session in (example(), build_demo_session()):
        repository.add_session(session)
        assert as_given(repository.load_session(session.id), session) == session


def test_a_coordinate_beyond_what_a_double_holds_reads_back_as_imported(
    repository: SessionRepository,
):
    """2**53 + 1 is stored as the double nearest to it; the import says so from the start."""
    text = EXAMPLE_FILE.read_text("utf-8").replace('"x": 40,', f'"x": {2**53 + 1},', 1)
    imported = parse_session_file(text.encode())
    assert imported.notes[0].x == 2**53  # read as the database will keep it
    stored = repository.import_session(imported)
    assert repository.load_session(stored.id).notes == stored.notes


def test_stored_sessions_survive_a_new_engine(repository: SessionRepository, db_url: str):
    repository.add_session(example())
    reopened = open_database(db_url)
    try:
        loaded = SessionRepository(reopened.engine).load_session(example().id)
        assert as_given(loaded, example()) == example()
    finally:
        reopened.close()


@given(session=sessions())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_valid_session_round_trips_through_sqlite(
    repository: SessionRepository, session: Session
):
    repository.add_session(session)
    try:
        loaded = repository.load_session(session.id)
        if session.goal_record is None and goal_key(session.goal):
            # A goal without a record gets one: every goal is a record since 0006.
            assert loaded.goal_record is not None
            wording = " ".join(session.goal.split())
            assert loaded.goal_record.title == shortened(wording, 199)
            loaded = replace(loaded, goal_record=None)
        assert loaded == session
    finally:
        repository.delete_session(session.id)
        if loaded.goal_record is not None or goal_key(session.goal):  # goals outlive sessions
            with repository._engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM goals")


def test_list_shows_counts_newest_first(repository: SessionRepository):
    repository.add_session(example())
    repository.add_session(build_demo_session())
    summaries = repository.list_sessions()
    assert [s.title for s in summaries] == [
        "Order to delivery: one day faster",
        "Fewer repeat support tickets",
    ]
    older = summaries[1]
    assert (older.participants, older.notes, older.vote_rounds, older.action_items) == (4, 4, 1, 1)
    assert older.status is SessionStatus.FINISHED


def test_importing_twice_gives_two_sessions_sharing_no_id(repository: SessionRepository):
    first = repository.import_session(example())
    second = repository.import_session(example())
    assert first.id == example().id
    assert second.id != first.id
    assert not set(first.all_ids()) & set(second.all_ids())
    assert repository.load_session(second.id).notes[0].text == example().notes[0].text
    assert len(repository.list_sessions()) == 2


def test_a_file_sharing_one_note_id_with_a_stored_session_renews_only_that_id(
    repository: SessionRepository,
):
    from app.core.session_ops import with_fresh_ids

    stored = repository.import_session(example())
    # Another session whose ids are all its own but one: a note id the database has.
    other = with_fresh_ids(example(), set(example().all_ids()))
    clash = stored.notes[1].id
    other = replace(
        other, notes=(other.notes[0], replace(other.notes[1], id=clash), *other.notes[2:])
    )
    imported = repository.import_session(other)
    assert imported.id == other.id  # its session row went in as it was…
    assert imported.notes[0].id == other.notes[0].id
    assert imported.notes[1].id != clash  # …but the taken note id was renewed
    assert repository.load_session(imported.id).notes == imported.notes
    assert repository.load_session(stored.id) == repository.load_session(example().id)
    assert repository.load_session(stored.id).notes[1].id == clash


def test_resolve_by_id_prefix_and_title(repository: SessionRepository):
    session = example()
    repository.add_session(session)
    assert repository.resolve(session.id) == session.id
    assert repository.resolve(session.id.upper()) == session.id
    assert repository.resolve(session.id[:8]) == session.id
    assert repository.resolve("Fewer repeat support tickets") == session.id
    with pytest.raises(SessionNotFound, match="No session has the id or title 'nothing'"):
        repository.resolve("nothing")
    with pytest.raises(SessionNotFound):
        repository.resolve(session.id[:7])  # prefixes need 8 characters


def test_ambiguous_titles_ask_for_the_id(repository: SessionRepository):
    repository.import_session(example())
    repository.import_session(example())
    with pytest.raises(AmbiguousSession, match="2 sessions are titled"):
        repository.resolve("Fewer repeat support tickets")


def test_delete_removes_everything_in_the_session(
    repository: SessionRepository, database: Database
):
    session = build_demo_session()
    repository.add_session(session)
    repository.add_session(example())
    repository.delete_session(session.id)
    with pytest.raises(SessionNotFound):
        repository.load_session(session.id)
    with database.engine.connect() as connection:
        for table in (
            "participants",
            "phases",
            "clusters",
            "notes",
            "vote_rounds",
            "action_items",
        ):
            leftover = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE session_id = :id"), {"id": session.id}
            ).scalar()
            assert leftover == 0, table
        # The example's five (voter, item) dot rows remain; the demo's are gone.
        assert connection.execute(text("SELECT count(*) FROM dots")).scalar() == 5
    assert as_given(repository.load_session(example().id), example()) == example()


def test_duplicate_as_template(repository: SessionRepository):
    repository.add_session(example())
    template = repository.duplicate_as_template(example().id)
    stored = repository.load_session(template.id)
    assert stored == template
    assert stored.status is SessionStatus.PLANNED
    assert [p.name for p in stored.participants] == [p.name for p in example().participants]
    assert not stored.notes and not stored.vote_rounds


def test_every_write_is_committed_at_once(repository: SessionRepository, db_url: str):
    from sqlalchemy import create_engine, text

    repository.add_session(example())
    outside = create_engine(db_url)  # another program, on a connection of its own
    try:
        with outside.connect() as connection:
            titles = connection.execute(text("SELECT title FROM sessions")).fetchall()
        assert [tuple(row) for row in titles] == [("Fewer repeat support tickets",)]
    finally:
        outside.dispose()


def test_a_session_added_unless_stored_is_stored_once(repository: SessionRepository):
    """The demo, asked for twice (two presses, two ``--demo`` starts), is stored once."""
    demo = build_demo_session()
    assert repository.add_session(demo, unless_stored=True)
    assert not repository.add_session(demo, unless_stored=True)
    assert [s.id for s in repository.list_sessions()] == [demo.id]
    assert as_given(repository.load_session(demo.id), demo) == demo


def test_two_laptops_adding_the_demo_at_once_store_it_once(server_url: str):
    """Both wait for the new-session lock, then look: the second finds the first's."""
    import threading

    from app.storage.session_rows import NEW_SESSION_LOCK_KEY

    demo = build_demo_session()
    laptops = [open_database(server_url) for _ in range(2)]
    stored: list[bool] = []
    failures: list[BaseException] = []

    def add(database: Database) -> None:
        try:
            stored.append(SessionRepository(database.engine).add_session(demo, unless_stored=True))
        except BaseException as error:  # reported below, on the test's thread
            failures.append(error)

    holder = open_database(server_url)
    try:
        with holder.engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": NEW_SESSION_LOCK_KEY})
            threads = [threading.Thread(target=add, args=(laptop,)) for laptop in laptops]
            for thread in threads:
                thread.start()
            waiting = text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            # Both have begun and looked at nothing yet: they wait behind the lock.
            while lock.execute(waiting).scalar() != len(laptops):
                lock.rollback()
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": NEW_SESSION_LOCK_KEY})
            lock.commit()
        for thread in threads:
            thread.join(60)
        assert failures == []
        assert sorted(stored) == [False, True]
        assert [s.id for s in SessionRepository(holder.engine).list_sessions()] == [demo.id]
    finally:
        for database in (*laptops, holder):
            database.close()
