"""Archives built to hurt, each with the words its refusal must carry.

Each is a whole archive (one session file, ``goals.json``, a manifest with true
checksums) but for the one thing it does wrong: damaged, sealed, packed in a way
Dotstorm does not read, named to escape, a bomb, or a ``goals.json`` that breaks the
session format's rules.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from datetime import date

from app.core.archive_format import goals_file_bytes
from app.core.session_format import parse_session_file
from app.core.types import Goal, MetricReading
from tests.conftest import EXAMPLE_FILE
from tests.storage.archive_kit import (
    DEFLATED,
    Member,
    deflated,
    deflated_zeros,
    members_with_manifest,
    raw_zip,
)

EXAMPLE = EXAMPLE_FILE.read_bytes()
NAME = f"sessions/{parse_session_file(EXAMPLE).id}.json"
GOAL = Goal("6a1e4c52-7d0f-4b7e-9f55-0f0d7f5b2a11", "Halve it", owner="Maya", baseline=14)
READING = MetricReading("f3a7c0de-1f2e-4c5d-9a8b-7c6d5e4f3a21", GOAL.id, date(2026, 1, 5), 9.5)
GOALS_TEXT = goals_file_bytes([GOAL], [READING]).decode()


def members(**changes: object) -> list[Member]:
    """A whole archive's stored members (one session, one goal), the session's changed."""
    listed = members_with_manifest({NAME: EXAMPLE}, GOALS_TEXT.encode())
    return [Member(**{**vars(listed[0]), **changes}), *listed[1:]]


def with_manifest(manifest: bytes) -> bytes:
    return raw_zip([*members()[:-1], Member("manifest.json", manifest)])


def with_goals(replaced: str, by: str) -> Callable[[], bytes]:
    """An archive whose ``goals.json`` has ``by`` where it said ``replaced``."""
    assert replaced in GOALS_TEXT

    def build() -> bytes:
        goals = GOALS_TEXT.replace(replaced, by, 1).encode()
        return raw_zip(members_with_manifest({NAME: EXAMPLE}, goals))

    return build


def a_goal_twice() -> bytes:
    goals = json.loads(GOALS_TEXT)
    goals["goals"].append(goals["goals"][0])
    return raw_zip(members_with_manifest({NAME: EXAMPLE}, json.dumps(goals).encode()))


def a_huge_directory() -> bytes:
    """A zip whose end record announces a directory larger than zipfile should read."""
    data = raw_zip(members())
    end = data.rindex(b"PK\x05\x06")
    return data[: end + 12] + struct.pack("<L", 20 << 20) + data[end + 16 :]


def a_zip64_directory_the_classic_end_record_hides(entries: int = 2_000_000) -> bytes:
    """A zip64 end record (which zipfile believes) announcing millions of files, while the
    classic end record beside it says the archive holds its three: zipfile would parse
    the whole directory before any count could be checked."""
    data = raw_zip(members())
    end = data.rindex(b"PK\x05\x06")
    directory_size, directory_at = struct.unpack("<LL", data[end + 12 : end + 20])
    zip64_end = struct.pack(
        "<4sQ2H2L4Q",
        b"PK\x06\x06",
        44,
        45,
        45,
        0,
        0,
        entries,
        entries,
        directory_size,
        directory_at,
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    return data[:end] + zip64_end + locator + data[end:]


def a_name_flagged_utf8_that_is_not() -> bytes:
    data = raw_zip([*members(), Member("sessions/bad-name.json", b"", flags=0x800)])
    return data.replace(b"bad-name", b"bad\xd5name")


def a_session_file_breaking_the_rules() -> bytes:
    broken = EXAMPLE.replace(b'"color": "#', b'"color": "red', 1)
    return raw_zip(members_with_manifest({NAME: broken}))


def one_session_twice() -> bytes:
    return raw_zip(members_with_manifest({NAME: EXAMPLE, "sessions/again.json": EXAMPLE}))


def a_declared_bomb() -> bytes:
    """A session file that says it unpacks to 1 GiB, and does: 1 MiB on disk."""
    return raw_zip(members(data=deflated_zeros(1024), method=DEFLATED, size=1 << 30))


def a_lying_bomb() -> bytes:
    """A session file that says it unpacks to 40 MiB (80 times its size: within the limits),
    and holds 512 MiB: half a megabyte on disk."""
    return raw_zip(members(data=deflated_zeros(512), method=DEFLATED, size=40 << 20))


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "not a zip": (lambda: b"Dotstorm, honestly", "it is not a zip file"),
    "an empty file": (lambda: b"", "it is not a zip file"),
    "cut in half": (lambda: raw_zip(members())[:900], "it is not a zip file"),
    "a bad CRC": (lambda: raw_zip(members(crc=1234)), f"damaged (Bad CRC-32 for file '{NAME}')"),
    "encrypted": (lambda: raw_zip(members(flags=0x1)), f"{NAME} is encrypted"),
    "AES (method 99)": (
        lambda: raw_zip(members(method=99)),
        f"{NAME} is packed with a method Dotstorm does not read (99)",
    ),
    "bzip2 (method 12)": (
        lambda: raw_zip(members(method=12)),
        "is packed with a method Dotstorm does not read (12)",
    ),
    "a deflate stream that is noise": (
        lambda: raw_zip(members(data=b"\xff" * 200, method=DEFLATED, size=len(EXAMPLE))),
        "a file in it is damaged (Error -3 while decompressing data",
    ),
    "a file shorter than it says": (
        lambda: raw_zip(
            members(
                data=deflated(EXAMPLE),
                method=DEFLATED,
                size=len(EXAMPLE) + 1,
                crc=zlib.crc32(EXAMPLE),
            )
        ),
        f"{NAME} is cut short",
    ),
    "a name with ..": (
        lambda: raw_zip([*members(), Member("sessions/../../etc/cron.d/x", b"")]),
        "the file name 'sessions/../../etc/cron.d/x' leads outside the archive",
    ),
    "an absolute name": (
        lambda: raw_zip([*members(), Member("/etc/passwd", b"")]),
        "the file name '/etc/passwd' is absolute",
    ),
    "a drive letter": (
        lambda: raw_zip([*members(), Member("C:/x.json", b"")]),
        "the file name 'C:/x.json' is absolute",
    ),
    "a name flagged UTF-8 that is not": (
        a_name_flagged_utf8_that_is_not,
        "it is damaged ('utf-8' codec can't decode byte 0xd5",
    ),
    "a name twice": (lambda: raw_zip([*members(), *members()[:1]]), f"{NAME} is in it twice"),
    "no manifest": (lambda: raw_zip(members()[:-1]), "it has no manifest.json"),
    "a manifest that is not JSON": (
        lambda: with_manifest(b'{"format": "dotstorm.archive",'),
        "manifest.json is not valid JSON",
    ),
    "a manifest of a newer archive": (
        lambda: with_manifest(b'{"format": "dotstorm.archive", "version": 2}'),
        "it is archive version 2; this Dotstorm reads version 1",
    ),
    "a manifest listing a missing file": (
        lambda: raw_zip(members()[1:]),
        f"manifest.json lists {NAME}, which is not in it",
    ),
    "a checksum mismatch": (
        lambda: raw_zip(members(data=EXAMPLE.replace(b"Fewer", b"Fuller"))),
        f"{NAME} is not what was written (its checksum differs)",
    ),
    "a file declared too large (a zip bomb)": (
        a_declared_bomb,
        f"{NAME} would unpack to 1,024 MiB; no file of an archive is over 50 MiB",
    ),
    "a file that would grow too much": (
        lambda: raw_zip(members(data=deflated_zeros(8), method=DEFLATED, size=8 << 20)),
        f"{NAME} would unpack to over 200 times its size",
    ),
    "a directory too large to read": (
        a_huge_directory,
        "its directory takes 20,971,520 bytes; an archive's takes at most 16 MiB",
    ),
    "a zip64 directory the classic end record hides": (
        a_zip64_directory_the_classic_end_record_hides,
        "its directory lists 2,000,000 files; an archive holds at most 100,000",
    ),
    "a session file breaking the rules": (
        a_session_file_breaking_the_rules,
        f"{NAME} at /session/clusters/0/color: is not a #RRGGBB colour",
    ),
    "one session twice": (one_session_twice, f"sessions/again.json holds the session {NAME}"),
    "goals.json: a goal twice": (a_goal_twice, "goals.json at /goals/1/id: this id is already"),
    "goals.json: a reading of a goal not in it": (
        with_goals(f'"goal_id": "{GOAL.id}"', '"goal_id": "0b6f2f41-5a56-4f3c-8e0e-5e8e4e4b9c22"'),
        "goals.json at /readings/0/goal_id: no goal in this file has this id",
    ),
    "goals.json: NaN": (
        with_goals('"baseline": 14', '"baseline": NaN'),
        "goals.json: not valid JSON: NaN is not a number JSON allows",
    ),
    "goals.json: Infinity": (
        with_goals('"value": 9.5', '"value": Infinity'),
        "goals.json: not valid JSON: Infinity is not a number JSON allows",
    ),
    "goals.json: a number too large": (
        with_goals('"baseline": 14', '"baseline": 1' + "0" * 400),
        "goals.json at /goals/0/baseline: is a number too large to be finite",
    ),
    "goals.json: a boolean for a number": (
        with_goals('"baseline": 14', '"baseline": true'),
        "goals.json at /goals/0/baseline: must be a number (found true/false)",
    ),
    "goals.json: a number as text": (
        with_goals('"value": 9.5', '"value": "9.5"'),
        "goals.json at /readings/0/value: must be a number (found a string)",
    ),
    "goals.json: an id of x": (
        with_goals(f'"id": "{GOAL.id}"', '"id": "x"'),
        "goals.json at /goals/0/id: is not a UUID",
    ),
    "goals.json: an empty title": (
        with_goals('"title": "Halve it"', '"title": ""'),
        "goals.json at /goals/0/title: must not be empty",
    ),
    "goals.json: a title of a million characters": (
        with_goals('"title": "Halve it"', '"title": "' + "x" * 1_000_000 + '"'),
        "goals.json at /goals/0/title: is 1,000,000 characters long; the limit is 200",
    ),
    "goals.json: a key twice": (
        with_goals('"owner": "Maya"', '"owner": "Maya", "owner": "Jonas"'),
        "goals.json at /goals/0: has the key 'owner' twice",
    ),
}
