"""dotstorm goals: every goal with what its sessions did, and a one-page report as PDF."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.core.goals import action_after_outcome, idea_status_for
from app.core.session_ops import as_template
from app.core.types import Decision, Goal, MetricReading, Outcome, OutcomeResult, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.shared_rows import record_outcome_now

GOAL = Goal(
    id=new_id(),
    title="Order to delivery: one day faster",
    why="Customers choose the supplier who delivers first.",
    metric="median order-to-delivery time",
    unit="days",
    baseline=4.2,
    target=3.2,
    target_date=date(2027, 3, 31),
    owner="Maya Chen",
)
OUTCOME = Outcome(
    OutcomeResult.WORKED,
    measured="picking errors 12 → 4 a week",
    learning="It works when the shift lead owns it.",
    decision=Decision.ADOPT,
    recorded_at=datetime(2026, 10, 20, 9, tzinfo=UTC),
)


@pytest.fixture
def program(db_url: str) -> dict[str, str]:
    """Two sessions serving one goal, readings of its metric, one adopted experiment."""
    database = open_database(db_url)
    repository = SessionRepository(database.engine)
    demo = replace(build_demo_session(date(2026, 9, 14)), goal_record=GOAL)
    repository.add_session(demo)
    repository.add_session(as_template(demo, "Round two"))
    for day, value in ((date(2026, 9, 1), 4.3), (date(2026, 11, 28), 3.6)):
        repository.goals.add_reading(MetricReading(new_id(), GOAL.id, day, value))
    action = next(a for a in demo.action_items if a.source_note_id)
    record_outcome_now(
        repository,
        action.id,
        OUTCOME,
        action_after_outcome(action, OUTCOME).status,
        idea_status_for(OUTCOME),
    )
    database.close()
    return {"session": demo.id, "action": action.id, "action_title": action.title}


def test_goals_json_has_the_documented_shape(dotstorm: Dotstorm, program: dict[str, str]):
    (goal,) = json.loads(dotstorm.ok("goals", "--json"))
    assert goal["id"] == GOAL.id and goal["title"] == GOAL.title
    assert (goal["metric"], goal["unit"], goal["baseline"], goal["target"]) == (
        "median order-to-delivery time",
        "days",
        4.2,
        3.2,
    )
    assert goal["target_date"] == "2027-03-31"
    assert goal["sessions"][0] == program["session"] and len(goal["sessions"]) == 2
    assert (goal["tried"], goal["adopted"], goal["dropped"]) == (1, 1, 0)
    assert goal["ideas"] > 0 and goal["open_actions"] == 2
    text = dotstorm.ok("goals")
    assert GOAL.title in text and "latest 3.6 days on 28 Nov 2026" in text


def test_actions_json_carries_the_outcome_and_the_goal(
    dotstorm: Dotstorm, program: dict[str, str]
):
    actions = json.loads(dotstorm.ok("actions", "--json"))
    tried = next(a for a in actions if a["id"] == program["action"])
    assert tried["goal_id"] == GOAL.id and tried["status"] == "done"
    assert tried["outcome"] == {
        "result": "worked",
        "measured": "picking errors 12 → 4 a week",
        "learning": "It works when the shift lead owns it.",
        "decision": "adopt",
        "recorded_at": "2026-10-20T09:00:00Z",
    }
    assert all(a["outcome"] is None for a in actions if a["id"] != program["action"])


def test_the_goal_report_is_one_page_with_the_metric_and_the_experiments(
    dotstorm: Dotstorm, program: dict[str, str], tmp_path: Path
):
    target = tmp_path / "goal.pdf"
    out = dotstorm.ok("goals", "report", GOAL.title.upper(), "-o", str(target))
    assert str(target) in out
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        GOAL.title,
        "Maya Chen",
        "baseline 4.2 days",
        "target 3.2 days",
        "3.6 days (28 Nov)",
        f"Adopted: {program['action_title']}",
        "Worked · adopt · picking errors",  # the rest wraps in its cell
        "2 sessions",
    ):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
    listed = fonts.stdout.splitlines()[2:]
    assert listed
    for line in listed:  # ReportLab's Helvetica, not embedded, was listed here once
        assert " yes yes yes " in line, line  # embedded, subset, with a ToUnicode map


@pytest.mark.sqlite_only  # no file yet; a server database always exists
def test_goals_of_no_database_and_an_unknown_goal(dotstorm: Dotstorm, tmp_path: Path):
    assert dotstorm.ok("goals") == "No goals yet.\n"
    assert json.loads(dotstorm.ok("goals", "--json")) == []
    line = assert_one_line_error(
        dotstorm("goals", "report", "nothing", "-o", str(tmp_path / "x.pdf"))
    )
    assert "there is no database" in line
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_goal_is_one_line_and_writes_nothing(
    dotstorm: Dotstorm, program: dict[str, str], tmp_path: Path
):
    line = assert_one_line_error(
        dotstorm("goals", "report", "Halve churn", "-o", str(tmp_path / "x.pdf"))
    )
    assert "No goal has the id or title 'Halve churn'" in line
    assert not (tmp_path / "x.pdf").exists()
    line = assert_one_line_error(dotstorm("goals", "report", GOAL.id, "-o", "/dev/null"))
    assert "regular file" in line


@pytest.mark.parametrize("stored", ["infinity", "nan"])
def test_a_number_stored_as_infinity_or_nan_is_named_by_check_and_refused_by_every_reader(
    dotstorm: Dotstorm, program: dict[str, str], backend: str, tmp_path: Path, stored: str
):
    """Only by hand (every door refuses it): then named in one line, never printed."""
    if stored == "nan" and backend == "sqlite":
        pytest.skip("SQLite keeps NaN as NULL")
    value = {"sqlite": "9e999", "postgresql": "'Infinity'"}[backend]
    if stored == "nan":
        value = "'NaN'"
    dotstorm.execute(f"UPDATE goals SET target = {value} WHERE id = :id", id=GOAL.id)
    shown = "inf" if stored == "infinity" else "nan"
    named = (
        f"goal {GOAL.id[:8]} ('Order to delivery: one day faster') has the target {shown}, "
        "which this Dotstorm cannot read"
    )
    checked = assert_one_line_error(dotstorm("check"))
    assert named in checked
    for args in (
        ("goals", "--json"),
        ("goals",),
        ("goals", "report", GOAL.id, "-o", str(tmp_path / "report.pdf")),
        ("export", program["session"], "--format", "json", "-o", str(tmp_path / "s.json")),
        ("export", program["session"], "--format", "pdf", "-o", str(tmp_path / "s.pdf")),
    ):
        refused = assert_one_line_error(dotstorm(*args))
        assert named in refused and "unexpected" not in refused, args
    assert not list(tmp_path.glob("s.*")) and not (tmp_path / "report.pdf").exists()
