"""Session files (format v1, JSON): a clean file name for exports, reading one for import."""

from __future__ import annotations

import stat
from pathlib import Path

from app.core import limits
from app.core.format_helpers import file_stem, printable
from app.core.session_format import SessionFormatError, parse_session_file
from app.core.types import Session


def suggested_file_name(session: Session, extension: str) -> str:
    """A clean file name for an export of ``session``, e.g. ``fewer-repeat-tickets.json``."""
    return f"{file_stem(session.title, 'session')}.{extension}"


class SessionFileError(Exception):
    """A session file could not be read or is not valid; one plain line says why."""


def read_session_file(path: Path) -> Session:
    """Read and validate the session file at ``path``; nothing is stored.

    Only a regular file is read (a FIFO would never end, ``/dev/zero`` never stops),
    and never more than the size limit plus one byte, whatever its size claims.
    """
    limit = limits.MAX_FILE_BYTES
    try:
        if path.is_dir():
            raise SessionFileError(f"{printable(path)} is a folder, not a session file")
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise SessionFileError(f"{printable(path)} is not a regular file")
        if status.st_size > limit:
            raise SessionFileError(
                f"{printable(path)}: the file is {status.st_size / 1048576:.1f} MiB; the limit "
                f"is {limit // 1048576} MiB"
            )
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise SessionFileError(f"cannot read {printable(path)}: {error.strerror}") from None
    if len(data) > limit:
        raise SessionFileError(
            f"{printable(path)}: more than the limit of {limit // 1048576} MiB was read from it"
        )
    try:
        return parse_session_file(data)
    except SessionFormatError as error:
        raise SessionFileError(f"{printable(path.name)}: {error}") from None
