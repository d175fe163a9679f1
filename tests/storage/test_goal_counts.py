"""A goal's counts come from the database, and say what the backlog's lists say."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.goal_report import GoalReport, build_goal_report
from app.core.goals import GoalOverview, goal_overview
from app.core.session_ops import with_fresh_ids
from app.core.types import (
    ActionStatus,
    Decision,
    Goal,
    MetricReading,
    Outcome,
    OutcomeResult,
    new_id,
)
from app.storage.repository import SessionRepository
from tests.shared_rows import record_outcome_now, set_statuses_now

GOAL = Goal(id=new_id(), title="Answer customers faster", metric="first response", unit="min")
OTHER = Goal(id=new_id(), title="Fewer repeat tickets")
TODAY = date(2027, 12, 1)  # after every due date of the demo's actions


def a_program(repository: SessionRepository) -> None:
    """Two sessions serve GOAL (one keeps ideas anonymous), one serves OTHER.

    A stack whose notes had different statuses, statuses on the ideas, an adopted
    experiment, open actions past their date, and a reading.
    """
    demo = build_demo_session(date(2026, 9, 14))
    notes = [n for n in demo.notes if not n.hidden]
    stacked = tuple(
        replace(n, merged_into=notes[0].id) if n.id == notes[1].id else n for n in demo.notes
    )
    first = replace(demo, goal_record=GOAL, notes=stacked)
    repository.add_session(first)
    for title, goal, anonymous in (("Second round", GOAL, True), ("Elsewhere", OTHER, False)):
        again = with_fresh_ids(demo, set(demo.all_ids()))
        repository.add_session(
            replace(again, title=title, goal_record=goal, anonymous_ideas=anonymous)
        )
    set_statuses_now(
        repository,
        ideas={
            notes[0].id: IdeaStatus.ADOPTED,
            notes[1].id: IdeaStatus.DROPPED,  # stacked: it counts once, as the stack
            notes[2].id: IdeaStatus.TRYING,
            notes[3].id: IdeaStatus.DROPPED,
        },
    )
    action = first.action_items[0]
    outcome = Outcome(
        OutcomeResult.WORKED,
        decision=Decision.ADOPT,
        recorded_at=datetime(2026, 10, 2, 9, tzinfo=UTC),
    )
    record_outcome_now(repository, action.id, outcome, ActionStatus.DONE, IdeaStatus.ADOPTED)
    repository.goals.add_reading(MetricReading(new_id(), GOAL.id, date(2026, 9, 1), 12.5))


def from_the_backlog_lists(
    repository: SessionRepository, goal: Goal
) -> tuple[GoalOverview, GoalReport]:
    """What the core makes of every idea and action read one by one (the old way)."""
    ideas = repository.backlog.idea_entries()
    actions = repository.backlog.action_entries()
    readings = repository.goals.readings(goal.id)
    session_ids = repository.goals.sessions_of_goal(goal.id)
    stored = repository.goals.goal(goal.id)
    overview = goal_overview(stored, session_ids, ideas, actions, TODAY, readings)
    sessions = []
    for session_id in session_ids:
        session = repository.load_session(session_id)
        moment = session.started_at or session.created_at
        sessions.append((session_id, session.title, moment.date() if moment else None))
    return overview, build_goal_report(overview, readings, sessions, actions, ideas)


def test_the_database_counts_what_the_backlog_lists_say(
    repository: SessionRepository, monkeypatch: pytest.MonkeyPatch
):
    a_program(repository)
    expected = {goal.id: from_the_backlog_lists(repository, goal) for goal in (GOAL, OTHER)}

    def whole_backlog(*args: object, **kwargs: object) -> None:
        raise AssertionError("the goals read the whole backlog")

    monkeypatch.setattr(repository.backlog, "idea_listing", whole_backlog)
    monkeypatch.setattr(repository.backlog, "action_listing", whole_backlog)
    overviews = repository.goals.goal_overviews(TODAY)
    assert {o.goal.id: o for o in overviews} == {k: v[0] for k, v in expected.items()}
    report = repository.goals.goal_report(GOAL.id, TODAY)
    assert report == expected[GOAL.id][1]
    assert repository.goals.goal_report(OTHER.id, TODAY) == expected[OTHER.id][1]
    # The case is the one described: a stack once, its adoption credited to both notes.
    overview = report.overview
    assert (overview.adopted, overview.dropped, overview.tried) == (2, 1, 4)
    assert overview.overdue_actions > 0 and report.adoptions
    assert sum(c.adopted for c in report.credit.by_department) == 3
