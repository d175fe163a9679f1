"""Every command refuses a damaged database in one line, in check's words, and writes nothing.

Damaged: a page, a broken reference, a hand-edited schema label. Values no read can
convert are named by check and by the read that meets them. Where the database
should be, a folder, pipe, socket or device is named too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE
from tests.damage import (
    A_NOTE_OF_NO_SESSION,
    SCHEMA_LABELS,
    damage_a_middle_page,
    fingerprint,
    hand_edit,
)

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


@pytest.fixture
def damaged(db_path: Path) -> dict[str, str]:
    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    damage_a_middle_page(db_path)
    return fingerprint(db_path)


COMMANDS = {
    "list": ["list"],
    "list --json": ["list", "--json"],
    "actions": ["actions"],
    "export json": ["export", DEMO_SESSION_ID, "--format", "json", "-o", "{out}/out.json"],
    "export pdf": ["export", DEMO_SESSION_ID, "--format", "pdf", "-o", "{out}/out.pdf"],
    "import": ["import", str(EXAMPLE_FILE)],
    "backup": ["backup", "{out}/backups"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_refuses_it_in_one_line_and_leaves_it_as_it_was(
    dotstorm: Dotstorm, db_path: Path, tmp_path: Path, damaged: dict[str, str], command: str
):
    out = tmp_path / "out"
    out.mkdir()
    args = [arg.format(out=out) for arg in COMMANDS[command]]
    line = assert_one_line_error(dotstorm(*args))
    assert "is damaged" in line, line
    assert fingerprint(db_path) == damaged
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_check_names_the_damage(dotstorm: Dotstorm, db_path: Path, damaged: dict[str, str]):
    line = assert_one_line_error(dotstorm("check"))
    assert f"{db_path} is damaged: " in line and "malformed" in line
    assert fingerprint(db_path) == damaged


@pytest.fixture
def sound(db_path: Path) -> Path:
    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    return db_path


WRITERS_AND_READERS = ["check", "list", "actions", "export json", "import"]


@pytest.mark.parametrize("command", WRITERS_AND_READERS)
def test_a_note_of_no_session_is_refused_by_every_command_in_checks_words(
    dotstorm: Dotstorm, sound: Path, tmp_path: Path, command: str
):
    hand_edit(sound, A_NOTE_OF_NO_SESSION)
    before = fingerprint(sound)
    out = tmp_path / "out"
    out.mkdir()
    args = ["check"] if command == "check" else COMMANDS[command]
    line = assert_one_line_error(dotstorm(*(arg.format(out=out) for arg in args)))
    assert line == (
        f"dotstorm: {sound} is damaged: row 1 of notes refers to a missing row of sessions; "
        "nothing was written to it."
    )
    assert fingerprint(sound) == before


@pytest.mark.parametrize("edit", SCHEMA_LABELS)
@pytest.mark.parametrize("command", [*WRITERS_AND_READERS, "backup"])
def test_a_hand_edited_schema_label_is_named_by_every_command(
    dotstorm: Dotstorm, sound: Path, tmp_path: Path, edit: str, command: str
):
    hand_edit(sound, SCHEMA_LABELS[edit])
    before = fingerprint(sound)
    out = tmp_path / "out"
    out.mkdir()
    args = ["check"] if command == "check" else COMMANDS[command]
    line = assert_one_line_error(dotstorm(*(arg.format(out=out) for arg in args)))
    assert f"{sound} is damaged" in line and "schema label" in line, line
    assert fingerprint(sound) == before
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_an_unknown_schema_label_is_named_by_check_as_by_every_other_command(
    dotstorm: Dotstorm, sound: Path
):
    hand_edit(sound, "UPDATE alembic_version SET version_num = 'zzzz'")
    lines = {assert_one_line_error(dotstorm(command)) for command in ("check", "list", "backup")}
    assert lines == {
        f"dotstorm: {sound} was written by a newer Dotstorm (schema zzzz), or its schema label "
        "was changed by hand; update Dotstorm to open it."
    }


UNREADABLE = {
    "a time": ("UPDATE notes SET created_at = 'yesterday-ish' WHERE rowid = 1", "created_at"),
    "a date": ("UPDATE action_items SET due_date = '2026-02-30' WHERE rowid = 1", "due_date"),
    "an enum": ("UPDATE phases SET kind = 'siesta' WHERE rowid = 1", "kind"),
    "text for a number": ("UPDATE notes SET x = 'left' WHERE rowid = 1", "x"),
    "a flag of 7": ("UPDATE notes SET hidden = 7 WHERE rowid = 1", "hidden"),
    "bytes for text": ("UPDATE notes SET text = x'00ff' WHERE rowid = 1", "text"),
}


@pytest.mark.parametrize("value", UNREADABLE)
def test_an_unreadable_value_is_named_by_check_and_refused_by_export_in_the_same_words(
    dotstorm: Dotstorm, sound: Path, tmp_path: Path, value: str
):
    edit, column = UNREADABLE[value]
    hand_edit(sound, edit)
    before = fingerprint(sound)
    checked = assert_one_line_error(dotstorm("check"))
    assert checked.startswith(f"dotstorm: {sound}: ") and f" has the {column} " in checked
    assert "sound" not in checked
    for kind in ("json", "md", "pdf"):
        exported = dotstorm(
            "export", DEMO_SESSION_ID, "--format", kind, "-o", str(tmp_path / f"out.{kind}")
        )
        assert assert_one_line_error(exported) == checked
        assert not (tmp_path / f"out.{kind}").exists()
    assert fingerprint(sound) == before


@pytest.mark.parametrize("kind", ["a folder", "a named pipe", "a socket", "a device"])
@pytest.mark.parametrize("command", [*WRITERS_AND_READERS, "backup", "init"])
def test_no_file_where_the_database_should_be_is_named_by_every_command(
    dotstorm: Dotstorm, tmp_path: Path, kind: str, command: str
):
    import os
    import socket

    place = dotstorm.db_path
    place.parent.mkdir(parents=True, exist_ok=True)
    held = None
    if kind == "a folder":
        place.mkdir()
    elif kind == "a named pipe":
        os.mkfifo(place)  # reading it would wait for a writer forever
    elif kind == "a socket":
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(place))
    else:
        place.symlink_to("/dev/null")
    try:
        args = [command] if command in ("check", "init") else COMMANDS[command]
        line = assert_one_line_error(dotstorm(*(arg.format(out=tmp_path) for arg in args)))
        named = "/dev/null" if kind == "a device" else place  # --db's links are followed
        assert line == (
            f"dotstorm: {named} is {kind}, not a database file; give --db the path of a file."
        )
    finally:
        if held is not None:
            held.close()
