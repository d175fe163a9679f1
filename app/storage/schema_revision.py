"""The newest schema revision, and the library's first listing, with plain sqlite3.

Nothing here imports SQLAlchemy or Alembic: the library window lists the sessions of a
current database with one query before either is loaded (a third of a second), and the
repository takes over on the next turn of the event loop.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.types import SessionStatus, SessionSummary

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0015"
"""The newest migration; a test keeps it equal to Alembic's head."""

SUMMARY_QUERY = """
SELECT s.id, s.title, s.goal, s.status, s.created_at,
       (SELECT count(*) FROM participants WHERE session_id = s.id),
       (SELECT count(*) FROM notes WHERE session_id = s.id),
       (SELECT count(*) FROM vote_rounds WHERE session_id = s.id),
       (SELECT count(*) FROM action_items WHERE session_id = s.id),
       s.goal_id
FROM sessions AS s
ORDER BY s.created_at DESC, s.title
"""


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def foreign_tables(path: Path) -> set[str]:
    """The tables of an SQLite file that is not Dotstorm's (empty: ours, or blank).

    The file is opened immutable: nothing is written, locked or created beside it,
    so a file that turns out to be someone else's is left exactly as it was.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return set()  # damaged: the full open says so in its own words
    tables = {str(row[0]) for row in rows}
    return set() if "alembic_version" in tables else tables


def on_disk_revision(path: Path) -> str | None:
    """The schema revision recorded in the file; ``None`` when it cannot be read."""
    if not path.is_file():
        return None
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return None  # opening it properly says what is wrong, in its own words
    return str(rows[0][0]) if len(rows) == 1 else None


def quick_session_list(path: Path) -> list[SessionSummary] | None:
    """What the library lists, as the repository would list it; ``None`` if unsure.

    Only a database already at :data:`HEAD_REVISION` is read; anything else (older,
    newer, damaged, foreign) waits for the full open, which checks and migrates.
    """
    if on_disk_revision(path) != HEAD_REVISION:
        return None
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute(SUMMARY_QUERY).fetchall()
        finally:
            connection.close()
        return [
            SessionSummary(
                id=str(row[0]),
                title=str(row[1]),
                goal=str(row[2] or ""),
                status=SessionStatus(row[3]),
                created_at=stored_time(row[4]),
                participants=int(row[5]),
                notes=int(row[6]),
                vote_rounds=int(row[7]),
                action_items=int(row[8]),
                goal_id=None if row[9] is None else str(row[9]),
            )
            for row in rows
        ]
    except (sqlite3.Error, ValueError, TypeError):
        return None


def stored_time(value: object) -> datetime | None:
    """A stored UTC time, aware; ``ValueError`` for text that is no time.

    SQLite keeps it as naive ``YYYY-MM-DD HH:MM:SS.ffffff`` text, a server's driver
    gives it as a naive ``datetime``.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        raise TypeError(f"a time stored as {type(value).__name__}")
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


MIGRATIONS = "app.storage:migrations"


def alembic_config(extra_version_locations: tuple[str, ...] = ()) -> Config:
    """The Alembic configuration of the app (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    if extra_version_locations:
        locations = [str(Path(__file__).parent / "migrations" / "versions")]
        locations.extend(extra_version_locations)
        config.set_main_option("version_locations", " ".join(locations))
        config.set_main_option("path_separator", "space")
    return config
