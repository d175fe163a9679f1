"""``dotstorm list | head -1``: a reader that stops early ends the command quietly.

Each command's output is far larger than a pipe holds (64 KiB on Linux) plus Python's
buffer, so the command is still writing when the reader closes its end: its next write
meets the closed pipe. Python's documented recipe applies: exit status 1, and nothing
on stderr (no "unexpected error", no "Exception ignored").
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.types import ActionItem, Note, Session, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository

MANY = 1500
LONG = "An idea worth writing down at length, so that the output is large. " * 7


@pytest.fixture(scope="module")
def big_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Sessions, notes and actions enough for a quarter of a megabyte of each listing."""
    db_path = tmp_path_factory.mktemp("big") / "dotstorm.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    try:
        repository = SessionRepository(database.engine)
        now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        big = Session(
            new_id(),
            "The big one",
            created_at=now,
            notes=tuple(
                Note(new_id(), f"{i} {LONG}", "#FFE680", i % 40 * 200.0, i // 40 * 150.0, now)
                for i in range(MANY // 3)
            ),
            action_items=tuple(ActionItem(new_id(), f"{i} {LONG}") for i in range(MANY // 3)),
        )
        repository.add_session(big)
        small = Session(new_id(), f"A session with a long title: {LONG}"[:200], created_at=now)
        for _ in range(MANY):
            repository.add_session(replace(small, id=new_id()))
    finally:
        database.close()
    return str(db_path)


def first_line_then_close(env: dict[str, str], *args: str) -> tuple[bytes, int, bytes]:
    """Read one line of the command's output, close the pipe; its status and stderr."""
    child = subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    with child.stderr:
        said = child.stderr.read()
    return first, child.wait(timeout=120), said


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "--json"], ["actions"], ["export", "The big one", "--format", "md"]],
)
def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(
    big_database: str, isolated_env: dict[str, str], command: list[str]
):
    first, status, said = first_line_then_close(isolated_env, *command, "--db", big_database)
    assert first.strip()
    assert said == b""
    assert status == 1


def test_the_whole_output_still_comes_when_it_is_read(
    big_database: str, isolated_env: dict[str, str]
):
    done = subprocess.run(
        [sys.executable, "-m", "app", "list", "--db", big_database],
        capture_output=True,
        env=isolated_env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert len(done.stdout.splitlines()) == MANY + 1
    assert len(done.stdout) > 256 * 1024  # what makes the test above meet a full pipe
