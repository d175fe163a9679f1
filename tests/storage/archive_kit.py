"""Archives for tests: good ones written by Dotstorm's own writer, hostile ones by hand.

A hostile zip needs what zipfile will not write: a name twice, an encryption flag on
plain bytes, a compression method no one reads, sizes that lie. :func:`raw_zip` writes
the bytes of a zip from its members exactly as given.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from app.core.archive_format import GOALS, MANIFEST, goals_file_bytes
from app.core.session_format import parse_session_file
from app.core.types import Goal, MetricReading
from app.storage.archive import write_archive

DEFLATED = zipfile.ZIP_DEFLATED
STORED = zipfile.ZIP_STORED


@dataclass(frozen=True)
class Member:
    """One file of a raw zip, as it is to be written (``data`` already packed)."""

    name: str
    data: bytes
    method: int = STORED
    flags: int = 0
    size: int | None = None
    """The unpacked size the zip declares (``len(data)`` unless given)."""
    crc: int | None = None
    """The CRC-32 the zip declares (that of ``data`` unless given)."""


def raw_zip(members: list[Member]) -> bytes:
    """The bytes of a zip of ``members``, each written exactly as given."""
    body = b""
    directory = b""
    for member in members:
        name = member.name.encode()
        size = len(member.data) if member.size is None else member.size
        crc = zlib.crc32(member.data) if member.crc is None else member.crc
        fields = (member.flags, member.method, 0, 0x21, crc, len(member.data), size, len(name))
        directory += (
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, len(body))
            + name
        )
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields, 0) + name + member.data
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


def deflated(data: bytes) -> bytes:
    """``data`` as a raw deflate stream, as a zip holds it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_zeros(mebibytes: int) -> bytes:
    """A raw deflate stream of ``mebibytes`` MiB of zeros, about a thousandth of that.

    Each MiB is packed on its own (a full flush forgets what came before), so the
    packed MiB is the same bytes every time and is packed only once.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = packer.compress(bytes(1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    return one * mebibytes + packer.flush()


def good_archive(
    path: Path,
    session_files: list[bytes],
    goals: list[Goal] | None = None,
    readings: list[MetricReading] | None = None,
) -> Path:
    """An archive as ``dotstorm backup`` writes it, of these sessions, goals and readings."""
    files = [(parse_session_file(data).id, data) for data in session_files]
    write_archive(path, files, goals or [], readings or [], database="postgresql://test@/kit")
    return path


def archive_members(path: Path) -> dict[str, bytes]:
    """Every file of an archive, by name, unpacked."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def members_with_manifest(
    files: dict[str, bytes], goals_data: bytes | None = None
) -> list[Member]:
    """Stored members for ``files`` (session files by name) and ``goals.json``, listed in a
    manifest with their true checksums: what is wrong is only what the test put there."""
    goals_data = goals_file_bytes([], []) if goals_data is None else goals_data
    manifest = {
        "format": "dotstorm.archive",
        "version": 1,
        "schema": "test",
        "database": "test",
        "written_at": "2026-12-01T10:00:00+00:00",
        "sessions": {name: _digest(data) for name, data in files.items()},
        "goals": {GOALS: _digest(goals_data)},
    }
    return [
        *(Member(name, data) for name, data in files.items()),
        Member(GOALS, goals_data),
        Member(MANIFEST, json.dumps(manifest).encode()),
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
