"""Someone else's SQLite file, or a Dotstorm file with a log left behind, stays as it was.

Every command (and a window start) either refuses a foreign file in one line or, for
``check``, reads it through a copy: the file and the folder around it are byte-identical.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, byte for byte (a -wal or -shm appearing shows too)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "crm.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers (name) VALUES ('Ada')")
    connection.commit()
    connection.close()
    return path


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["actions"],
    ["import", str(EXAMPLE_FILE)],
    ["export", "x", "--format", "json"],
    ["backup"],
    ["check"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_every_command_leaves_a_foreign_file_byte_identical(
    dotstorm: Dotstorm, foreign: Path, command: list[str]
):
    before = folder_bytes(foreign.parent)
    line = assert_one_line_error(dotstorm(*command, "--db", str(foreign), db=False))
    assert "not a Dotstorm database" in line, line
    assert folder_bytes(foreign.parent) == before


def test_check_leaves_a_write_ahead_log_where_it_was(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    path = dotstorm.db_path
    # A crash: a writer in WAL mode that never closed leaves its log behind.
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE sessions SET title = 'Changed in the log'")
    before = folder_bytes(path.parent)
    assert path.name + "-wal" in before
    try:
        assert "is sound" in dotstorm.ok("check")
        assert folder_bytes(path.parent) == before
    finally:
        writer.close()
