"""Write a file so that readers see the old file or the whole new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class ExportError(Exception):
    """An export could not be written; the message is one plain sentence."""


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then rename it."""
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
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
        temporary_path.chmod(0o644)
        temporary_path.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary_path.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {target}: {error.strerror}.") from None
