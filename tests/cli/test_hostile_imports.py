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


def ratings_to_the_brim() -> bytes:
    """A rating round of 250,000 ratings (100 people, 500 notes, 5 criteria), the last twice.

    Near the size limit; each rule over the ratings must cost a linear pass, no more.
    """
    document = copy.deepcopy(EXAMPLE)
    session = document["session"]
    person, note, vote_round = (
        session["participants"][0],
        session["notes"][0],
        session["vote_rounds"][0],
    )
    session["participants"] = [
        dict(person, id=f"00000000-0000-4000-8000-{n:012d}") for n in range(100)
    ]
    session["notes"] = [
        dict(note, id=f"00000000-0000-4000-9000-{n:012d}", author_id=None, cluster_id=None)
        for n in range(500)
    ]
    session["action_items"] = []
    criteria = [
        {
            "id": f"00000000-0000-4000-a000-{n:012d}",
            "name": f"C{n}",
            "min": 1,
            "max": 5,
            "higher_is_better": True,
        }
        for n in range(5)
    ]
    ratings = [
        {"voter_id": p["id"], "item_id": i["id"], "criterion_id": c["id"], "value": 3}
        for p in session["participants"]
        for i in session["notes"]
        for c in criteria
    ]
    ratings.append(dict(ratings[-1]))
    session["vote_rounds"] = [
        dict(vote_round, dots=[], kind="rating", criteria=criteria, ratings=ratings)
    ]
    return json.dumps(document, separators=(",", ":")).encode()


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
    "a quarter of a million ratings, the last one twice": (
        ratings_to_the_brim,
        "/session/vote_rounds/0/ratings/250000: this voter already rated this item",
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
