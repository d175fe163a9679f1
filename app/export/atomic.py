"""Write a file so that readers see the old file or the whole new one, never half."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class ExportError(Exception):
    """An export could not be written; the message is one plain sentence."""


def write_atomically(target: Path, data: bytes, protected: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then rename it.

    Only a regular file is ever written: a device, a pipe or a folder at ``target`` is
    refused, and so is any of the ``protected`` files (the open database). A file that
    was there keeps its permissions; a new one gets what the umask allows.
    """
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    mode = _mode_for(target, protected)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=folder
        )
    except OSError as error:
        raise ExportError(f"Cannot write in {folder}: {error.strerror}.") from None
    temporary_path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary_path.chmod(mode)
        temporary_path.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary_path.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {target}: {error.strerror}.") from None


def _mode_for(target: Path, protected: tuple[Path, ...]) -> int:
    """The permissions the written file gets, once ``target`` is known to be writable."""
    for kept in protected:
        for guarded in (
            kept,
            kept.with_name(kept.name + "-wal"),
            kept.with_name(kept.name + "-journal"),
        ):
            if _same_file(target, guarded):
                raise ExportError(f"{target} is the database itself; choose another file.")
    try:
        status = target.stat()
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as error:
        raise ExportError(f"Cannot write {target}: {error.strerror}.") from None
    if not stat.S_ISREG(status.st_mode):
        raise ExportError(f"{target} is not a regular file; exports only write files.")
    return stat.S_IMODE(status.st_mode)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or one.samefile(other)
    except OSError:
        return False


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(current)
    return current
