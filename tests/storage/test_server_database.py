"""A PostgreSQL server as the database: URLs, the first open, a server that is not there,
and pooled connections that died while idle."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app.storage.database import Database, open_database
from app.storage.errors import (
    ConnectionLost,
    DatabaseUnavailable,
    ServerUnreachable,
    UnsupportedDatabase,
)
from app.storage.location import resolve_database_url, server_address, shown_url
from app.storage.repository import SessionRepository
from app.storage.schema_revision import HEAD_REVISION
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.sqlite_only  # each test picks its server itself


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("postgresql://maya@db.example/dotstorm", "postgresql+psycopg://maya@db.example/dotstorm"),
        ("postgres://maya@db.example:6543/dots", "postgresql+psycopg://maya@db.example:6543/dots"),
        ("postgresql+psycopg://h/d", "postgresql+psycopg://h/d"),
    ],
)
def test_a_server_url_is_taken_with_psycopg_as_its_driver(value: str, url: str):
    assert resolve_database_url(value) == url


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("postgresql://maya@db.example", "names no database"),
        ("postgresql://maya@db.example/", "names no database"),
        ("postgresql+psycopg2://h/d", "through psycopg 3"),
        ("postgresql+asyncpg://h/d", "through psycopg 3"),
        ("postgresql://h:port/d", "cannot be read"),
    ],
)
def test_a_server_url_dotstorm_cannot_use_is_one_sentence(value: str, says: str):
    with pytest.raises(UnsupportedDatabase, match=says) as refused:
        resolve_database_url(value)
    assert "\n" not in str(refused.value)


def test_the_password_is_never_shown():
    url = resolve_database_url("postgresql://maya:s3cret@db.example:6543/dotstorm")
    assert "s3cret" not in shown_url(url)
    assert shown_url(url) == "postgresql://maya:***@db.example:6543/dotstorm"
    assert server_address(url) == "db.example:6543"
    assert server_address(resolve_database_url("postgresql://db/x")) == "db:5432"


def test_an_empty_server_database_gets_the_whole_schema(postgres: PostgresServer):
    name = postgres.new_database()
    try:
        database = open_database(postgres.url(name))
        with database.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar() == HEAD_REVISION
        assert database.path is None and database.migration_backup is None
        database.close()
    finally:
        postgres.drop_database(name)


def test_two_laptops_opening_a_new_server_at_once_both_get_one_schema(postgres: PostgresServer):
    name = postgres.new_database()
    failures: list[BaseException] = []

    def open_and_close() -> None:
        try:
            open_database(postgres.url(name)).close()
        except BaseException as error:  # reported below, on the test's thread
            failures.append(error)

    try:
        laptops = [threading.Thread(target=open_and_close) for _ in range(3)]
        for laptop in laptops:
            laptop.start()
        for laptop in laptops:
            laptop.join(60)
        assert failures == []
        database = open_database(postgres.url(name))
        with database.engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert versions.scalars().all() == [HEAD_REVISION]
        database.close()
    finally:
        postgres.drop_database(name)


def test_a_server_that_does_not_answer_is_one_sentence_without_the_password():
    url = resolve_database_url("postgresql://maya:s3cret@127.0.0.1:9/dotstorm")
    with pytest.raises(ServerUnreachable) as refused:
        open_database(url)
    message = str(refused.value)
    assert message == "Cannot reach the database server at 127.0.0.1:9: connection refused."
    assert "s3cret" not in message


def test_a_socket_folder_with_no_server_is_one_sentence(tmp_path):
    url = resolve_database_url(f"postgresql://maya@/dotstorm?host={tmp_path}&port=5999")
    with pytest.raises(ServerUnreachable, match="no server is listening there") as refused:
        open_database(url)
    assert str(tmp_path) in str(refused.value)


def test_a_database_the_server_does_not_have_is_named(postgres: PostgresServer):
    with pytest.raises(DatabaseUnavailable, match=r"database \"nowhere\" does not exist") as said:
        open_database(postgres.url("nowhere"))
    assert "createdb" in str(said.value) and "\n" not in str(said.value)


def test_a_feed_whose_server_is_out_of_reach_tries_again_only_after_a_while():
    from sqlalchemy import PoolProxiedConnection

    from app.storage.change_feed import ChangeFeed
    from app.storage.engine import make_engine

    engine = make_engine(resolve_database_url("postgresql://maya@127.0.0.1:9/dotstorm"))
    tries: list[int] = []
    connect = engine.raw_connection

    def counted() -> PoolProxiedConnection:
        tries.append(1)
        return connect()

    engine.raw_connection = counted  # type: ignore[method-assign]
    feed = ChangeFeed(engine)  # the first try, at once
    assert not feed.changed_elsewhere()  # the second, when the first look finds none
    for _ in range(5):
        assert not feed.changed_elsewhere()  # then none: a look must never hang
    assert len(tries) == 2
    engine.dispose()


def _pooled_backend_pid(database: Database) -> int:
    with database.engine.connect() as connection:  # back to the pool on exit
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _end_backend(server_url: str, pid: int) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:  # waits until it is gone
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone() == (True,)


def _add_a_note(repository: SessionRepository, session_id: str) -> None:
    from dataclasses import replace

    from app.core.types import new_id

    template = repository.load_session(session_id).notes[0]
    repository.board.add_notes(
        session_id, [replace(template, id=new_id(), text="After the restart")]
    )


@pytest.fixture
def served(server_url: str) -> Iterator[tuple[Database, SessionRepository, str]]:
    """A database on the server holding the demo session, and that session's id."""
    from app.core.demo import build_demo_session

    database = open_database(server_url)
    repository = SessionRepository(database.engine)
    demo = build_demo_session()
    repository.add_session(demo)
    try:
        yield database, repository, demo.id
    finally:
        database.close()


def test_a_pooled_connection_the_server_ended_is_replaced_before_the_next_change(
    served: tuple[Database, SessionRepository, str], server_url: str
):
    database, repository, session_id = served
    before = _pooled_backend_pid(database)
    _end_backend(server_url, before)  # a restart, an idle timeout, an administrator
    _add_a_note(repository, session_id)  # no error: its goodbye was on the socket
    assert "After the restart" in {n.text for n in repository.load_session(session_id).notes}
    assert _pooled_backend_pid(database) != before


@pytest.fixture
def dropped_silently(
    served: tuple[Database, SessionRepository, str],
    server_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[SessionRepository, str]:
    """The pooled connection gone as a network drops it: nothing waits on its socket."""
    from app.storage import engine as engine_module

    database, repository, session_id = served
    monkeypatch.setattr(engine_module, "has_word_waiting", lambda _connection: False)
    _end_backend(server_url, _pooled_backend_pid(database))
    return repository, session_id


def test_a_connection_idle_for_long_is_pinged_even_when_its_goodbye_never_came(
    dropped_silently: tuple[SessionRepository, str], monkeypatch: pytest.MonkeyPatch
):
    from app.storage import engine as engine_module

    repository, session_id = dropped_silently
    monkeypatch.setattr(engine_module, "IDLE_BEFORE_PING_S", 0.0)
    _add_a_note(repository, session_id)
    assert "After the restart" in {n.text for n in repository.load_session(session_id).notes}


def test_without_the_check_that_change_would_have_failed(
    dropped_silently: tuple[SessionRepository, str],
):
    repository, session_id = dropped_silently
    with pytest.raises(ConnectionLost, match="dropped; Dotstorm reconnects by itself"):
        _add_a_note(repository, session_id)
    _add_a_note(repository, session_id)  # and the pool has a new connection for the next


def test_a_connection_handed_back_moments_ago_goes_to_work_without_a_ping(
    served: tuple[Database, SessionRepository, str], monkeypatch: pytest.MonkeyPatch
):
    from sqlalchemy.engine.interfaces import DBAPIConnection

    from app.storage import engine as engine_module

    database, repository, session_id = served
    pings: list[object] = []
    ping = database.engine.dialect.do_ping

    def counted(dbapi_connection: DBAPIConnection) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(database.engine.dialect, "do_ping", counted)
    for _ in range(3):
        _add_a_note(repository, session_id)
    assert pings == []  # the room's rapid notes: one round trip each, no check
    monkeypatch.setattr(engine_module, "IDLE_BEFORE_PING_S", 0.0)
    _add_a_note(repository, session_id)
    assert pings  # after an idle spell, checked first


def test_a_parameter_value_the_driver_quotes_back_is_masked():
    """psycopg quotes a bad value; the password it happens to be never shows."""
    secret = "Tr0ub4dor-x9-Secret"
    url = resolve_database_url(f"postgresql://maya:{secret}@127.0.0.1:9/dotstorm?sslmode={secret}")
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(url)
    assert str(refused.value).endswith('invalid sslmode value: "***".')
    assert secret not in str(refused.value)
