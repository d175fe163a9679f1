"""A PostgreSQL server as the database: URLs, the first open, and a server that is not there."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from app.storage.database import open_database
from app.storage.errors import DatabaseUnavailable, ServerUnreachable, UnsupportedDatabase
from app.storage.location import resolve_database_url, server_address, shown_url
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
