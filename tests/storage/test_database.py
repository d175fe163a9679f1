"""Opening databases: new, current, older (backed up, then upgraded), foreign and broken."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.session_format import parse_session_file
from app.storage.backup import integrity_problems
from app.storage.database import Database, open_database
from app.storage.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    DatabaseUnavailable,
    NotADotstormDatabase,
)
from app.storage.repository import SessionRepository
from app.storage.schema_revision import HEAD_REVISION
from tests.conftest import EXAMPLE_FILE, as_given

EXTRA_REVISION = '''
"""A later schema, for the test: adds a column to notes."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("votes_cache", sa.Integer(), nullable=True))
    # A batch rebuild of a parent table must not cascade-delete its children.
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=True))


def downgrade() -> None:
    pass
'''


def revision_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.sqlite_only
def test_a_new_database_gets_the_current_schema(db_url: str, db_path: Path):
    database = open_database(db_url)
    database.close()
    assert revision_of(db_path) == HEAD_REVISION
    assert database.migration_backup is None
    assert integrity_problems(db_path) == []


def test_notes_keep_one_index_per_way_they_are_looked_up(database: Database):
    from sqlalchemy import inspect

    with database.engine.connect() as connection:
        indexes = {i["name"]: i["column_names"] for i in inspect(connection).get_indexes("notes")}
    assert indexes["ix_notes_session_id_position"] == ["session_id", "position"]
    # A session's notes and its foreign key's checks use that one: no index of its prefix.
    assert ["session_id"] not in indexes.values()


@pytest.mark.sqlite_only
def test_an_older_schema_is_backed_up_then_upgraded_without_loss(
    db_url: str, db_path: Path, tmp_path: Path
):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    database = open_database(db_url)
    SessionRepository(database.engine).add_session(example)
    database.close()

    later = tmp_path / "later_versions"
    later.mkdir()
    (later / "9001_later.py").write_text(EXTRA_REVISION.replace("{head}", HEAD_REVISION))
    upgraded = open_database(db_url, extra_version_locations=(str(later),))
    try:
        assert upgraded.migration_backup is not None
        assert upgraded.migration_backup.exists()
        assert revision_of(upgraded.migration_backup) == HEAD_REVISION
        assert integrity_problems(upgraded.migration_backup) == []
        assert revision_of(db_path) == "9001"
        loaded = SessionRepository(upgraded.engine).load_session(example.id)
        assert as_given(loaded, example) == example
    finally:
        upgraded.close()


@pytest.mark.sqlite_only
def test_a_database_from_a_newer_dotstorm_is_refused(db_url: str, db_path: Path):
    open_database(db_url).close()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = 'fffffff'")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseTooNew, match="newer Dotstorm"):
        open_database(db_url)
    assert revision_of(db_path) == "fffffff"


@pytest.mark.sqlite_only
def test_a_file_that_is_not_sqlite_is_refused_untouched(db_url: str, db_path: Path):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are my meeting notes, not a database")
    with pytest.raises(DatabaseCorrupt, match="not SQLite at all"):
        open_database(db_url)
    assert db_path.read_bytes() == b"these are my meeting notes, not a database"


@pytest.mark.sqlite_only
def test_someone_elses_database_is_refused(db_url: str, db_path: Path):
    db_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.commit()
    connection.close()
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir()}
    with pytest.raises(NotADotstormDatabase, match="not a Dotstorm database"):
        open_database(db_url)
    # Refused before the first connection: not even the journal mode (header bytes
    # 18-19) changed, and no log or index file appeared beside it.
    assert {p.name: p.read_bytes() for p in db_path.parent.iterdir()} == before


def test_a_folder_that_cannot_be_made_is_reported(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="Cannot create the folder"):
        open_database(f"sqlite:///{blocker}/sub/dotstorm.sqlite3")


def test_a_folder_given_as_the_database_is_reported(tmp_path: Path):
    with pytest.raises(DatabaseUnavailable, match="is a folder"):
        open_database(f"sqlite:///{tmp_path}")


@pytest.mark.sqlite_only
def test_a_database_at_the_first_schema_upgrades_with_its_data(db_url: str, db_path: Path):
    from alembic import command
    from sqlalchemy import text

    from app.storage.engine import make_engine
    from app.storage.schema_revision import alembic_config

    engine = make_engine(db_url)
    db_path.parent.mkdir(parents=True)
    config = alembic_config()
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO sessions (id, title, goal, question, facilitator, status) "
                "VALUES ('65da769a-d733-40d0-a5ac-ffbe93594acc', 'Old one', 'g', 'q', 'f', "
                "'planned')"
            )
        )
    engine.dispose()
    assert revision_of(db_path) == "0001"

    upgraded = open_database(db_url)
    try:
        assert upgraded.migration_backup is not None
        assert revision_of(upgraded.migration_backup) == "0001"
        session = SessionRepository(upgraded.engine).load_session(
            "65da769a-d733-40d0-a5ac-ffbe93594acc"
        )
        assert session.title == "Old one" and session.anonymous_ideas is False
    finally:
        upgraded.close()


def test_head_revision_is_alembics_head():
    from alembic.script import ScriptDirectory

    from app.storage.schema_revision import alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


@pytest.mark.sqlite_only
def test_a_current_database_opens_without_importing_alembic(db_url: str, db_path: Path):
    import subprocess
    import sys

    open_database(db_url).close()  # created and migrated: Alembic's work is done
    probe = (
        "import sys\n"
        "from app.storage.database import open_database\n"
        "from app.storage.repository import SessionRepository\n"
        f"database = open_database({db_url!r})\n"
        "SessionRepository(database.engine).list_sessions()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
    assert revision_of(db_path) == HEAD_REVISION
