"""Verified backups with the SQLite backup API; integrity checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.storage.backup import backup_database, integrity_problems
from app.storage.database import Database
from app.storage.errors import BackupFailed, DatabaseCorrupt
from app.storage.repository import SessionRepository

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def test_backup_is_a_verified_self_contained_copy(
    repository: SessionRepository, database: Database, db_path: Path, tmp_path: Path
):
    repository.add_session(build_demo_session())
    copy = backup_database(db_path, tmp_path / "backups", label="manual")
    assert copy.name.endswith("-manual.sqlite3")
    assert integrity_problems(copy) == []
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 30
    finally:
        connection.close()
    assert not list((tmp_path / "backups").glob(".*partial"))


def test_garbage_is_reported_as_not_sqlite(tmp_path: Path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 4096)
    with pytest.raises(DatabaseCorrupt, match="not SQLite at all"):
        integrity_problems(garbage)


def test_damaged_pages_are_found(database: Database, repository: SessionRepository, db_path: Path):
    repository.add_session(build_demo_session())
    database.close()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    try:
        problems = integrity_problems(db_path)
    except DatabaseCorrupt:
        return
    assert problems


def test_a_backup_into_an_impossible_folder_fails_clearly(
    repository: SessionRepository, db_path: Path, tmp_path: Path
):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BackupFailed, match="Cannot create the backup folder"):
        backup_database(db_path, blocker / "backups")


def test_automatic_backups_rotate(repository: SessionRepository, db_path: Path, tmp_path: Path):
    from datetime import datetime, timedelta

    from app.storage.backup import rotate_backups, take_backup

    folder = tmp_path / "rotation"
    folder.mkdir()
    now = datetime(2026, 11, 23, 12, 0)
    for hours in range(0, 40 * 24, 6):  # one every six hours for 40 days
        stamp = (now - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S-%f")
        (folder / f"dotstorm-{stamp}-periodic.sqlite3").write_bytes(b"old copy")
    (folder / "notes.txt").write_text("not a backup")
    removed = rotate_backups(folder, now)
    left = sorted(p.name for p in folder.glob("dotstorm-*"))
    assert len(left) == 10 + 12  # ten newest (2.5 days) and one a day back to 14 days
    assert len(removed) == 160 - len(left)
    assert (folder / "notes.txt").exists()

    repository.add_session(build_demo_session())
    copy = take_backup(db_path, folder, "session-end")
    assert copy.exists() and integrity_problems(copy) == []


def test_the_repository_backs_itself_up(repository: SessionRepository, db_path: Path):
    repository.add_session(build_demo_session())
    copy = repository.backup("session-end")
    assert copy is not None and copy.parent == db_path.parent / "backups"
    assert integrity_problems(copy) == []


def test_restoring_keeps_the_current_file_aside(
    repository: SessionRepository, database: Database, db_path: Path
):
    from app.storage.backup import newest_good_backup, restore_backup

    repository.add_session(build_demo_session())
    good = repository.backup("periodic")
    assert good is not None
    (good.parent / "dotstorm-20990101-000000-000000-broken.sqlite3").write_bytes(b"junk")
    assert newest_good_backup(good.parent) == good  # a damaged newer copy is skipped
    database.close()
    moved = restore_backup(good, db_path)
    assert moved is not None and moved.exists()
    assert integrity_problems(db_path) == []


def test_a_backup_the_rotation_cannot_delete_is_reported_not_swallowed(
    repository: SessionRepository, db_path: Path, tmp_path: Path
):
    from datetime import datetime, timedelta

    from app.storage.backup import take_backup
    from app.storage.errors import OldBackupsKept

    repository.add_session(build_demo_session())
    folder = tmp_path / "rotation"
    folder.mkdir()
    stamp = (datetime.now() - timedelta(days=30)).strftime("%Y%m%d-%H%M%S-%f")
    stuck = folder / f"dotstorm-{stamp}-periodic.sqlite3"
    stuck.mkdir()  # not deletable as a file, even by root
    for hours in range(1, 11):  # ten newer ones: the old one is past the rotation
        newer = (datetime.now() - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S-%f")
        (folder / f"dotstorm-{newer}-periodic.sqlite3").write_bytes(b"copy")
    with pytest.raises(OldBackupsKept) as kept:
        take_backup(db_path, folder, "session-end")
    assert stuck.name in str(kept.value)
    assert kept.value.copy.exists() and integrity_problems(kept.value.copy) == []


def test_copies_a_killed_backup_left_are_swept_at_start(db_path: Path):
    import os
    import time

    from app.storage.database import open_database

    backups = db_path.parent / "backups"
    backups.mkdir(parents=True)
    old = backups / ".dotstorm-20261101-000000-000000-periodic.sqlite3.partial"
    fresh = backups / ".dotstorm-20261201-000000-000000-periodic.sqlite3.partial"
    restoring = db_path.parent / f".{db_path.name}.restoring"
    for leftover in (old, fresh, restoring):
        leftover.write_bytes(b"half a copy")
    long_ago = time.time() - 3600
    for leftover in (old, restoring):
        os.utime(leftover, (long_ago, long_ago))
    open_database(f"sqlite:///{db_path}").close()
    assert not old.exists() and not restoring.exists()
    assert fresh.exists()  # maybe another Dotstorm's copy in progress: left alone
