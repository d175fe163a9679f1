"""Goals across sessions: what each one's sessions produced, and the decision rules.

A goal is the organisation's big aim that many sessions serve. Everything here is
worked out from plain records (goals, backlog entries, readings), so the window, the
command line and the goal report count alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from app.core.backlog import (
    OPEN_ACTION_STATUSES,
    ActionEntry,
    IdeaEntry,
    IdeaStatus,
    distinct_ideas,
)
from app.core.format_helpers import counted
from app.core.types import (
    ActionItem,
    ActionStatus,
    Decision,
    Goal,
    MetricReading,
    Outcome,
    Session,
)

IDEA_STATUS_FOR_DECISION = {
    Decision.ADOPT: IdeaStatus.ADOPTED,
    Decision.ITERATE: IdeaStatus.TRYING,
    Decision.DROP: IdeaStatus.DROPPED,
}
"""Deciding on an experiment moves the idea it came from."""

TRIED_STATUSES = frozenset({IdeaStatus.TRYING, IdeaStatus.ADOPTED, IdeaStatus.DROPPED})


def status_after_outcome(status: ActionStatus, outcome: Outcome | None) -> ActionStatus:
    """An action's status once ``outcome`` is recorded: tried, so an open one is done."""
    if outcome is not None and status in OPEN_ACTION_STATUSES:
        return ActionStatus.DONE
    return status


def action_after_outcome(action: ActionItem, outcome: Outcome | None) -> ActionItem:
    """The action once ``outcome`` is recorded (see :func:`status_after_outcome`)."""
    return replace(action, outcome=outcome, status=status_after_outcome(action.status, outcome))


def idea_status_for(outcome: Outcome | None) -> IdeaStatus | None:
    """Where the decision moves the idea the action came from (``None``: it stays)."""
    if outcome is None or outcome.decision is None:
        return None
    return IDEA_STATUS_FOR_DECISION[outcome.decision]


@dataclass(frozen=True, slots=True)
class GoalOverview:
    """One goal with what its sessions produced so far."""

    goal: Goal
    session_ids: tuple[str, ...]
    ideas: int
    tried: int
    """Ideas the team tried: trying, adopted or dropped."""
    adopted: int
    dropped: int
    open_actions: int
    overdue_actions: int
    latest: MetricReading | None = None

    def as_json(self) -> dict[str, object]:
        """The documented shape of ``dotstorm goals --json``."""
        goal = self.goal
        return {
            "id": goal.id,
            "title": goal.title,
            "metric": goal.metric,
            "unit": goal.unit,
            "baseline": goal.baseline,
            "target": goal.target,
            "target_date": goal.target_date.isoformat() if goal.target_date else None,
            "archived": goal.archived,
            "sessions": list(self.session_ids),
            "ideas": self.ideas,
            "tried": self.tried,
            "adopted": self.adopted,
            "dropped": self.dropped,
            "open_actions": self.open_actions,
        }

    def summary(self) -> str:
        """One line: "3 sessions, 41 ideas, 6 tried, 2 adopted, 1 dropped, 4 open actions"."""
        return ", ".join(
            [
                counted(len(self.session_ids), "session"),
                counted(self.ideas, "idea"),
                f"{self.tried} tried",
                f"{self.adopted} adopted",
                f"{self.dropped} dropped",
                counted(self.open_actions, "open action"),
            ]
        )


@dataclass(frozen=True, slots=True)
class GoalTally:
    """What a goal's sessions produced, counted (by the database, or from entries)."""

    ideas: Mapping[IdeaStatus, int] = field(default_factory=dict)
    """Distinct ideas (each stack once) by status."""
    actions: Mapping[tuple[ActionStatus, bool], int] = field(default_factory=dict)
    """Actions by status and whether their due date is before the day counted on."""


def tally_entries(
    ideas: Iterable[IdeaEntry], actions: Iterable[ActionEntry], today: date
) -> GoalTally:
    """Count backlog entries as the database counts them for :class:`GoalTally`."""
    return GoalTally(
        ideas=Counter(idea.status for idea in distinct_ideas(ideas)),
        actions=Counter(
            (action.status, action.due_date is not None and action.due_date < today)
            for action in actions
        ),
    )


def overview_from_tally(
    goal: Goal,
    session_ids: Sequence[str],
    tally: GoalTally,
    readings: Sequence[MetricReading] = (),
) -> GoalOverview:
    """The overview of ``goal`` from what its sessions' ideas and actions counted."""
    ideas = tally.ideas
    open_actions = overdue = 0
    for (status, past_due), count in tally.actions.items():
        if status in OPEN_ACTION_STATUSES:
            open_actions += count
            overdue += count if past_due else 0
    return GoalOverview(
        goal=goal,
        session_ids=tuple(session_ids),
        ideas=sum(ideas.values()),
        tried=sum(count for status, count in ideas.items() if status in TRIED_STATUSES),
        adopted=ideas.get(IdeaStatus.ADOPTED, 0),
        dropped=ideas.get(IdeaStatus.DROPPED, 0),
        open_actions=open_actions,
        overdue_actions=overdue,
        latest=max(readings, key=lambda r: r.measured_on, default=None),
    )


def goal_overview(
    goal: Goal,
    session_ids: Sequence[str],
    ideas: Iterable[IdeaEntry],
    actions: Iterable[ActionEntry],
    today: date,
    readings: Sequence[MetricReading] = (),
) -> GoalOverview:
    """Count what the sessions in ``session_ids`` produced for ``goal``."""
    wanted = set(session_ids)
    tally = tally_entries(
        (idea for idea in ideas if idea.session_id in wanted),
        (action for action in actions if action.session_id in wanted),
        today,
    )
    return overview_from_tally(goal, session_ids, tally, readings)


def metric_text(goal: Goal, value: float | None) -> str:
    """A value of the goal's metric as people say it: "11 min", "92.5 %", "—"."""
    if value is None:
        return "—"
    number = f"{value:g}" if abs(value) < 1e15 else f"{value:.3e}"
    return f"{number} {goal.unit}".strip()


def metric_line(goal: Goal, latest: MetricReading | None = None) -> str:
    """The goal's number in one line; empty when the goal has no metric.

    "median first response: baseline 14 min; target 8 min by 30 Jun 2027; latest 11 min
    on 12 Jan 2027".
    """
    if not goal.metric and goal.baseline is None and goal.target is None:
        return ""
    name = goal.metric or "Metric"
    parts = [
        f"baseline {metric_text(goal, goal.baseline)}",
        f"target {metric_text(goal, goal.target)}",
    ]
    if goal.target_date is not None:
        parts[-1] += f" by {goal.target_date.day} {goal.target_date:%b %Y}"
    if latest is not None:
        parts.append(
            f"latest {metric_text(goal, latest.value)} on "
            f"{latest.measured_on.day} {latest.measured_on:%b %Y}"
        )
    return f"{name}: " + "; ".join(parts)


def goal_line(session: Session) -> str:
    """The goal as every screen of a session shows it; empty for a session without one.

    "Goal: Answer customers faster  ·  median first response: target 8 min by 30 Jun 2027"
    """
    if not session.goal.strip():
        return ""
    text = f"Goal: {session.goal}"
    goal = session.goal_record
    if goal is not None and goal.target is not None:
        target = f"target {metric_text(goal, goal.target)}"
        if goal.target_date is not None:
            target += f" by {goal.target_date.day} {goal.target_date:%b %Y}"
        text += f"  ·  {goal.metric or 'the metric'}: {target}"
    return text
