"""Session files (format v1, JSON): a clean file name for exports, reading one for import."""

from __future__ import annotations

from pathlib import Path

from app.core import limits
from app.core.session_format import SessionFormatError, parse_session_file
from app.core.types import Session


def suggested_file_name(session: Session, extension: str) -> str:
    """A clean file name for an export of ``session``, e.g. ``fewer-repeat-tickets.json``."""
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in session.title)
    stem = "-".join(part for part in cleaned.split("-") if part)[:60] or "session"
    return f"{stem}.{extension}"


class SessionFileError(Exception):
    """A session file could not be read or is not valid; one plain line says why."""


def read_session_file(path: Path) -> Session:
    """Read and validate the session file at ``path``; nothing is stored.

    A file over the size limit is refused before it is read.
    """
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SessionFileError(f"{path} is a folder, not a session file")
        if size > limits.MAX_FILE_BYTES:
            raise SessionFileError(
                f"{path}: the file is {size / 1048576:.1f} MiB; the limit is "
                f"{limits.MAX_FILE_BYTES // 1048576} MiB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SessionFileError(f"cannot read {path}: {error.strerror}") from None
    try:
        return parse_session_file(data)
    except SessionFormatError as error:
        raise SessionFileError(f"{path.name}: {error}") from None
