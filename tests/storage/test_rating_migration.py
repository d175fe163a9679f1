"""Migration 0012: rating and rank rounds, and the bias controls of every round.

A database at 0011 held dot rounds only, none with a control on: after the upgrade
every round reads so, on SQLite and on a server alike; the downgrade takes the new
tables and columns away again, and what the models say is what the migrations build.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from app.core.demo import DEMO_SESSION_ID
from app.core.types import RoundKind
from app.storage.database import open_database
from app.storage.models import Base
from app.storage.repository import SessionRepository
from app.storage.search_upkeep import is_search_object
from tests.conftest import FIXTURES
from tests.storage.rating_rounds import with_every_kind_of_round
from tests.storage.test_via_migration import down_to

NEW_TABLES = {"round_criteria", "ratings", "ranks"}
NEW_COLUMNS = {"kind", "rank_size", "shuffle", "no_self_votes"}


def assert_dot_rounds_without_controls(repository: SessionRepository, session_id: str) -> None:
    rounds = repository.load_session(session_id).vote_rounds
    assert rounds
    for vote_round in rounds:
        assert vote_round.kind is RoundKind.DOTS
        assert (vote_round.shuffle, vote_round.no_self_votes) == (False, False)
        assert vote_round.rank_size is None
        assert (vote_round.criteria, vote_round.ratings, vote_round.ranks) == ((), (), ())


@pytest.mark.sqlite_only
def test_the_0011_file_upgrades_with_every_round_a_dot_round_without_controls(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schemas" / "schema-0011.sqlite3", path)
    connection = sqlite3.connect(path)
    try:
        rounds = connection.execute("SELECT count(*) FROM vote_rounds").fetchone()[0]
        dots = connection.execute("SELECT count(*) FROM dots").fetchone()[0]
    finally:
        connection.close()
    assert rounds and dots
    open_database(f"sqlite:///{path}").close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute(
            "SELECT kind, rank_size, shuffle, no_self_votes, count(*) FROM vote_rounds "
            "GROUP BY kind, rank_size, shuffle, no_self_votes"
        ).fetchall() == [("dots", None, 0, 0, rounds)]
        assert connection.execute("SELECT count(*) FROM dots").fetchone()[0] == dots
        for table in NEW_TABLES:
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        connection.close()
    database = open_database(f"sqlite:///{path}")
    try:
        repository = SessionRepository(database.engine)
        for summary in repository.list_sessions():
            assert_dot_rounds_without_controls(repository, summary.id)
        demo = repository.load_session(DEMO_SESSION_ID)
        assert sum(len(r.dots) for r in demo.vote_rounds) > 0  # every dot still there
    finally:
        database.close()


def test_down_to_0011_and_up_again(db_url: str):
    session = with_every_kind_of_round()
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        down_to(database.engine, "0011")
        schema = inspect(database.engine)
        assert NEW_TABLES.isdisjoint(schema.get_table_names())
        assert NEW_COLUMNS.isdisjoint(c["name"] for c in schema.get_columns("vote_rounds"))
        with database.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == "0011"
    finally:
        database.close()

    upgraded = open_database(db_url)
    try:
        repository = SessionRepository(upgraded.engine)
        assert_dot_rounds_without_controls(repository, session.id)
        dot_round, *others = repository.load_session(session.id).vote_rounds
        assert dot_round == session.vote_rounds[0]
        assert [r.id for r in others] == [r.id for r in session.vote_rounds[1:]]
    finally:
        upgraded.close()


def _keys(engine: Engine) -> dict[str, Any]:
    """Every table's columns, keys, constraints and indexes, as SQLite reads them back."""
    shape: dict[str, Any] = {}
    with engine.connect() as connection:
        schema = inspect(connection)
        for table in schema.get_table_names():
            if table == "alembic_version" or is_search_object(table):
                continue  # the search indexes live outside the models
            shape[table] = {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in schema.get_columns(table)
                ),
                "primary key": schema.get_pk_constraint(table),
                "foreign keys": sorted(
                    (
                        str(f["name"]),
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                        repr(sorted(f["options"].items())),
                    )
                    for f in schema.get_foreign_keys(table)
                ),
                "unique": sorted(
                    (str(u["name"]), tuple(u["column_names"]))
                    for u in schema.get_unique_constraints(table)
                ),
                "checks": sorted(
                    (str(c["name"]), c["sqltext"]) for c in schema.get_check_constraints(table)
                ),
                "indexes": sorted(
                    (str(i["name"]), tuple(map(str, i["column_names"])), i["unique"])
                    for i in schema.get_indexes(table)
                ),
            }
    return shape


@pytest.mark.sqlite_only
def test_the_models_build_the_keys_and_constraints_the_migrations_build():
    """Beyond the columns the schema label compares: keys, foreign keys, CHECKs, indexes."""
    from alembic import command

    from app.storage.schema_revision import alembic_config

    from_models, migrated = create_engine("sqlite://"), create_engine("sqlite://")
    try:
        Base.metadata.create_all(from_models)
        config = alembic_config()
        with migrated.connect() as connection:
            config.attributes["connection"] = connection
            with connection.begin():
                command.upgrade(config, "head")
        assert _keys(from_models) == _keys(migrated)
    finally:
        from_models.dispose()
        migrated.dispose()


def test_every_table_tells_the_other_laptops_of_its_changes(server_url: str):
    """On a server every table has the trigger that sends the change notice (0008, 0012)."""
    engine = create_engine(server_url)
    try:
        with engine.connect() as connection:
            announced = set(
                connection.execute(
                    text(
                        "SELECT c.relname FROM pg_trigger AS t JOIN pg_class AS c "
                        "ON c.oid = t.tgrelid WHERE t.tgname = 'dotstorm_announce_' || c.relname"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= announced
