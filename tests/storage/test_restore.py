"""A restore is one transaction: whatever stops it half-way leaves the database as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import with_fresh_ids
from app.core.types import Goal, MetricReading
from app.storage.archive import open_archive
from app.storage.database import Database
from app.storage.errors import DatabaseUnavailable, UnreadableArchive
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE
from tests.storage.archive_kit import members_with_manifest, raw_zip
from tests.storage.contents import stored_contents

EXAMPLE = EXAMPLE_FILE.read_bytes()
FIRST = parse_session_file(EXAMPLE)
GOAL = Goal("6a1e4c52-7d0f-4b7e-9f55-0f0d7f5b2a11", "Halve it", owner="Maya", baseline=14)
READING = MetricReading("f3a7c0de-1f2e-4c5d-9a8b-7c6d5e4f3a21", GOAL.id, date(2026, 1, 5), 9)


def three_sessions() -> dict[str, bytes]:
    files = {f"sessions/{FIRST.id}.json": EXAMPLE}
    for _ in range(2):
        session = with_fresh_ids(FIRST, set(FIRST.all_ids()))
        files[f"sessions/{session.id}.json"] = dump_session(session)
    return files


def test_an_archive_changed_on_disk_while_it_is_restored_leaves_nothing(
    database: Database, repository: SessionRepository, tmp_path: Path
):
    from app.core.archive_format import goals_file_bytes

    files = three_sessions()
    path = tmp_path / "archive.zip"
    # Stored, not deflated: the third session's bytes lie in the file as they are.
    path.write_bytes(raw_zip(members_with_manifest(files, goals_file_bytes([GOAL], [READING]))))
    before = stored_contents(database)
    with open_archive(path) as archive:
        contents = archive.verify()
        assert contents.sessions == 3
        # Someone writes over the archive in place once it was checked, before the
        # third session is read again: the goals and two sessions are written by then.
        third = list(files.values())[2]
        data = path.read_bytes()
        at = data.index(third) + third.index(b'"title": "') + len(b'"title": "')
        with path.open("r+b") as handle:
            handle.seek(at)
            handle.write(b"X")
        with pytest.raises(UnreadableArchive, match=r"damaged \(Bad CRC-32 for file .sessions/"):
            repository.restore_archive(contents.goals, contents.readings, archive.sessions())
    assert stored_contents(database) == before
    # Nothing to clear away: the same database takes the archive once it is whole again.
    path.write_bytes(raw_zip(members_with_manifest(files, goals_file_bytes([GOAL], [READING]))))
    with open_archive(path) as archive:
        contents = archive.verify()
        assert (
            repository.restore_archive(contents.goals, contents.readings, archive.sessions()) == 3
        )
    assert {s.id for s in repository.list_sessions()} == {
        parse_session_file(data).id for data in files.values()
    }
    assert repository.goals.goal(GOAL.id) == GOAL and repository.goals.readings(GOAL.id) == [
        READING
    ]


def test_a_database_with_a_goal_is_not_restored_into(
    database: Database, repository: SessionRepository
):
    repository.goals.add_goal(GOAL)
    before = stored_contents(database)
    with pytest.raises(DatabaseUnavailable, match="already holds sessions or goals"):
        repository.restore_archive([], [], iter([FIRST]))
    assert stored_contents(database) == before
