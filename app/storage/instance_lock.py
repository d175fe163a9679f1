"""One running Dotstorm per SQLite database: an operating-system lock on ``DB.lock``.

The lock is filelock's native one (``flock`` on Unix, ``LockFileEx`` on Windows): the
kernel holds it for the open file and lets it go when the process ends, however it
ends. So only a live process can refuse a start, and nothing a lock file holds
(empty, garbled, a PID that is gone or was given to another program) can block one.
What the file holds is only the holder's name for the refusal's sentence, written
once the lock is taken; filelock opens the file without truncating it, so a start
that is refused does not wipe the name it is about to print.

The file lies beside the database while it is held and goes on a clean exit, so one
found at the start (or a folder or link in its place) is the trace of a Dotstorm that
did not close: the caller runs the full integrity check.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from app.storage.errors import DatabaseUnavailable, file_not_writable, folder_not_writable

PROGRAM = "Dotstorm"


@dataclass(frozen=True, slots=True)
class LockHolder:
    """The process a lock file names."""

    pid: int
    host: str


def lock_path_for(database: Path) -> Path:
    """Where the lock of ``database`` lies: ``DB.lock`` beside it."""
    return database.with_name(database.name + ".lock")


def already_open(database: Path, holder: LockHolder | None) -> str:
    """The one sentence refusing a second Dotstorm on ``database``."""
    if holder is None:
        who = "another process, which has not written its name yet"
    else:
        who = f"process {holder.pid} on {holder.host or 'this computer'}"
    return f"Dotstorm is already open on {database} ({who}); use that window, or close it first."


class InstanceLock:
    """The lock a running Dotstorm holds on its database, taken by :meth:`take`."""

    def __init__(self, database: Path, left_behind: bool) -> None:
        self.database = database
        self.path = lock_path_for(database)
        self.left_behind = left_behind
        """A lock file (or something in its place) was there: Dotstorm did not close."""
        self._identity: tuple[int, int] | None = None
        self._lock = FileLock(
            self.path,
            blocking=False,
            thread_local=False,
            fallback_to_soft=False,  # a file's mere presence must never be the lock
            on_acquired=self._write_holder,
        )

    @classmethod
    def take(cls, database: Path) -> InstanceLock:
        """Hold ``database`` for this process, or raise one sentence saying who holds it.

        Raises :class:`~app.storage.errors.DatabaseUnavailable` when a live process
        holds it (naming that process), or when the lock cannot be made at all.
        """
        path = lock_path_for(database)
        left_behind = os.path.lexists(path)
        _clear_what_is_in_the_way(path)
        for _ in range(3):  # a holder that exits this instant removes the file under us
            held = cls(database, left_behind)
            try:
                held._lock.acquire()
            except Timeout:
                if path.exists():
                    holder = holder_named_in(path)
                    raise DatabaseUnavailable(already_open(database, holder)) from None
                continue
            except PermissionError:
                raise DatabaseUnavailable(_not_permitted(path)) from None
            except OSError as error:
                raise DatabaseUnavailable(
                    f"Dotstorm cannot take its lock {path} ({error.strerror}); remove it, "
                    "then start again."
                ) from None
            return held
        raise DatabaseUnavailable(already_open(database, None))

    def _write_holder(self, descriptor: int) -> None:
        """Name this process in the file (only for the message of a start refused)."""
        status = os.fstat(descriptor)
        self._identity = (status.st_dev, status.st_ino)
        # Windows locks the first byte against reading: the name starts after it.
        text = f"\n{os.getpid()}\n{PROGRAM}\n{socket.gethostname()}\n"
        with contextlib.suppress(OSError):  # a full disk: the lock holds, unnamed
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, text.encode("utf-8"))

    def release(self) -> None:
        """Let go of the database; a clean exit leaves no lock file behind."""
        if not self._lock.is_locked:
            return
        # Removed while still held: a start that opened it meanwhile finds its file
        # gone once it gets the lock, and tries again on a new one.
        with contextlib.suppress(OSError):
            status = self.path.lstat()
            if (status.st_dev, status.st_ino) == self._identity:
                self.path.unlink()
        self._lock.release()


def holder_named_in(lock_path: Path) -> LockHolder | None:
    """The process a lock file names (a PID, a program, a host, one per line), if any."""
    data = b""
    for skip in (0, 1):  # Windows refuses to read the locked first byte
        try:
            with lock_path.open("rb") as handle:
                handle.seek(skip)
                data = handle.read(4096)
            break
        except OSError:
            continue
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    if not lines or not (lines[0].isascii() and lines[0].isdigit()) or int(lines[0]) <= 0:
        return None
    return LockHolder(int(lines[0]), lines[2] if len(lines) > 2 else "")


def _clear_what_is_in_the_way(path: Path) -> None:
    """A folder or a link where the lock goes is a trace, never a lock: remove it.

    A regular file is left as it is, whatever it holds: the operating system's lock
    on it is what says whether it is held. A folder with files in it is not ours
    to empty, so it refuses the start in one sentence.
    """
    try:
        mode = path.lstat().st_mode
    except OSError:
        return  # nothing there, or nothing this process may see: the lock says why
    try:
        if stat.S_ISDIR(mode):
            path.rmdir()
        elif not stat.S_ISREG(mode):  # a link (dangling or not), a pipe, a socket
            path.unlink()
    except OSError as error:
        raise DatabaseUnavailable(
            f"{path} is in the way of Dotstorm's lock and cannot be removed "
            f"({error.strerror}); remove it, then start again."
        ) from None


def _not_permitted(path: Path) -> str:
    if os.path.lexists(path):
        return file_not_writable(path)
    return folder_not_writable(path.parent)
