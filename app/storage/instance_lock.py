"""Who holds a database's lock file: a running Dotstorm, or only the trace of one.

Qt's ``QLockFile`` takes the lock. When it cannot, this module decides whether the
holder is real. Only a lock naming a live process on this machine that started before
the lock was written counts as held. An empty or garbled lock, a folder in its place,
a process that is gone, or a PID the system has since given to another program (it
started after the lock was written) are what an unclean shutdown leaves: the lock is
cleared and the start goes on with a quick integrity check.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

BEING_WRITTEN_SECONDS = 2.0
"""An unreadable lock this young may be another start writing it: treat it as held."""


@dataclass(frozen=True, slots=True)
class LockHolder:
    """The process a lock file names."""

    pid: int
    host: str


def live_holder(lock_path: Path) -> LockHolder | None:
    """The running Dotstorm that holds ``lock_path``, or ``None`` when nobody does."""
    try:
        status = lock_path.lstat()
    except FileNotFoundError:
        return None
    if not lock_path.is_file():
        return None
    holder = _read(lock_path)
    if holder is None:
        young = time.time() - status.st_mtime < BEING_WRITTEN_SECONDS
        return LockHolder(0, "") if young else None
    if holder.host and holder.host != socket.gethostname():
        return holder  # another machine's process: it cannot be seen from here
    if not _alive(holder.pid):
        return None
    started = _start_time(holder.pid)
    if started is not None and started > status.st_mtime + 1:
        return None  # the PID was given to a program started after the lock was written
    return holder


def clear(lock_path: Path) -> None:
    """Remove what stands where the lock goes: a stale file, or an empty folder.

    Raises ``OSError`` when it cannot (a folder with files in it is left alone).
    """
    if lock_path.is_dir() and not lock_path.is_symlink():
        lock_path.rmdir()
    else:
        lock_path.unlink(missing_ok=True)


def _read(lock_path: Path) -> LockHolder | None:
    """QLockFile's format: the PID, the program, the host name, one per line."""
    try:
        lines = lock_path.read_text("utf-8", errors="strict").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or not lines[0].strip().isdigit():
        return None
    pid = int(lines[0])
    if pid <= 0:
        return None
    return LockHolder(pid, lines[2].strip() if len(lines) > 2 else "")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    except OSError:
        return False
    return True


def _start_time(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where the system says."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        ticks = int(fields[19])  # field 22, starttime, in clock ticks since boot
    except (IndexError, ValueError):
        return None
    boot = time.time() - uptime
    return boot + ticks / os.sysconf("SC_CLK_TCK")
