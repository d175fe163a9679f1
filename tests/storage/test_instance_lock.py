"""Who holds a lock: a live process that wrote it, never a trace or a stranger."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from app.storage.instance_lock import LockHolder, clear, live_holder

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def test_a_live_process_that_wrote_the_lock_holds_it(tmp_path: Path):
    lock = tmp_path / "db.lock"
    lock.write_text(f"{os.getpid()}\nDotstorm\n{socket.gethostname()}\n")
    assert live_holder(lock) == LockHolder(os.getpid(), socket.gethostname())


def test_an_unreadable_lock_being_written_right_now_is_held_until_it_is_old(tmp_path: Path):
    lock = tmp_path / "db.lock"
    lock.write_bytes(b"")
    assert live_holder(lock) is not None  # another start may be writing it this instant
    long_ago = time.time() - 60
    os.utime(lock, (long_ago, long_ago))
    assert live_holder(lock) is None


def test_a_lock_from_another_machine_is_held_and_a_dead_pid_is_not(tmp_path: Path):
    lock = tmp_path / "db.lock"
    lock.write_text("12345\nDotstorm\nanother-laptop\n")
    assert live_holder(lock) == LockHolder(12345, "another-laptop")
    lock.write_text(f"{2**22 + 7}\nDotstorm\n{socket.gethostname()}\n")  # no such process
    assert live_holder(lock) is None


def test_clear_removes_a_stale_file_or_an_empty_folder_and_nothing_more(tmp_path: Path):
    lock = tmp_path / "db.lock"
    lock.mkdir()
    (lock / "keep.txt").write_text("someone's file")
    with pytest.raises(OSError):
        clear(lock)  # a folder with someone's files in it stays
    (lock / "keep.txt").unlink()
    clear(lock)
    assert not lock.exists()
