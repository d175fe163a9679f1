"""What the file system under the database can do: network shares, and traces of a crash.

SQLite's write-ahead log needs shared memory between the processes that open the file,
which a network file system cannot give: on a share Dotstorm falls back to SQLite's
rollback journal and says so. A write-ahead log left with data in it means the last
process did not close the database (SQLite removes it on a clean close).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")

NETWORK_FILESYSTEMS = frozenset(
    {
        "9p",
        "afs",
        "ceph",
        "cifs",
        "coda",
        "davfs",
        "fuse.davfs2",
        "fuse.gvfsd-fuse",
        "fuse.rclone",
        "fuse.sshfs",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "ncpfs",
        "nfs",
        "nfs4",
        "smb3",
        "smbfs",
        "virtiofs",
    }
)


def parse_mountinfo(text: str) -> list[tuple[str, str]]:
    """``(mount point, file system type)`` of every line of a Linux ``mountinfo`` text."""
    mounts: list[tuple[str, str]] = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        separator = fields.index("-")
        if len(fields) < 5 or separator + 1 >= len(fields):
            continue
        mount_point = _unescape(fields[4])
        mounts.append((mount_point, fields[separator + 1]))
    return mounts


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as three-digit octal escapes.
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the file system holding ``path`` (``ext4``, ``nfs4``…), if known.

    Reads ``/proc/self/mountinfo`` on Linux; elsewhere, or when it cannot be read,
    returns ``None``. The deepest mount point that contains ``path`` wins.
    """
    if mountinfo is None:
        if not sys.platform.startswith("linux"):
            return None
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(path)  # resolves the symbolic links along what exists
    best: tuple[int, str] | None = None
    for mount_point, kind in parse_mountinfo(mountinfo):
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), kind)
    return best[1] if best else None


def network_filesystem(path: Path, mountinfo: str | None = None) -> str | None:
    """The network file system type holding ``path`` (``nfs4``, ``cifs``…), or ``None``."""
    kind = filesystem_type(path, mountinfo)
    return kind if kind in NETWORK_FILESYSTEMS else None


def wal_left_behind(database: Path) -> bool:
    """Whether a write-ahead log with data in it lies beside ``database`` (an unclean end)."""
    wal = database.with_name(database.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def writable_folder(folder: Path) -> bool:
    """Whether this process may create files in ``folder`` (which must exist)."""
    return os.access(folder, os.W_OK | os.X_OK)


def special_file_kind(path: Path) -> str | None:
    """What stands at ``path`` if it is there but is no regular file ("a folder"…).

    Links are followed: a link to a database file is a database file. Reading a
    named pipe would wait forever for a writer, so this is asked before any read.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # nothing there (or not reachable): the caller says so its own way
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
