"""What a goal's page and its one-page report show, worked out once for both.

The chart's data lives here too: the metric's readings, its baseline and target, and
the adopted experiments marked on the day they were adopted, so the window (QtCharts)
and the PDF (ReportLab) draw the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.core.backlog import (
    ACTION_STATUS_LABELS,
    ActionEntry,
    IdeaEntry,
    Recognition,
    recognition,
)
from app.core.format_helpers import counted
from app.core.goals import GoalOverview, metric_line
from app.core.types import Decision, Goal, MetricReading, Outcome, OutcomeResult

RESULT_LABELS = {
    OutcomeResult.WORKED: "Worked",
    OutcomeResult.DID_NOT_WORK: "Did not work",
    OutcomeResult.INCONCLUSIVE: "Inconclusive",
}
DECISION_LABELS = {Decision.ADOPT: "Adopt", Decision.ITERATE: "Iterate", Decision.DROP: "Drop"}


@dataclass(frozen=True, slots=True)
class Adoption:
    """An experiment adopted on a day: a mark on the metric's chart."""

    on: date
    title: str


@dataclass(frozen=True, slots=True)
class ExperimentLine:
    """One experiment of the goal as the report lists it."""

    title: str
    session_title: str
    owner: str
    status: str
    outcome: str
    """"Worked · adopt · first response 14 → 9 min", or "not tried yet"."""
    learning: str


@dataclass(frozen=True, slots=True)
class GoalReport:
    """Everything a goal's page and report show."""

    goal: Goal
    overview: GoalOverview
    metric: str
    """The metric in one line (empty when the goal has none)."""
    readings: tuple[MetricReading, ...]
    adoptions: tuple[Adoption, ...]
    sessions: tuple[tuple[str, date | None], ...]
    """(title, date) of each session serving the goal, oldest first."""
    experiments: tuple[ExperimentLine, ...]
    credit: Recognition

    def chart_span(self) -> tuple[date, date] | None:
        """The first and last day the chart must show (``None``: nothing to draw)."""
        days = [r.measured_on for r in self.readings] + [a.on for a in self.adoptions]
        if self.goal.target_date is not None and days:
            days.append(self.goal.target_date)
        return (min(days), max(days)) if days else None

    def chart_values(self) -> tuple[float, float] | None:
        """The lowest and highest value the chart must show."""
        values = [r.value for r in self.readings]
        values += [v for v in (self.goal.baseline, self.goal.target) if v is not None]
        return (min(values), max(values)) if values else None


def outcome_text(entry: ActionEntry) -> str:
    """An experiment's outcome in a few words."""
    return outcome_summary(entry.outcome)


def outcome_summary(outcome: Outcome | None) -> str:
    """An outcome in a few words: "Worked · adopt · first response 14 → 9 min"."""
    if outcome is None:
        return "not tried yet"
    parts = [RESULT_LABELS[outcome.result]]
    if outcome.decision is not None:
        parts.append(DECISION_LABELS[outcome.decision].lower())
    if outcome.measured:
        parts.append(outcome.measured)
    return " · ".join(parts)


def build_goal_report(
    overview: GoalOverview,
    readings: Sequence[MetricReading],
    sessions: Sequence[tuple[str, str, date | None]],
    actions: Sequence[ActionEntry],
    ideas: Sequence[IdeaEntry],
) -> GoalReport:
    """The report of ``overview.goal`` from its readings and the backlog's entries.

    ``sessions`` are (id, title, date) of every session; only the goal's are used.
    Ideas of sessions that keep ideas anonymous carry no author, so recognition there
    names departments only.
    """
    own = set(overview.session_ids)
    return goal_report_from(
        overview,
        readings,
        [(title, day) for session_id, title, day in sessions if session_id in own],
        [a for a in actions if a.session_id in own],
        recognition(i for i in ideas if i.session_id in own),
    )


def goal_report_from(
    overview: GoalOverview,
    readings: Sequence[MetricReading],
    sessions: Sequence[tuple[str, date | None]],
    actions: Sequence[ActionEntry],
    credit: Recognition,
) -> GoalReport:
    """The report of ``overview.goal`` from what was read of its own sessions only.

    ``sessions`` are (title, date) of the goal's sessions, oldest first; ``actions``
    are theirs, in the backlog's order; ``credit`` is their ideas' recognition.
    """
    goal = overview.goal
    adoptions = tuple(
        sorted(
            (
                Adoption(a.outcome.recorded_at.date(), a.title)
                for a in actions
                if a.outcome is not None
                and a.outcome.decision is Decision.ADOPT
                and a.outcome.recorded_at is not None
            ),
            key=lambda adoption: adoption.on,
        )
    )
    return GoalReport(
        goal=goal,
        overview=overview,
        metric=metric_line(goal, overview.latest),
        readings=tuple(sorted(readings, key=lambda r: r.measured_on)),
        adoptions=adoptions,
        sessions=tuple(sessions),
        experiments=tuple(
            ExperimentLine(
                title=a.title,
                session_title=a.session_title,
                owner=a.owner,
                status=ACTION_STATUS_LABELS[a.status],
                outcome=outcome_text(a),
                learning=a.outcome.learning if a.outcome else "",
            )
            for a in actions
        ),
        credit=credit,
    )


def sessions_text(report: GoalReport, shown: int = 4) -> str:
    """The goal's sessions, the latest ``shown`` by name: "A (14 Sep 2026); B; and 2 earlier"."""
    if not report.sessions:
        return "none yet"
    latest = [
        f"{title} ({day.day} {day:%b %Y})" if day else title
        for title, day in report.sessions[-shown:]
    ]
    earlier = len(report.sessions) - len(latest)
    return "; ".join(latest) + (f"; and {counted(earlier, 'earlier one')}" if earlier else "")
