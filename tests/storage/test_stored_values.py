"""A value no read can convert is named by table, row and column, and never read as data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.core.session_format import parse_session_file
from app.storage.database import open_database
from app.storage.errors import UnknownStoredValue
from app.storage.repository import SessionRepository
from app.storage.stored_values import unreadable_values
from tests.conftest import EXAMPLE_FILE
from tests.damage import hand_edit

pytestmark = pytest.mark.sqlite_only  # SQLite keeps any value in any column; a server does not

DEMO_NOTE = "21148ea4"
"""The demo's first note (rowid 1)."""

EDITS = {
    "a time": (
        "UPDATE notes SET created_at = 'yesterday-ish' WHERE rowid = 1",
        f"note {DEMO_NOTE} ('Shared checklist for every order hand-of…') has the created_at "
        "'yesterday-ish', which this Dotstorm cannot read",
    ),
    "a date": (
        "UPDATE action_items SET due_date = '2026-02-30' WHERE rowid = 1",
        "action 2bfb9bf2 ('Publish the top-10 FAQ page') has the due_date '2026-02-30', "
        "which this Dotstorm cannot read",
    ),
    "an enum": (
        "UPDATE notes SET idea_status = 'maybe' WHERE rowid = 1",
        f"note {DEMO_NOTE} ('Shared checklist for every order hand-of…') has the idea_status "
        "'maybe', which this Dotstorm does not know",
    ),
    "text for a number": (
        "UPDATE notes SET position = 'first' WHERE rowid = 1",
        f"note {DEMO_NOTE} ('Shared checklist for every order hand-of…') has the position "
        "'first', which this Dotstorm cannot read",
    ),
    "bytes for text": (
        "UPDATE notes SET text = x'00ff' WHERE rowid = 1",
        f"note {DEMO_NOTE} has the text b'\\x00\\xff', which this Dotstorm cannot read",
    ),
    "a dot's count": (
        "UPDATE dots SET count = 'two' WHERE rowid = 1",
        "row 1 of dots has the count 'two', which this Dotstorm cannot read",
    ),
}


@pytest.fixture
def demo_file(db_url: str, db_path: Path) -> Path:
    database = open_database(db_url)
    repository = SessionRepository(database.engine)
    repository.add_session(build_demo_session())
    repository.import_session(parse_session_file(EXAMPLE_FILE.read_bytes()))
    database.close()
    return db_path


def found_in(path: Path, session_id: str | None = None) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return unreadable_values(connection, session_id=session_id)
    finally:
        connection.close()


def test_a_sound_database_holds_none(demo_file: Path):
    assert found_in(demo_file) == []


@pytest.mark.parametrize("edit", EDITS)
def test_each_is_named_by_row_and_column_and_refused_by_the_read(demo_file: Path, edit: str):
    statement, line = EDITS[edit]
    hand_edit(demo_file, statement)
    assert found_in(demo_file) == [line]
    assert found_in(demo_file, DEMO_SESSION_ID) == [line]  # the demo's own rows
    example = parse_session_file(EXAMPLE_FILE.read_bytes()).id
    assert found_in(demo_file, example) == []  # another session's rows are not looked at
    database = open_database(f"sqlite:///{demo_file}")
    try:
        repository = SessionRepository(database.engine)
        with pytest.raises(UnknownStoredValue) as refused:
            repository.load_session(DEMO_SESSION_ID)
        assert str(refused.value) == (
            f"{demo_file}: {line}; it was written by hand or by a newer Dotstorm."
        )
        assert repository.load_session(example).id == example
    finally:
        database.close()


def test_a_session_whose_time_cannot_be_read_is_left_out_of_the_list_and_named(
    demo_file: Path,
):
    hand_edit(demo_file, f"UPDATE sessions SET created_at = 'soon' WHERE id = '{DEMO_SESSION_ID}'")
    database = open_database(f"sqlite:///{demo_file}")
    try:
        listed, left_out = SessionRepository(database.engine).session_listing()
    finally:
        database.close()
    assert [s.id for s in listed] == [parse_session_file(EXAMPLE_FILE.read_bytes()).id]
    (line,) = left_out
    assert line.startswith(f"session {DEMO_SESSION_ID[:8]} (") and "'soon'" in line
