"""Files built to hurt: each import is refused in one line, cheaply, and stores nothing.

The imports run in a subprocess under an address-space and CPU limit, so a file that
cost gigabytes or minutes would fail the test by being killed, not by a stopwatch.
"""

from __future__ import annotations

import copy
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


MEMORY_LIMIT = 1536 * 1024 * 1024
CPU_SECONDS = 60

EXAMPLE = json.loads(EXAMPLE_FILE.read_bytes())


def with_session(change: Callable[[dict[str, object]], None]) -> bytes:
    document = copy.deepcopy(EXAMPLE)
    change(document["session"])
    return json.dumps(document).encode()


def million_empty_notes(session: dict[str, object]) -> None:
    session["notes"] = [{}] * 1_000_000


def unknown_keys_and_bad_notes(session: dict[str, object]) -> None:
    note = session["notes"][0]  # type: ignore[index]
    session["notes"] = [dict(note, color="bad") for _ in range(20_000)]
    session["extra"] = {f"unknown-{i}": i for i in range(300_000)}


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "a million empty notes": (
        lambda: with_session(million_empty_notes),
        "/session/notes: has 1,000,000 entries; the limit is 20,000",
    ),
    "unknown keys and twenty thousand bad notes": (
        lambda: with_session(unknown_keys_and_bad_notes),
        "/session/notes/0/color: is not a #RRGGBB colour",
    ),
    "sixteen million empty arrays": (
        lambda: b"[" + b"[]," * 16_000_000 + b"[]]",
        "more than 3,000,000 values",
    ),
    "ten million short strings": (
        lambda: b'{"a": [' + b'"ab",' * 9_000_000 + b"1]}",
        "more than 3,000,000 values",
    ),
    "a number past infinity": (
        lambda: with_session(lambda s: s.update(title=1e308)).replace(b"1e+308", b"1e999"),
        "/session/title: is a number too large to be finite",
    ),
    "a key twice": (
        lambda: EXAMPLE_FILE.read_bytes().replace(b'"title": ', b'"title": "a", "title": ', 1),
        "/session: has the key 'title' twice",
    ),
    "a time past the last day": (
        lambda: with_session(lambda s: s.update(created_at="9999-12-31T23:59:59-01:00")),
        "/session/created_at: is not a real date and time",
    ),
    "an id ending in a newline": (
        lambda: with_session(lambda s: s.update(id=str(s["id"]) + "\n")),
        "/session/id: is not a UUID",
    ),
}


def database_bytes(path: Path) -> dict[str, bytes]:
    """The database file and its write-ahead log, byte for byte."""
    files = [path, path.with_name(path.name + "-wal")]
    return {f.name: f.read_bytes() for f in files if f.exists()}


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_in_one_line_within_bounds(
    name: str, dotstorm: Dotstorm, tmp_path: Path
):
    make, expected = HOSTILE[name]
    dotstorm.ok("import", str(EXAMPLE_FILE))
    before = database_bytes(dotstorm.db_path)
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(make())
    result = subprocess.run(
        [sys.executable, "-m", "app", "import", str(hostile), "--db", str(dotstorm.db_path)],
        capture_output=True,
        text=True,
        env=dotstorm.env,
        preexec_fn=limited,
        timeout=300,
        check=False,
    )
    line = assert_one_line_error(result)
    assert expected in line, line
    assert database_bytes(dotstorm.db_path) == before
    assert len(dotstorm.sessions()) == 1


def test_what_is_not_a_regular_file_is_refused_without_reading_it(
    dotstorm: Dotstorm, tmp_path: Path
):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # reading it would wait for ever
    assert "is not a regular file" in assert_one_line_error(dotstorm("import", str(fifo)))
    assert "is not a regular file" in assert_one_line_error(dotstorm("import", "/dev/zero"))
    odd = tmp_path / "evil\x1b[31m.json"
    odd.write_bytes(b"{")
    line = assert_one_line_error(dotstorm("import", str(odd)))
    assert "\x1b" not in line and "evil\\x1b[31m.json" in line
    assert dotstorm.sessions() == []
