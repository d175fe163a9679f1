"""Write a file so that readers see the old file or the whole new one, never half."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class ExportError(Exception):
    """An export could not be written; the message is one plain sentence."""


WORKING_FILES = ("-wal", "-journal", "-shm", ".lock")
"""What SQLite and Dotstorm keep beside a database while it is open: never replaced."""


def write_atomically(target: Path, data: bytes, protected: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then rename it.

    Only a regular file is ever written: a device, a pipe or a folder at ``target`` is
    refused, and so is any of the ``protected`` files (the open database). A symbolic
    link at ``target`` (or a chain of them) stays a link: the file it leads to is
    written, beside itself; a link that leads nowhere is refused. A file that was there
    keeps its permissions; a new one gets what the umask allows, and never more than
    the ``protected`` files allow (an export of a private database is private too).
    """
    destination = _destination(target)
    folder = destination.parent if str(destination.parent) else Path()
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    mode = _mode_for(target, destination, protected)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".partial", dir=folder
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
        temporary_path.replace(destination)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary_path.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {target}: {error.strerror}.") from None


def _destination(target: Path) -> Path:
    """The file ``target`` names: itself, or the end of its chain of symbolic links."""
    try:
        if not target.is_symlink():
            return target
    except OSError:  # a name too long, say: the writing names what is wrong with it
        return target
    try:
        return target.resolve(strict=True)
    except FileNotFoundError:
        missing = Path(os.path.realpath(target))
        raise ExportError(
            f"{target} is a link to {missing}, which does not exist; "
            "write to a file that does, or remove the link."
        ) from None
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise ExportError(f"{target} is a link that leads back to itself.") from None


def _mode_for(target: Path, destination: Path, protected: tuple[Path, ...]) -> int:
    """The permissions the written file gets, once ``destination`` is known to be writable."""
    for kept in protected:
        if _same_file(destination, kept):
            raise ExportError(f"{target} is the database itself; choose another file.")
        for guarded in (kept.with_name(kept.name + suffix) for suffix in WORKING_FILES):
            if _same_file(destination, guarded):
                raise ExportError(
                    f"{target} is one of the database's working files (its log, shared "
                    "memory or lock); choose another file."
                )
    try:
        status = destination.stat()
    except FileNotFoundError:
        return 0o666 & ~_umask() & _allowed_by(protected)
    except OSError as error:
        raise ExportError(f"Cannot write {target}: {error.strerror}.") from None
    if not stat.S_ISREG(status.st_mode):
        raise ExportError(f"{target} is not a regular file; exports only write files.")
    return stat.S_IMODE(status.st_mode)


def _allowed_by(protected: tuple[Path, ...]) -> int:
    """The permission bits every one of the ``protected`` files has (all of them: none)."""
    allowed = 0o777
    for kept in protected:
        with contextlib.suppress(OSError):
            allowed &= stat.S_IMODE(kept.stat().st_mode)
    return allowed


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
