"""Every connection gets Dotstorm's pragmas; write transactions take the lock up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.storage.database import Database
from app.storage.engine import BUSY_TIMEOUT_MS, read_only


@pytest.mark.sqlite_only
def test_every_connection_has_the_pragmas(database: Database):
    with database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_MS


def _try_to_write(path: Path) -> str:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return "free"
    except sqlite3.OperationalError as error:
        return str(error)
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_a_write_transaction_holds_the_write_lock_from_its_start(
    database: Database, db_path: Path
):
    with database.engine.begin() as connection:
        connection.execute(text("SELECT 1"))
        assert _try_to_write(db_path) == "database is locked"
    assert _try_to_write(db_path) == "free"


@pytest.mark.sqlite_only
def test_a_read_transaction_does_not_block_writers(database: Database, db_path: Path):
    with read_only(database.engine).begin() as connection:
        connection.execute(text("SELECT count(*) FROM sessions"))
        assert _try_to_write(db_path) == "free"


def test_foreign_keys_are_enforced(database: Database):
    with (
        pytest.raises(Exception, match=r"(?i)foreign key"),
        database.engine.begin() as connection,
    ):
        connection.execute(
            text(
                "INSERT INTO participants (id, session_id, position, name, department, role) "
                "VALUES ('p', 'no-such-session', 0, 'A', '', 'participant')"
            )
        )
