"""dotstorm restore: all or nothing, whatever the archive, on a laptop's file and a server.

Every archive is read and checked whole before the database is opened; then it is
written in one transaction. So a hostile archive, or a row the database refuses late
in the write, leaves the database as it was, and the same restore can run again.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import with_fresh_ids
from app.core.types import Goal, MetricReading, new_id
from app.storage.database import open_database
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE
from tests.storage.archive_kit import good_archive
from tests.storage.contents import stored_contents
from tests.storage.hostile_archives import (
    GOAL,
    HOSTILE,
    READING,
    a_declared_bomb,
    a_lying_bomb,
)

EXAMPLE = EXAMPLE_FILE.read_bytes()
MEMORY_BOUND_KIB = 400 * 1024
"""The most a restore may take of any archive (it takes about 70 MB of a bomb)."""


def snapshot(url: str) -> object:
    """The database's bytes (a file) or every table's rows (a server)."""
    database = open_database(url)
    try:
        return stored_contents(database)
    finally:
        database.close()


def three_sessions() -> list[bytes]:
    first = parse_session_file(EXAMPLE)
    more = [with_fresh_ids(first, set(first.all_ids())) for _ in range(2)]
    return [EXAMPLE, *(dump_session(session) for session in more)]


def count(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_archive_is_one_line_and_creates_nothing(
    tmp_path: Path, isolated_env: dict[str, str], case: str
):
    build, expected = HOSTILE[case]
    archive = tmp_path / "hostile.zip"
    archive.write_bytes(build())
    laptop = Dotstorm(tmp_path / "laptop.sqlite3", isolated_env)
    line = assert_one_line_error(laptop("restore", str(archive)))
    assert line.startswith(f"dotstorm: {archive} is not a readable Dotstorm archive: ")
    assert expected in line
    assert list(tmp_path.iterdir()) == [archive]  # no database, no folder, no log


def test_after_refused_archives_the_database_is_as_it_was_and_a_good_one_restores(
    dotstorm: Dotstorm, db_url: str, tmp_path: Path
):
    dotstorm.ok("init")
    before = snapshot(db_url)
    archive = tmp_path / "hostile.zip"
    for case in ("a bad CRC", "a checksum mismatch", "goals.json: NaN", "a name with .."):
        archive.write_bytes(HOSTILE[case][0]())
        assert_one_line_error(dotstorm("restore", str(archive)))
    assert snapshot(db_url) == before
    good = good_archive(tmp_path / "good.zip", three_sessions(), [GOAL], [READING])
    said = dotstorm.ok("restore", str(good))
    assert said == f"restored 3 sessions and 1 goal from {good}\n"
    assert count(db_url, "sessions") == 3 and count(db_url, "metric_readings") == 1


def refuse_the_third_session(backend: str) -> list[str]:
    """A trigger that refuses the notes of the third session: late in the write."""
    if backend == "sqlite":
        return [
            "CREATE TRIGGER refuse_late BEFORE INSERT ON notes "
            "WHEN (SELECT count(*) FROM sessions) >= 3 "
            "BEGIN SELECT RAISE(ABORT, 'the third session is refused'); END"
        ]
    return [
        "CREATE FUNCTION refuse_late() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF (SELECT count(*) FROM sessions) >= 3 THEN "
        "RAISE EXCEPTION 'the third session is refused'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse_late BEFORE INSERT ON notes "
        "FOR EACH ROW EXECUTE FUNCTION refuse_late()",
    ]


def test_a_restore_the_database_refuses_half_way_leaves_it_as_it_was(
    dotstorm: Dotstorm, db_url: str, backend: str, tmp_path: Path
):
    dotstorm.ok("init")
    for statement in refuse_the_third_session(backend):
        dotstorm.execute(statement)
    before = snapshot(db_url)
    archive = good_archive(tmp_path / "good.zip", three_sessions(), [GOAL], [READING])
    line = assert_one_line_error(dotstorm("restore", str(archive)))
    assert "the third session is refused" in line
    # Goals, readings and two whole sessions were written before the refusal: none stayed.
    assert snapshot(db_url) == before
    assert count(db_url, "goals") == count(db_url, "sessions") == 0
    dotstorm.execute("DROP TRIGGER refuse_late" + (" ON notes" if backend != "sqlite" else ""))
    said = dotstorm.ok("restore", str(archive))  # the same archive, into the same database
    assert said == f"restored 3 sessions and 1 goal from {archive}\n"
    assert count(db_url, "sessions") == 3


PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
"""Runs a command and prints its exit status and its peak resident memory (KiB)."""


@pytest.mark.parametrize("bomb", [a_declared_bomb, a_lying_bomb])
def test_a_zip_bomb_is_refused_in_bounded_memory(
    tmp_path: Path, isolated_env: dict[str, str], bomb: object
):
    assert callable(bomb)
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(bomb())
    assert archive.stat().st_size < 2 << 20
    command = [sys.executable, "-m", "app", "restore", str(archive)]
    command += ["--db", str(tmp_path / "laptop.sqlite3")]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        capture_output=True,
        text=True,
        env=isolated_env,
        timeout=120,
        check=True,
    )
    status, peak = (int(value) for value in done.stdout.split())
    assert status == 1 and "is not a readable Dotstorm archive" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert peak < MEMORY_BOUND_KIB, f"{peak // 1024} MB"


def test_ten_thousand_goals_restore_in_one_transaction(
    dotstorm: Dotstorm, db_url: str, backend: str, tmp_path: Path
):
    goals = [
        Goal(new_id(), f"Goal {i}", metric="tickets", unit="%", baseline=i, owner="Maya")
        for i in range(10_000)
    ]
    readings = [MetricReading(new_id(), goal.id, date(2026, 11, 2), 1.5) for goal in goals]
    archive = good_archive(tmp_path / "goals.zip", three_sessions(), goals, readings)
    said = dotstorm.ok("restore", str(archive))
    # The example's goal wording made one more goal record.
    assert said == f"restored 3 sessions and 10000 goals from {archive}\n"
    assert count(db_url, "goals") == 10_001 and count(db_url, "metric_readings") == 10_000
    if backend == "postgresql":
        # Every row carries the id of the transaction that wrote it (each session's rows
        # that of its savepoint, as an import's): the archive's goals and readings, one.
        written_by = (
            "(SELECT xmin::text FROM goals WHERE owner = 'Maya' "
            "UNION SELECT xmin::text FROM metric_readings) AS t"
        )
        assert count(db_url, written_by) == 1
