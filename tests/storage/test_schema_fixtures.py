"""A database from every released schema opens with today's code, every row intact.

The fixtures are made by scripts/make_schema_fixtures.py (the demo and the spec's
example, taken down with the migrations' own downgrade steps).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.core.session_format import parse_session_file, session_to_document
from app.core.types import Via
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE, FIXTURES

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


SCHEMAS = sorted((FIXTURES / "schemas").glob("schema-*.sqlite3"))


def row_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()


def test_there_is_a_fixture_for_every_revision():
    from alembic.script import ScriptDirectory

    from app.storage.schema_revision import alembic_config

    revisions = {
        r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
    assert {p.stem.removeprefix("schema-") for p in SCHEMAS} == revisions


@pytest.mark.parametrize("fixture", SCHEMAS, ids=[p.stem for p in SCHEMAS])
def test_every_row_survives_the_upgrade(fixture: Path, tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(fixture, path)
    before = row_counts(path)
    database = open_database(f"sqlite:///{path}")
    try:
        after = row_counts(path)
        for table, count in before.items():
            assert after[table] == count, table
        repository = SessionRepository(database.engine)
        example = parse_session_file(EXAMPLE_FILE.read_bytes())
        demo = build_demo_session()
        for expected in (example, demo):
            stored = repository.load_session(expected.id)
            got = session_to_document(stored)["session"]
            want = session_to_document(expected)["session"]
            if expected.id == DEMO_SESSION_ID:  # the demo is dated the day it was built
                for document in (got, want):
                    (
                        document.pop("created_at"),
                        document.pop("started_at"),
                        document.pop("ended_at"),
                    )
                    for part in ("phases", "notes", "vote_rounds"):
                        for item in document[part]:
                            for key in ("started_at", "created_at", "opened_at", "closed_at"):
                                item.pop(key, None)
                    for action in document["action_items"]:
                        action.pop("due_date")
            # Before 0006 a goal was a line of text: the upgrade made it a goal record.
            goal = got.pop("goal_record", None)
            if fixture.stem < "schema-0006":
                assert goal is not None and goal["title"] == " ".join(expected.goal.split())
            assert got == want
    finally:
        database.close()


def test_the_upgrade_makes_one_goal_per_wording_and_links_its_sessions(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schemas" / "schema-0005.sqlite3", path)
    connection = sqlite3.connect(path)
    try:
        (goal,) = connection.execute(
            "SELECT goal FROM sessions WHERE id = ?", (DEMO_SESSION_ID,)
        ).fetchone()
        # Two more sessions: the same goal in other case and spacing, and no goal at all.
        for new_id, wording in (
            ("a" * 8 + "-0000-4000-8000-" + "0" * 12, f"  {goal.upper()} "),
            ("b" * 8 + "-0000-4000-8000-" + "0" * 12, ""),
        ):
            connection.execute(
                "INSERT INTO sessions (id, title, goal, question, facilitator, status, "
                "anonymous_ideas) VALUES (?, 'Again', ?, '', '', 'planned', 0)",
                (new_id, wording),
            )
        connection.commit()
    finally:
        connection.close()
    database = open_database(f"sqlite:///{path}")
    try:
        repository = SessionRepository(database.engine)
        goals = repository.goals.all_goals()
        titles = sorted(g.title for g in goals)
        example = parse_session_file(EXAMPLE_FILE.read_bytes())
        assert titles == sorted({goal, example.goal})
        demo_goal = next(g for g in goals if g.title == goal)
        assert len(repository.goals.sessions_of_goal(demo_goal.id)) == 2
        assert repository.load_session("b" * 8 + "-0000-4000-8000-" + "0" * 12).goal_record is None
        assert repository.load_session(DEMO_SESSION_ID).goal == goal  # its own wording stays
    finally:
        database.close()


def test_the_0010_file_upgrades_with_every_note_and_ballot_read_as_the_laptops(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schemas" / "schema-0010.sqlite3", path)
    connection = sqlite3.connect(path)
    try:
        # Everyone who put dots in a round pressed Done, as in a real session.
        connection.execute(
            "INSERT INTO ballots (round_id, voter_id, finished_at) "
            "SELECT DISTINCT round_id, voter_id, '2026-11-23 10:00:00.000000' FROM dots"
        )
        connection.commit()
        ballots = connection.execute("SELECT count(*) FROM ballots").fetchone()[0]
        notes = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        connection.close()
    assert ballots and notes
    open_database(f"sqlite:///{path}").close()
    connection = sqlite3.connect(path)
    try:
        for table, count in (("notes", notes), ("ballots", ballots)):
            assert connection.execute(
                f"SELECT via, count(*) FROM {table} GROUP BY via"
            ).fetchall() == [("laptop", count)]
    finally:
        connection.close()
    database = open_database(f"sqlite:///{path}")
    try:
        demo = SessionRepository(database.engine).load_session(DEMO_SESSION_ID)
        assert {note.via for note in demo.notes} == {Via.LAPTOP}
        assert any(vote_round.finished_voter_ids for vote_round in demo.vote_rounds)
        assert all(vote_round.phone_voter_ids == () for vote_round in demo.vote_rounds)
    finally:
        database.close()
