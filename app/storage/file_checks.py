"""The checks a database file passes before anything connects to it, with plain sqlite3.

Nothing here imports SQLAlchemy: ``dotstorm list`` checks a current file this way and
lists it with one plain query (``schema_revision.quick_session_list``); opening the
database (``database.open_database``) runs the same checks first.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.backup import (
    integrity_problems,
    looks_like_sqlite,
    quick_check_problems,
    sweep_partial_copies,
)
from app.storage.errors import (
    DatabaseCorrupt,
    DatabaseUnavailable,
    NotADotstormDatabase,
    damaged,
    file_not_writable,
    folder_not_writable,
    not_a_database,
    not_a_file,
)
from app.storage.filesystem import network_filesystem, special_file_kind, writable_folder
from app.storage.schema_label import label_problems
from app.storage.schema_revision import foreign_tables


def check_database_file(
    path: Path,
    backup_dir: Path,
    *,
    after_crash: bool = False,
    extra_version_locations: tuple[str, ...] = (),
) -> str | None:
    """Refuse a file Dotstorm must not open, before any connection; the network share, if any.

    Creates the folder, clears what a backup or a restore killed midway left behind,
    and raises a :class:`~app.storage.errors.StorageError` (one sentence) for a place
    that is no file or cannot be written, someone else's database, or a damaged one
    (see :func:`refuse_damage`). Returns the network file system the file lies on.
    """
    prepare_file(path)
    # What a backup or a restore killed midway left behind (560 MB in one run).
    sweep_partial_copies(backup_dir)
    sweep_partial_copies(path.parent)
    share = network_filesystem(path)
    # Identify before the first connection: connecting switches the journal mode,
    # which rewrites the header of a file that may be someone else's.
    if foreign_tables(path):
        raise NotADotstormDatabase(f"{path} holds other tables and is not a Dotstorm database.")
    refuse_damage(path, after_crash, extra_version_locations)
    return share


def prepare_file(path: Path) -> None:
    """Make the folder; refuse a place that is no file, or that cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            f"Cannot create the folder {path.parent}: {error.strerror}."
        ) from None
    kind = special_file_kind(path)  # asked first: reading a named pipe waits forever
    if kind is not None:
        raise DatabaseUnavailable(not_a_file(path, kind))
    # SQLite writes its journal and lock files beside the database, so the folder
    # itself must be writable, not only the file.
    if not writable_folder(path.parent):
        raise DatabaseUnavailable(folder_not_writable(path.parent))
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseUnavailable(file_not_writable(path))
    if path.exists() and not looks_like_sqlite(path):
        raise DatabaseCorrupt(not_a_database(path))


def refuse_damage(
    path: Path, after_crash: bool, extra_version_locations: tuple[str, ...] = ()
) -> None:
    """Raise :class:`DatabaseCorrupt` for a damaged file; read-only, so it stays as it was.

    Damaged is what ``dotstorm check`` calls damaged: a page or a reference
    (``quick_check`` and ``foreign_key_check``; the full ``integrity_check`` after a
    crash), or a schema label that does not fit the tables.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    problems = integrity_problems(path) if after_crash else quick_check_problems(path)
    if not problems:
        problems = label_problems(path, extra_version_locations=extra_version_locations)
    if problems:
        raise DatabaseCorrupt(damaged(path, problems, after_crash=after_crash))
