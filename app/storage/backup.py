"""Verified backups and integrity checks, with the SQLite backup API (never a file copy)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.storage.errors import (
    BackupFailed,
    DatabaseCorrupt,
    DatabaseUnavailable,
    OldBackupsKept,
    not_a_database,
    not_a_file,
)
from app.storage.filesystem import special_file_kind

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_SUFFIX = ".sqlite3"


def refuse_special_file(path: Path) -> None:
    """Raise :class:`DatabaseUnavailable` for a folder, pipe, socket or device at ``path``."""
    kind = special_file_kind(path)
    if kind is not None:
        raise DatabaseUnavailable(not_a_file(path, kind))


def looks_like_sqlite(path: Path) -> bool:
    """Whether ``path`` is empty or starts with the SQLite header."""
    refuse_special_file(path)  # reading a named pipe would wait forever
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)


def integrity_problems(path: Path) -> list[str]:
    """Run ``integrity_check`` and ``foreign_key_check``; return what they found (empty: sound).

    Like :func:`quick_check_problems`, nothing is written to ``path``. Raises
    :class:`DatabaseCorrupt` when the file is not an SQLite database at all.
    """
    if not path.exists():
        raise DatabaseUnavailable(f"There is no database file at {path}.")
    if not looks_like_sqlite(path):
        raise DatabaseCorrupt(not_a_database(path))
    return _checked(path, thorough=True)


def quick_check_problems(path: Path) -> list[str]:
    """Run ``quick_check`` and ``foreign_key_check`` without writing a byte of ``path``.

    The file is opened read-only, so a write-ahead log left by a crash is read (its
    pages are part of the database) but neither replayed into the file nor removed.
    Only a rollback journal left by a crash (the mode used on network shares) needs a
    writing connection: SQLite must put the pages it holds back before anyone reads.
    ``quick_check`` reads every page and cell in linear time; it skips what only
    ``integrity_check`` verifies (that each index matches its table), which the
    check after an unclean shutdown adds. ``foreign_key_check`` finds a row that
    refers to a missing one (a note of a session that is gone), as ``dotstorm check``
    does. Empty: sound. Raises :class:`DatabaseUnavailable` when the file cannot be
    read at all.
    """
    refuse_special_file(path)
    return _checked(path, thorough=False)


def _one_line(problem: str) -> str:
    """SQLite's report without its ``*** in database main ***`` heading, on one line."""
    lines = [line.strip() for line in problem.splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("*** in database"))


class _HotJournal(Exception):
    """A read-only connection met a rollback journal it may not replay."""


def _checked(path: Path, *, thorough: bool) -> list[str]:
    uri = path.resolve().as_uri()
    try:
        return _run_checks(f"{uri}?mode=ro", path, thorough)
    except _HotJournal:
        return _run_checks(uri, path, thorough)


def _run_checks(uri: str, path: Path, thorough: bool) -> list[str]:
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as error:
        raise DatabaseUnavailable(f"Cannot open {path}: {error}.") from None
    try:
        pragma = "integrity_check" if thorough else "quick_check"
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        problems = [_one_line(str(row[0])) for row in rows if row[0] != "ok"]
        if not problems:  # a damaged page may make this one fail: that page is the news
            for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
                problems.append(f"row {rowid} of {table} refers to a missing row of {parent}")
    except sqlite3.DatabaseError as error:
        text = str(error).lower()
        if "readonly" in text and path.with_name(path.name + "-journal").exists():
            raise _HotJournal from None
        if any(word in text for word in ("unable to open", "readonly", "locked", "busy")):
            raise DatabaseUnavailable(f"Cannot read {path}: {error}.") from None
        return [str(error)]
    finally:
        connection.close()
    return problems


@contextlib.contextmanager
def untouched_copy(path: Path) -> Iterator[Path]:
    """A copy of the database at ``path`` and its write-ahead log, to read and throw away.

    Raises :class:`DatabaseUnavailable` when there is no file to copy (or it is a
    folder, a pipe…), :class:`DatabaseCorrupt` when it is not SQLite at all.
    """
    import tempfile

    if not path.exists():
        raise DatabaseUnavailable(f"There is no database file at {path}.")
    if not looks_like_sqlite(path):
        raise DatabaseCorrupt(not_a_database(path))
    with tempfile.TemporaryDirectory(prefix="dotstorm-check-") as folder:
        copy = Path(folder) / path.name
        try:
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        except OSError as error:
            raise DatabaseUnavailable(f"Cannot read {path}: {error.strerror}.") from None
        yield copy


def backup_database(source: Path, destination_dir: Path, label: str = "") -> Path:
    """Copy the database at ``source`` into ``destination_dir`` and verify the copy.

    The copy is made with the SQLite backup API into a temporary file, switched to a
    self-contained rollback journal, checked with ``integrity_check``, and only then
    renamed to its final name. Returns the path of the verified copy.
    """
    try:
        destination_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(
            f"Cannot create the backup folder {destination_dir}: {error.strerror}."
        ) from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{label}" if label else ""
    final = destination_dir / f"dotstorm-{stamp}{suffix}{BACKUP_SUFFIX}"
    partial = destination_dir / f".{final.name}.partial"
    refuse_special_file(source)
    try:
        _create_private_to(partial, source)
        # Read-only: closing a writing connection could fold a crash's log into the file.
        source_connection = sqlite3.connect(
            f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
        try:
            target_connection = sqlite3.connect(partial, isolation_level=None)
            try:
                source_connection.backup(target_connection)
                target_connection.execute("PRAGMA journal_mode = DELETE")
            finally:
                target_connection.close()
        finally:
            source_connection.close()
        problems = integrity_problems(partial)
        if problems:
            raise BackupFailed(f"The backup copy failed its integrity check: {problems[0]}.")
        _fsync(partial)
        partial.replace(final)
        _fsync_dir(destination_dir)
    except (sqlite3.Error, OSError, DatabaseCorrupt) as error:
        raise BackupFailed(f"The backup could not be made: {error}.") from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return final


def _create_private_to(path: Path, source: Path) -> None:
    """Create ``path`` empty, readable by no one ``source`` keeps out, under the umask.

    SQLite would create the copy 0644 less the umask: a database only its owner may
    read would have a backup everyone may.
    """
    path.unlink(missing_ok=True)
    mode = source.stat().st_mode & 0o666
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _taken_at(path: Path) -> datetime | None:
    parts = path.name.split("-")
    if len(parts) < 4 or parts[0] != "dotstorm":
        return None
    try:
        return datetime.strptime("-".join(parts[1:4]).split(".")[0], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def rotate_backups(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete automatic backups that the rotation no longer keeps; return what went.

    A backup that cannot be deleted is not skipped in silence: once the others are
    gone, :class:`RotationIncomplete` says which stayed and why.
    """
    from app.core.retention import backups_to_keep

    found = [
        (path, when)
        for path in folder.glob(f"dotstorm-*{BACKUP_SUFFIX}")
        if (when := _taken_at(path)) is not None
    ]
    keep = backups_to_keep(((p.name, w) for p, w in found), now or datetime.now())
    removed: list[Path] = []
    failures: list[str] = []
    for path, _ in found:
        if path.name not in keep:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                failures.append(f"{path.name} ({error.strerror})")
                continue
            removed.append(path)
    if failures:
        raise RotationIncomplete(removed, failures)
    return removed


class RotationIncomplete(Exception):
    """Some backups the rotation drops could not be deleted."""

    def __init__(self, removed: list[Path], failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.removed = removed
        self.failures = failures


def sweep_partial_copies(folder: Path, older_than_seconds: float = 600) -> list[Path]:
    """Remove what a backup or restore killed midway left: ``.partial`` and ``.restoring``.

    Only files older than ``older_than_seconds`` go, so a copy another Dotstorm (of a
    database in the same folder) is writing right now is left alone.
    """
    import time

    limit = time.time() - older_than_seconds
    swept = []
    for pattern in (".dotstorm-*.partial", ".*.restoring"):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    swept.append(path)
    return swept


def take_backup(source: Path, folder: Path, label: str) -> Path:
    """A verified automatic backup, then the rotation (newest ten, one a day for 14 days).

    Raises :class:`OldBackupsKept` (with the new copy) when old ones could not go.
    """
    copy = backup_database(source, folder, label)
    try:
        rotate_backups(folder)
    except RotationIncomplete as incomplete:
        raise OldBackupsKept(copy, incomplete.failures) from None
    return copy


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup in ``folder`` that passes its integrity check."""
    candidates = sorted(
        (p for p in folder.glob(f"dotstorm-*{BACKUP_SUFFIX}") if _taken_at(p) is not None),
        key=lambda p: _taken_at(p) or datetime.min,
        reverse=True,
    )
    for candidate in candidates:
        try:
            if not integrity_problems(candidate):
                return candidate
        except (DatabaseCorrupt, DatabaseUnavailable):
            continue
    return None


def restore_backup(backup: Path, target: Path) -> Path | None:
    """Put ``backup`` in place of ``target``; the current file (and its WAL) is kept aside.

    Returns where the old file went (``None`` when there was none).
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"{target.name}.set-aside-{stamp}")
    moved = None
    if target.exists():
        target.replace(aside)
        moved = aside
    for suffix in ("-wal", "-shm"):
        extra = target.with_name(target.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(backup, partial)
    _fsync(partial)
    partial.replace(target)
    return moved


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup: where it is, when it was taken, and the sessions it holds."""

    path: Path
    taken_at: datetime
    sessions: tuple[str, ...]


def list_backups(folder: Path) -> list[BackupInfo]:
    """Readable backups in ``folder``, newest first, with their session titles."""
    found: list[BackupInfo] = []
    for path in folder.glob(f"dotstorm-*{BACKUP_SUFFIX}"):
        taken = _taken_at(path)
        if taken is None:
            continue
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                titles = tuple(
                    str(row[0])
                    for row in connection.execute("SELECT title FROM sessions ORDER BY created_at")
                )
            finally:
                connection.close()
        except sqlite3.Error:
            continue
        found.append(BackupInfo(path, taken, titles))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)
