"""A damaged page or a broken reference is found before the first write of every open."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli_common import CommandError
from app.cli_sessions import run_check
from app.core.demo import build_demo_session
from app.storage.backup import quick_check_problems
from app.storage.database import open_database
from app.storage.errors import DatabaseCorrupt
from app.storage.repository import SessionRepository
from tests.damage import A_NOTE_OF_NO_SESSION, damage_a_middle_page, fingerprint, hand_edit

# Commits one change and dies before SQLite can fold its write-ahead log into the file.
pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


CRASH_AFTER_A_COMMIT = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("UPDATE sessions SET title = 'Changed before the crash'")
os._exit(0)
"""


def a_database_with_the_demo(db_url: str) -> None:
    database = open_database(db_url)
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()


def test_a_damaged_page_is_refused_before_anything_is_written(db_url: str, db_path: Path):
    a_database_with_the_demo(db_url)
    damage_a_middle_page(db_path)
    before = fingerprint(db_path)
    with pytest.raises(DatabaseCorrupt) as refused:
        open_database(db_url)
    message = str(refused.value)
    assert str(db_path) in message and "is damaged" in message
    assert message.endswith("nothing was written to it.") and "\n" not in message
    assert fingerprint(db_path) == before


def test_after_a_crash_the_full_check_reads_the_log_and_leaves_it_in_place(
    db_url: str, db_path: Path
):
    a_database_with_the_demo(db_url)
    subprocess.run([sys.executable, "-c", CRASH_AFTER_A_COMMIT, str(db_path)], check=True)
    wal = Path(f"{db_path}-wal")
    assert wal.stat().st_size > 0
    damage_a_middle_page(db_path)
    before = fingerprint(db_path)
    assert set(before) == {db_path.name, wal.name}
    with pytest.raises(DatabaseCorrupt, match="did not close cleanly last time"):
        open_database(db_url, after_crash=True)
    assert fingerprint(db_path) == before


def test_a_sound_file_with_a_crashs_log_opens_with_the_logged_change(db_url: str, db_path: Path):
    a_database_with_the_demo(db_url)
    subprocess.run([sys.executable, "-c", CRASH_AFTER_A_COMMIT, str(db_path)], check=True)
    assert quick_check_problems(db_path) == []
    database = open_database(db_url, after_crash=True)
    try:
        (summary,) = SessionRepository(database.engine).list_sessions()
        assert summary.title == "Changed before the crash"
    finally:
        database.close()


INTERRUPTED_ON_A_SHARE = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA cache_size = 1")
connection.execute("BEGIN")
connection.execute("DELETE FROM notes")
os._exit(0)
"""


def test_a_rollback_journal_left_by_a_crash_is_replayed_then_checked(db_url: str, db_path: Path):
    a_database_with_the_demo(db_url)
    subprocess.run([sys.executable, "-c", INTERRUPTED_ON_A_SHARE, str(db_path)], check=True)
    assert Path(f"{db_path}-journal").exists()
    notes = len(build_demo_session().notes)
    assert quick_check_problems(db_path) == []
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert connection.execute("SELECT count(*) FROM notes").fetchone()[0] == notes
    finally:
        connection.close()


def test_a_note_of_no_session_is_refused_before_anything_is_written(db_url: str, db_path: Path):
    a_database_with_the_demo(db_url)
    hand_edit(db_path, A_NOTE_OF_NO_SESSION)
    before = fingerprint(db_path)
    problem = "row 1 of notes refers to a missing row of sessions"
    assert quick_check_problems(db_path) == [problem]  # what every open runs
    with pytest.raises(CommandError) as checked:  # what dotstorm check says
        run_check(argparse.Namespace(), str(db_path))
    assert str(checked.value) == f"{db_path} is damaged: {problem}; nothing was written to it."
    with pytest.raises(DatabaseCorrupt) as refused:
        open_database(db_url)
    assert str(refused.value) == f"{db_path} is damaged: {problem}; nothing was written to it."
    assert fingerprint(db_path) == before
