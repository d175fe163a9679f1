"""The Dotstorm archive that ``dotstorm backup`` writes of a server: its own two files.

An archive is a zip of session files (``sessions/<id>.json``, the session format),
``goals.json`` (every goal whole and every reading of its metric) and
``manifest.json``, which lists both with their SHA-256. Here are the rules of the
manifest and of ``goals.json``, in bytes and out; the zip itself is storage's
(:mod:`app.storage.archive`).
"""

from app.core.archive_format.goals_file import goals_file_bytes, parse_goals_file
from app.core.archive_format.manifest import (
    ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
    GOALS,
    MANIFEST,
    ArchiveFormatError,
    Manifest,
    manifest_bytes,
    parse_manifest,
)

__all__ = [
    "ARCHIVE_FORMAT",
    "ARCHIVE_VERSION",
    "GOALS",
    "MANIFEST",
    "ArchiveFormatError",
    "Manifest",
    "goals_file_bytes",
    "manifest_bytes",
    "parse_goals_file",
    "parse_manifest",
]
