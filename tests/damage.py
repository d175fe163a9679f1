"""A Dotstorm database with one damaged page in its middle, as a failing disk leaves it."""

from __future__ import annotations

import hashlib
from pathlib import Path

PAGE_SIZE = 4096


def damage_a_middle_page(path: Path) -> int:
    """Overwrite one page halfway through ``path`` with a repeated byte; return its number.

    The header (page 1) and the schema stay readable, so the file still looks like
    a Dotstorm database to anything that only reads its first page.
    """
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE_SIZE
    assert pages >= 8, f"{path} is too small to damage in its middle ({pages} pages)"
    page = pages // 2
    start = (page - 1) * PAGE_SIZE
    data[start : start + PAGE_SIZE] = b"\xa5" * PAGE_SIZE
    path.write_bytes(bytes(data))
    return page


def fingerprint(path: Path) -> dict[str, str]:
    """A digest of the database and of every file of its own beside it (-wal, -journal)."""
    found = {}
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-journal"))):
        if candidate.exists() and candidate.stat().st_size:
            found[candidate.name] = hashlib.sha256(candidate.read_bytes()).hexdigest()
    return found


def hand_edit(path: Path, *statements: str) -> None:
    """Change the file as someone with the sqlite3 shell would: no checks, no foreign keys."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


SCHEMA_LABELS = {
    "an older label": "UPDATE alembic_version SET version_num = '0009'",
    "two rows": "INSERT INTO alembic_version VALUES ('0007')",
    "an empty label table": "DELETE FROM alembic_version",
}
"""Hand edits of the schema label that every command names as damage."""

A_NOTE_OF_NO_SESSION = "UPDATE notes SET session_id = 'no-such-session' WHERE rowid = 1"
"""A note pointing at a session that is not there: a broken reference."""
