"""Where the database lies: network shares found from mountinfo, and traces of a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.storage import file_checks
from app.storage.database import open_database
from app.storage.filesystem import (
    filesystem_type,
    network_filesystem,
    parse_mountinfo,
    special_file_kind,
    wal_left_behind,
)
from app.storage.repository import SessionRepository

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
41 40 0:36 / /home/ana/Team\\040Share rw,relatime shared:3 - cifs //srv/team rw,vers=3.1.1
42 22 0:37 / /mnt/nfs rw,relatime shared:4 - nfs4 srv:/export rw
43 42 0:38 / /mnt/nfs/local rw,relatime - tmpfs tmpfs rw
44 22 0:39 / /media/with\\134slash rw - vfat /dev/sdb1 rw
garbage line without a separator
"""


def test_mountinfo_is_read_with_its_escapes():
    mounts = parse_mountinfo(MOUNTINFO)
    assert ("/home/ana/Team Share", "cifs") in mounts
    assert ("/media/with\\slash", "vfat") in mounts
    assert len(mounts) == 6


@pytest.mark.parametrize(
    ("path", "kind", "network"),
    [
        ("/home/ana/notes.sqlite3", "ext4", None),
        ("/home/ana/Team Share/dotstorm.sqlite3", "cifs", "cifs"),
        ("/home/ana/Team Shared/dotstorm.sqlite3", "ext4", None),
        ("/mnt/nfs/dotstorm.sqlite3", "nfs4", "nfs4"),
        ("/mnt/nfs/local/dotstorm.sqlite3", "tmpfs", None),
        ("/var/lib/x.sqlite3", "ext4", None),
    ],
)
def test_the_deepest_mount_holding_the_file_names_its_file_system(
    path: str, kind: str, network: str | None
):
    assert filesystem_type(Path(path), MOUNTINFO) == kind
    assert network_filesystem(Path(path), MOUNTINFO) == network


def test_this_machines_temporary_folder_is_not_a_network_share(tmp_path: Path):
    assert filesystem_type(tmp_path) is not None
    assert network_filesystem(tmp_path) is None


def test_on_a_network_share_the_database_uses_the_rollback_journal_and_says_so(
    monkeypatch: pytest.MonkeyPatch, db_url: str, db_path: Path
):
    monkeypatch.setattr(file_checks, "network_filesystem", lambda _path: "nfs4")
    database = open_database(db_url)
    try:
        warning = database.warning()
        assert warning is not None and "network share (nfs4)" in warning
        SessionRepository(database.engine).add_session(build_demo_session())
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert not db_path.with_name(db_path.name + "-wal").exists()
    finally:
        database.close()


def test_a_local_database_keeps_its_write_ahead_log(db_url: str):
    database = open_database(db_url)
    try:
        assert database.warning() is None
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        database.close()


def test_a_write_ahead_log_with_data_is_a_trace_of_a_crash(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("INSERT INTO t VALUES (1)")
    assert wal_left_behind(path)  # open, as if the process had been killed now
    writer.close()
    assert not wal_left_behind(path)  # a clean close folds the log back in


def test_what_stands_where_a_database_file_should_be_is_named(tmp_path: Path):
    import os
    import socket

    regular = tmp_path / "db.sqlite3"
    regular.write_bytes(b"")
    link = tmp_path / "link.sqlite3"
    link.symlink_to(regular)
    os.mkfifo(tmp_path / "pipe")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "socket"))
        kinds = {
            name: special_file_kind(tmp_path / name)
            for name in ("db.sqlite3", "link.sqlite3", "missing", "pipe", "socket")
        }
    assert kinds == {
        "db.sqlite3": None,
        "link.sqlite3": None,  # a link to a file is that file
        "missing": None,  # nothing there: the caller says so in its own words
        "pipe": "a named pipe",
        "socket": "a socket",
    }
    assert special_file_kind(tmp_path) == "a folder"
    assert special_file_kind(Path("/dev/null")) == "a device"
