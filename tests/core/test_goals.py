"""Goals in core: the decision rules, the counts, and how the goal reads on every screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from app.core.backlog import ActionEntry, IdeaEntry, IdeaStatus
from app.core.demo import build_demo_session
from app.core.goal_report import build_goal_report, outcome_summary
from app.core.goals import (
    action_after_outcome,
    goal_line,
    goal_overview,
    idea_status_for,
    metric_line,
    metric_text,
)
from app.core.types import (
    ActionItem,
    ActionStatus,
    Decision,
    Goal,
    MetricReading,
    Outcome,
    OutcomeResult,
)

GOAL = Goal(
    id="g",
    title="Answer customers faster",
    metric="median first response",
    unit="min",
    baseline=14,
    target=8,
    target_date=date(2027, 6, 30),
)


def outcome(decision: Decision | None) -> Outcome:
    return Outcome(
        OutcomeResult.WORKED, "14 → 9 min", "", decision, datetime(2026, 12, 1, tzinfo=UTC)
    )


def test_a_decision_moves_the_idea_and_an_outcome_makes_an_open_action_done():
    assert idea_status_for(outcome(Decision.ADOPT)) is IdeaStatus.ADOPTED
    assert idea_status_for(outcome(Decision.ITERATE)) is IdeaStatus.TRYING
    assert idea_status_for(outcome(Decision.DROP)) is IdeaStatus.DROPPED
    assert idea_status_for(outcome(None)) is None and idea_status_for(None) is None
    for status, after in (
        (ActionStatus.OPEN, ActionStatus.DONE),
        (ActionStatus.DOING, ActionStatus.DONE),
        (ActionStatus.DROPPED, ActionStatus.DROPPED),
    ):
        action = ActionItem("a", "Try it", status=status)
        assert action_after_outcome(action, outcome(Decision.ADOPT)).status is after
    assert action_after_outcome(ActionItem("a", "x"), None).status is ActionStatus.OPEN


def test_the_metric_reads_as_people_say_it():
    assert metric_text(GOAL, 8.0) == "8 min" and metric_text(GOAL, None) == "—"
    latest = MetricReading("r", "g", date(2027, 1, 12), 11)
    assert metric_line(GOAL, latest) == (
        "median first response: baseline 14 min; target 8 min by 30 Jun 2027; "
        "latest 11 min on 12 Jan 2027"
    )
    assert metric_line(Goal("g", "No number")) == ""
    assert outcome_summary(outcome(Decision.ADOPT)) == "Worked · adopt · 14 → 9 min"
    assert outcome_summary(None) == "not tried yet"


def test_every_screen_shows_the_goal_with_its_target():
    session = replace(build_demo_session(), goal="Answer faster", goal_record=GOAL)
    assert goal_line(session) == (
        "Goal: Answer faster  ·  median first response: target 8 min by 30 Jun 2027"
    )
    assert goal_line(replace(session, goal_record=None)) == "Goal: Answer faster"
    assert goal_line(replace(session, goal="  ")) == ""


def entry(session: str, status: ActionStatus, due: date | None = None, **more) -> ActionEntry:
    return ActionEntry(
        id=f"{session}-{status}-{due}",
        session_id=session,
        session_title=session,
        session_goal="",
        session_date=None,
        title="An experiment",
        owner="",
        department="",
        due_date=due,
        status=status,
        hypothesis="",
        success_metric="",
        **more,
    )


def idea(session: str, status: IdeaStatus, author: str = "", department: str = "") -> IdeaEntry:
    return IdeaEntry(
        f"{session}-{status}", session, session, "", None, "An idea", author, department, 0, status
    )


def test_the_overview_counts_only_the_goals_sessions():
    ideas = [
        idea("s1", IdeaStatus.ADOPTED, "Ann", "Sales"),
        idea("s1", IdeaStatus.DROPPED),
        idea("s2", IdeaStatus.TRYING),
        idea("s2", IdeaStatus.SHORTLISTED),
        idea("other", IdeaStatus.ADOPTED),
    ]
    actions = [
        entry("s1", ActionStatus.OPEN, date(2026, 11, 1)),
        entry("s2", ActionStatus.DOING),
        entry("s2", ActionStatus.DONE),
        entry("other", ActionStatus.OPEN),
    ]
    overview = goal_overview(GOAL, ["s1", "s2"], ideas, actions, date(2026, 12, 1))
    assert (overview.ideas, overview.tried, overview.adopted, overview.dropped) == (4, 3, 1, 1)
    assert (overview.open_actions, overview.overdue_actions) == (2, 1)
    assert overview.summary() == (
        "2 sessions, 4 ideas, 3 tried, 1 adopted, 1 dropped, 2 open actions"
    )
    adopted = entry(
        "s1",
        ActionStatus.DONE,
        outcome=outcome(Decision.ADOPT),
    )
    report = build_goal_report(
        overview,
        [
            MetricReading("r2", "g", date(2026, 12, 1), 10),
            MetricReading("r1", "g", date(2026, 11, 1), 12),
        ],
        [("s1", "First", date(2026, 10, 1)), ("x", "Not this goal's", None)],
        [*actions, adopted],
        ideas,
    )
    assert [r.value for r in report.readings] == [12, 10]  # oldest first
    assert [(a.on, a.title) for a in report.adoptions] == [(date(2026, 12, 1), "An experiment")]
    assert report.sessions == (("First", date(2026, 10, 1)),)
    assert report.chart_span() == (date(2026, 11, 1), date(2027, 6, 30))
    assert report.chart_values() == (8, 14)
    assert [c.name for c in report.credit.by_person] == ["Ann"]
