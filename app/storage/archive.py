"""A Dotstorm archive: written by ``backup``, read whatever its bytes, in bounded memory.

An archive comes from outside: a damaged copy, a hand-made zip, a zip bomb. Before
anything is unpacked its directory is judged as a whole: how large the directory
is (zipfile reads all of it), how many members, their names (no ``..``, nothing
absolute, none twice), how each is stored (no encryption, only stored or deflated),
the sizes they declare and how far each would inflate. Each file is then read in
chunks, never past what it declared, and checked against the manifest's SHA-256
before its bytes are parsed. Every refusal is one
:class:`~app.storage.errors.UnreadableArchive` sentence: "… is not a readable Dotstorm
archive: …".

``verify`` reads every file and keeps only the goals (and each session's id): a
restore checks the whole archive first, then reads each session again, one at a
time, while it writes (:meth:`ArchiveReader.sessions`), so the memory a restore
needs is that of its largest file, not of the archive.
"""

from __future__ import annotations

import errno
import hashlib
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.core import limits
from app.core.archive_format import (
    GOALS,
    MANIFEST,
    ArchiveFormatError,
    Manifest,
    goals_file_bytes,
    manifest_bytes,
    parse_goals_file,
    parse_manifest,
)
from app.core.session_format import SessionFormatError, parse_session_file
from app.core.types import Goal, MetricReading, Session
from app.storage.errors import UnreadableArchive
from app.storage.schema_revision import HEAD_REVISION

MAX_MEMBERS = 100_000
"""Files in one archive: a session file each, the goals and the manifest."""
MAX_DIRECTORY_BYTES = 16 * 1024 * 1024
"""The zip's central directory, which zipfile reads whole (about 100 bytes a member)."""
MAX_MEMBER_BYTES = limits.MAX_FILE_BYTES
"""One file unpacked: no session file (nor ``goals.json``) is larger."""
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024
"""Every file unpacked, together."""
MAX_RATIO = 200
"""How many times its packed size a file may grow (JSON packs 5 to 20 times)."""
RATIO_FREE_BYTES = 1024 * 1024
"""A file this small is never a bomb, whatever it packs to."""
CHUNK = 1024 * 1024
"""Bytes unpacked per read."""
READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ENCRYPTED = 0x1 | 0x40  # traditional, and strong encryption
_DRIVE = re.compile(r"[A-Za-z]:")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    OverflowError,
    UnicodeDecodeError,  # a file name flagged UTF-8 that is not
)
"""What zipfile and zlib raise for damaged, encrypted or unsupported contents."""


def write_archive(
    path: Path,
    session_files: Iterable[tuple[str, bytes]],
    goals: list[Goal],
    readings: list[MetricReading],
    *,
    database: str,
) -> int:
    """Write an archive at ``path``: each ``(session id, session file)``, the goals, a manifest.

    ``database`` is how the manifest names where it came from (as shown to people).
    Returns how many sessions it holds; ``ValueError`` if a goal's number is not finite.
    """
    goals_data = goals_file_bytes(goals, readings)
    files: dict[str, str] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for session_id, data in session_files:
            name = f"sessions/{session_id}.json"
            out.writestr(name, data)
            files[name] = hashlib.sha256(data).hexdigest()
        out.writestr(GOALS, goals_data)
        manifest = manifest_bytes(
            schema=HEAD_REVISION,
            database=database,
            written_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            sessions=files,
            goals_digest=hashlib.sha256(goals_data).hexdigest(),
        )
        out.writestr(MANIFEST, manifest)
    return len(files)


@dataclass(frozen=True)
class ArchiveContents:
    """What a verified archive holds: how many sessions, and every goal and reading."""

    sessions: int
    goals: list[Goal]
    readings: list[MetricReading]


class ArchiveReader:
    """An open archive whose directory and manifest passed; its files read on demand."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, manifest: Manifest) -> None:
        self.path = path
        self._zip = archive
        self._manifest = manifest

    def verify(self) -> ArchiveContents:
        """Read and check every file the manifest lists; keep the goals, count the sessions.

        Every file matches its checksum and its format, ``goals.json`` under the same
        rules as a session file, and no session is in the archive twice.
        """
        goals: list[Goal] = []
        readings: list[MetricReading] = []
        for name, digest in self._manifest.goals.items():
            data = self._member(name, digest)
            try:
                goals, readings = parse_goals_file(data)
            except SessionFormatError as error:
                raise _unreadable(self.path, _offence(name, error)) from None
        seen: dict[str, str] = {}
        for name, digest in self._manifest.sessions.items():
            session_id = self._session(name, digest).id
            if session_id in seen:
                raise _unreadable(self.path, f"{name} holds the session {seen[session_id]} holds")
            seen[session_id] = name
        return ArchiveContents(len(seen), goals, readings)

    def sessions(self) -> Iterator[Session]:
        """Each session of the archive, read again and checked again, one at a time."""
        for name, digest in self._manifest.sessions.items():
            yield self._session(name, digest)

    def _session(self, name: str, digest: str) -> Session:
        data = self._member(name, digest)
        try:
            return parse_session_file(data)
        except SessionFormatError as error:
            raise _unreadable(self.path, _offence(name, error)) from None

    def _member(self, name: str, digest: str) -> bytes:
        with _refusing(self.path):
            return read_member(self._zip, name, digest)


@contextmanager
def open_archive(path: Path) -> Iterator[ArchiveReader]:
    """Open ``path`` as an archive; its directory and manifest are judged before anything else.

    Raises :class:`UnreadableArchive` for anything that is not a whole, readable
    Dotstorm archive within the limits above.
    """
    if not path.is_file():
        reason = "there is no such file" if not path.exists() else "it is not a file"
        raise _unreadable(path, reason)
    with _refusing(path):
        handle = path.open("rb")
    with handle:
        with _refusing(path):
            _judge_directory_size(handle)
            archive = zipfile.ZipFile(handle)
        with archive:
            with _refusing(path):
                manifest = _manifest(archive)
            yield ArchiveReader(path, archive, manifest)


def _manifest(archive: zipfile.ZipFile) -> Manifest:
    """The manifest of an archive whose directory passed, every file it lists there."""
    problem = _directory_problem(archive)
    if problem:
        raise ArchiveFormatError(problem)
    names = set(archive.NameToInfo)
    if MANIFEST not in names:
        raise ArchiveFormatError(f"it has no {MANIFEST}")
    manifest = parse_manifest(read_member(archive, MANIFEST, None))
    for name in (*manifest.goals, *manifest.sessions):
        if name not in names:
            raise ArchiveFormatError(f"{MANIFEST} lists {name}, which is not in it")
    return manifest


@contextmanager
def _refusing(path: Path) -> Iterator[None]:
    """What reading the zip raises, as the one sentence that refuses ``path``."""
    try:
        yield
    except _ZIP_ERRORS as error:
        raise _unreadable(path, _zip_complaint(error)) from None
    except ArchiveFormatError as error:
        raise _unreadable(path, str(error)) from None
    except OSError as error:
        if error.errno == errno.EINVAL:  # a seek before the start: an offset in it is wrong
            raise _unreadable(path, "it is damaged (a file's place in it is wrong)") from None
        raise _unreadable(path, f"it cannot be read ({error.strerror or error})") from None


def _unreadable(path: Path, reason: str) -> UnreadableArchive:
    return UnreadableArchive(f"{path} is not a readable Dotstorm archive: {reason}.")


def read_member(archive: zipfile.ZipFile, name: str, digest: str | None) -> bytes:
    """The bytes of ``name``, read in chunks and never past its declared size.

    With a ``digest``, the bytes must have that SHA-256 (:class:`ArchiveFormatError`).
    """
    info = archive.getinfo(name)
    hasher = hashlib.sha256()
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise ArchiveFormatError(f"{name} is larger than its entry says")
            hasher.update(chunk)
            chunks.append(chunk)
    if size != info.file_size:
        raise ArchiveFormatError(f"{name} is cut short")
    if digest is not None and hasher.hexdigest() != digest:
        raise ArchiveFormatError(f"{name} is not what was written (its checksum differs)")
    return b"".join(chunks)


def _judge_directory_size(handle: BinaryIO) -> None:
    """Refuse a central directory too large to read, from the zip's end record alone."""
    entries, size = _directory_extent(handle)
    if entries > MAX_MEMBERS:
        raise ArchiveFormatError(
            f"its directory lists {entries:,} files; an archive holds at most {MAX_MEMBERS:,}"
        )
    if size > MAX_DIRECTORY_BYTES:
        raise ArchiveFormatError(
            f"its directory takes {size:,} bytes; an archive's takes at most "
            f"{MAX_DIRECTORY_BYTES // 1048576} MiB"
        )


def _directory_extent(handle: BinaryIO) -> tuple[int, int]:
    """How many entries the end record announces, and the directory's size in bytes."""
    handle.seek(0, 2)
    file_size = handle.tell()
    tail_size = min(file_size, 22 + 0xFFFF)  # the end record and the longest comment
    handle.seek(file_size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise zipfile.BadZipFile("File is not a zip file")
    entries, size = struct.unpack("<10xHL6x", tail[at : at + 22])
    # Python's zipfile believes a zip64 end record whenever its locator stands right
    # before the classic one, whatever the classic one says, and reads the record just
    # before the locator: so is it judged here, the larger of the two counts winning.
    end = file_size - tail_size + at
    if end >= 20 + 56:
        handle.seek(end - 20 - 56)
        record_and_locator = handle.read(56 + 20)
        record, locator = record_and_locator[:56], record_and_locator[56:]
        if locator[:4] == b"PK\x06\x07" and record[:4] == b"PK\x06\x06":
            entries64, size64 = struct.unpack("<32xQQ8x", record)
            entries, size = max(entries, entries64), max(size, size64)
    return int(entries), int(size)


def _directory_problem(archive: zipfile.ZipFile) -> str | None:
    """What no member may be: too many, unsafely named, twice, sealed or too large."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"it holds {len(members):,} files; an archive holds at most {MAX_MEMBERS:,}"
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        shown = name[:80]
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or _DRIVE.match(name):
            return f"the file name {name[:80]!r} is absolute"
        if ".." in parts:
            return f"the file name {name[:80]!r} leads outside the archive"
        if name in seen:
            return f"{shown} is in it twice"
        seen.add(name)
        if info.flag_bits & _ENCRYPTED:
            return f"{shown} is encrypted"
        if info.compress_type not in READABLE:
            return f"{shown} is packed with a method Dotstorm does not read ({info.compress_type})"
        if info.file_size > MAX_MEMBER_BYTES:
            return (
                f"{shown} would unpack to {info.file_size / 1048576:,.0f} MiB; no file of an "
                f"archive is over {MAX_MEMBER_BYTES // 1048576} MiB"
            )
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            return f"{shown} would unpack to over {MAX_RATIO} times its size (a zip bomb?)"
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        return (
            f"it would unpack to {total / 1073741824:,.1f} GiB; an archive unpacks to at "
            f"most {MAX_TOTAL_BYTES // 1073741824} GiB"
        )
    return None


def _zip_complaint(error: BaseException) -> str:
    """What zipfile or zlib found, in plain words."""
    if isinstance(error, zipfile.BadZipFile) and str(error) == "File is not a zip file":
        return "it is not a zip file"
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return "it is encrypted"
    if isinstance(error, EOFError):
        return "it is cut short"
    if isinstance(error, zlib.error):
        return f"a file in it is damaged ({error})"
    if isinstance(error, NotImplementedError):
        return f"it is packed in a way Dotstorm does not read ({error})"
    said = str(error).rstrip(".") or type(error).__name__
    return f"it is damaged ({said})"


def _offence(name: str, error: SessionFormatError) -> str:
    """A file's offence against its format, with the file named."""
    if error.pointer:
        return f"{name} at {error.pointer}: {error.reason}"
    return f"{name}: {error.reason}"
