"""``manifest.json``: what an archive holds, each file with its SHA-256."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app.core.session_format import SessionFormatError
from app.core.session_format.strict_json import load_strict

ARCHIVE_FORMAT = "dotstorm.archive"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
GOALS = "goals.json"
_SESSION_NAME = re.compile(r"sessions/[^/\\]+\.json")
_DIGEST = re.compile(r"[0-9a-f]{64}")


class ArchiveFormatError(ValueError):
    """An archive's own files break its rules; the message says how, in one line."""


@dataclass(frozen=True)
class Manifest:
    """The files an archive lists: each session file's name, and ``goals.json``'s.

    Both map a member's name to the SHA-256 (hex) of its bytes. ``goals`` is empty in
    an archive written before goals were archived whole.
    """

    sessions: dict[str, str]
    goals: dict[str, str]


def manifest_bytes(
    *, schema: str, database: str, written_at: str, sessions: dict[str, str], goals_digest: str
) -> bytes:
    """The manifest of an archive of ``sessions`` (name to digest) and ``goals.json``."""
    manifest = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "schema": schema,
        "database": database,
        "written_at": written_at,
        "sessions": sessions,
        "goals": {GOALS: goals_digest},
    }
    return json.dumps(manifest, indent=2).encode()


def parse_manifest(data: bytes) -> Manifest:
    """Read a manifest strictly; :class:`ArchiveFormatError` says what is wrong with it."""
    try:
        document = load_strict(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ArchiveFormatError(f"{MANIFEST} is not UTF-8 text") from None
    except SessionFormatError as error:
        raise ArchiveFormatError(f"{MANIFEST} is {_as_said(error)}") from None
    if not isinstance(document, dict) or document.get("format") != ARCHIVE_FORMAT:
        raise ArchiveFormatError(f"{MANIFEST} does not describe a Dotstorm archive")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ArchiveFormatError(f"{MANIFEST} gives no archive version Dotstorm knows")
    if version > ARCHIVE_VERSION:
        raise ArchiveFormatError(
            f"it is archive version {version}; this Dotstorm reads version "
            f"{ARCHIVE_VERSION}. Update Dotstorm to restore it"
        )
    sessions = _listing(document.get("sessions"), "sessions")
    for name in sessions:
        if not _SESSION_NAME.fullmatch(name):
            raise ArchiveFormatError(f"{MANIFEST} lists {name[:80]!r} as a session file")
    goals = _listing(document.get("goals", {}), "goals")
    if set(goals) - {GOALS}:
        raise ArchiveFormatError(f"{MANIFEST} lists goals in a file other than {GOALS}")
    return Manifest(sessions, goals)


def _listing(value: object, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ArchiveFormatError(f"{MANIFEST} has no list of {key} files")
    for name, digest in value.items():
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ArchiveFormatError(f"{MANIFEST} gives {name[:80]!r} no SHA-256")
    return value


def _as_said(error: SessionFormatError) -> str:
    """The strict reader's complaint as the end of a sentence about the manifest."""
    if error.reason.startswith("not valid JSON"):
        return error.reason
    return f"not valid: {error}"
