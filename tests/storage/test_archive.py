"""Reading an archive: every kind of damaged, sealed, oversized or foreign zip is one sentence."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

import pytest

from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import with_fresh_ids
from app.storage import archive as archive_module
from app.storage.archive import open_archive
from app.storage.errors import UnreadableArchive
from tests.storage.archive_kit import (
    DEFLATED,
    Member,
    deflated_zeros,
    good_archive,
    raw_zip,
)
from tests.storage.hostile_archives import EXAMPLE, GOAL, HOSTILE, NAME, READING, members

SESSION = parse_session_file(EXAMPLE)
SECOND = dump_session(with_fresh_ids(SESSION, set(SESSION.all_ids())))


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_archive_is_refused_in_one_sentence(tmp_path: Path, case: str):
    build, expected = HOSTILE[case]
    path = tmp_path / "archive.zip"
    path.write_bytes(build())
    with pytest.raises(UnreadableArchive) as refused, open_archive(path) as archive:
        archive.verify()
    said = str(refused.value)
    assert said.startswith(f"{path} is not a readable Dotstorm archive: ")
    assert expected in said
    assert "\n" not in said


def test_more_files_than_an_archive_holds_are_refused_before_any_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "archive.zip"
    data = raw_zip([*members(), Member("sessions/extra.json", b"{}")])
    monkeypatch.setattr(archive_module, "MAX_MEMBERS", 3)
    path.write_bytes(data)
    with (
        pytest.raises(UnreadableArchive, match="directory lists 4 files; an archive holds at"),
        open_archive(path),
    ):
        pass
    # An end record that says one file, before a directory of four: counted as read.
    end = data.rindex(b"PK\x05\x06")
    path.write_bytes(data[: end + 8] + struct.pack("<HH", 1, 1) + data[end + 12 :])
    with (
        pytest.raises(UnreadableArchive, match="it holds 4 files; an archive holds at most 3"),
        open_archive(path),
    ):
        pass


def test_neither_a_folder_nor_nothing_is_an_archive(tmp_path: Path):
    for path, reason in ((tmp_path, "it is not a file"), (tmp_path / "no.zip", "no such file")):
        with pytest.raises(UnreadableArchive, match=reason), open_archive(path):
            pass


def test_a_file_that_inflates_past_its_size_is_read_no_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The entry says 30 kB, less than it takes packed; the stream holds 64 MiB of zeros.
    path = tmp_path / "archive.zip"
    path.write_bytes(raw_zip(members(data=deflated_zeros(64), method=DEFLATED, size=30_000)))
    inflated: list[int] = []
    reading = zlib.decompressobj

    class Counting:
        def __init__(self, *args: object) -> None:
            self._inner = reading(*args)  # type: ignore[arg-type]

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            out = self._inner.decompress(data, max_length)
            inflated.append(len(out))
            return out

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

    monkeypatch.setattr("zipfile.zlib.decompressobj", Counting)
    with (
        pytest.raises(UnreadableArchive, match=r"damaged \(Bad CRC-32"),
        open_archive(path) as archive,
    ):
        archive.verify()
    assert sum(inflated) <= 30_000 + archive_module.CHUNK


def test_the_archive_as_backup_writes_it_reads_back_whole(tmp_path: Path):
    path = good_archive(tmp_path / "archive.zip", [EXAMPLE, SECOND], [GOAL], [READING])
    with open_archive(path) as archive:
        contents = archive.verify()
        assert (contents.sessions, contents.goals, contents.readings) == (2, [GOAL], [READING])
        sessions = list(archive.sessions())
    assert sessions == [SESSION, parse_session_file(SECOND)]


def test_an_archive_from_before_goals_were_archived_still_reads(tmp_path: Path):
    manifest = {
        "format": "dotstorm.archive",
        "version": 1,
        "schema": "0005",
        "database": "postgresql://maya@db/team",
        "written_at": "2026-11-01T10:00:00+01:00",
        "sessions": {NAME: hashlib.sha256(EXAMPLE).hexdigest()},
    }
    path = tmp_path / "old.zip"
    path.write_bytes(
        raw_zip([Member(NAME, EXAMPLE), Member("manifest.json", json.dumps(manifest).encode())])
    )
    with open_archive(path) as archive:
        assert archive.verify().sessions == 1
        assert list(archive.sessions()) == [SESSION]
