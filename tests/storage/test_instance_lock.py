"""The instance lock is the operating system's: held by a live process, freed by its death.

Every holder here is a real second process; nothing a lock file holds may block a start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.errors import DatabaseUnavailable
from app.storage.instance_lock import InstanceLock, LockHolder, holder_named_in, lock_path_for

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder

HOLD = """
import sys, time
from pathlib import Path
from app.storage.instance_lock import InstanceLock
held = InstanceLock.take(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "dotstorm.sqlite3"


@pytest.fixture
def holder(database: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process that has taken the lock and lives on."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database)], stdout=subprocess.PIPE, text=True
    ) as other:
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "locked"
            yield other
        finally:
            other.kill()


def test_a_live_holder_is_named_and_its_death_frees_the_database_at_once(
    database: Path, holder: subprocess.Popen[str]
):
    with pytest.raises(DatabaseUnavailable) as refused:
        InstanceLock.take(database)
    message = str(refused.value)
    assert message == (
        f"Dotstorm is already open on {database} (process {holder.pid} on "
        f"{socket.gethostname()}); use that window, or close it first."
    )
    assert holder_named_in(lock_path_for(database)) is not None  # a refusal wipes nothing

    holder.kill()  # SIGKILL: no goodbye, the lock file stays behind
    holder.wait()
    assert lock_path_for(database).exists()
    taken = InstanceLock.take(database)  # the kernel let go when the process died
    try:
        assert taken.left_behind  # the trace of a Dotstorm that did not close
    finally:
        taken.release()
    assert not lock_path_for(database).exists()  # a clean exit leaves nothing


def test_one_process_cannot_hold_the_same_database_twice(database: Path):
    first = InstanceLock.take(database)
    try:
        assert not first.left_behind
        with pytest.raises(DatabaseUnavailable, match=f"process {os.getpid()} on"):
            InstanceLock.take(database)
    finally:
        first.release()
    InstanceLock.take(database).release()


LEFT_IN_THE_FILE: dict[str, bytes | str] = {
    "empty, written this instant": b"",
    "empty, long ago": b"",
    "garbage": b"\x00\xff not a lock \n\n",
    "a live stranger's pid": "{stranger}\nDotstorm\n{host}\n",
    "this very process's pid": "{me}\nDotstorm\n{host}\n",
    "a pid of another machine": "{stranger}\nDotstorm\nanother-laptop\n",
    "pid 0": "0\n\n{host}\n",
}


@pytest.mark.parametrize("left", LEFT_IN_THE_FILE)
def test_no_content_of_a_lock_file_blocks_a_start(database: Path, left: str):
    lock = lock_path_for(database)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]) as stranger:
        try:
            content = LEFT_IN_THE_FILE[left]
            if isinstance(content, str):
                names = {"stranger": stranger.pid, "me": os.getpid(), "host": socket.gethostname()}
                content = content.format(**names).encode()
            lock.write_bytes(content)
            if "long ago" in left:
                long_ago = time.time() - 3600
                os.utime(lock, (long_ago, long_ago))
            taken = InstanceLock.take(database)
            try:
                assert taken.left_behind
                assert holder_named_in(lock) is not None
                assert holder_named_in(lock).pid == os.getpid()  # type: ignore[union-attr]
            finally:
                taken.release()
        finally:
            stranger.kill()


def test_an_empty_folder_or_a_link_in_the_locks_place_is_cleared(database: Path, tmp_path: Path):
    lock = lock_path_for(database)
    someones = tmp_path / "someone's file"
    someones.write_text("keep me")
    for place in ("an empty folder", "a dangling link", "a link to someone's file"):
        if place == "an empty folder":
            lock.mkdir()
        elif place == "a dangling link":
            lock.symlink_to(tmp_path / "nowhere")
        else:
            lock.symlink_to(someones)
        taken = InstanceLock.take(database)
        try:
            assert taken.left_behind, place
            assert lock.is_file() and not lock.is_symlink(), place
        finally:
            taken.release()
        assert not (tmp_path / "nowhere").exists()
        assert someones.read_text() == "keep me"  # never written through a link


def test_a_folder_with_files_in_the_locks_place_is_named_and_left_alone(database: Path):
    lock = lock_path_for(database)
    lock.mkdir()
    (lock / "keep.txt").write_text("someone's file")
    with pytest.raises(DatabaseUnavailable) as refused:
        InstanceLock.take(database)
    assert str(refused.value).startswith(f"{lock} is in the way of Dotstorm's lock")
    assert "\n" not in str(refused.value)
    assert (lock / "keep.txt").read_text() == "someone's file"


def test_the_name_in_a_lock_file_is_read_as_written_or_not_at_all(tmp_path: Path):
    lock = tmp_path / "db.lock"
    lock.write_text(f"\n{os.getpid()}\nDotstorm\n{socket.gethostname()}\n")
    assert holder_named_in(lock) == LockHolder(os.getpid(), socket.gethostname())
    lock.write_text("1234\nDotstorm\n")  # Qt's QLockFile of an older Dotstorm, no host
    assert holder_named_in(lock) == LockHolder(1234, "")
    for unnamed in ("", "\u00b2\u00b3\nDotstorm\n", "-5\n", "0\n", "\x00\xff"):
        lock.write_text(unnamed)
        assert holder_named_in(lock) is None, unnamed
