"""The minutes carry the goal's number, last time's outcomes and this session's experiments."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from app.core.demo import build_demo_session
from app.core.goals import action_after_outcome, idea_status_for
from app.core.minutes import build_minutes
from app.core.types import Decision, Goal, MetricReading, Outcome, OutcomeResult, new_id
from app.export.exports import export_file
from app.export.markdown import build_minutes_markdown
from app.storage.repository import SessionRepository
from tests.shared_rows import record_outcome_now, set_statuses_now

GOAL = Goal(
    id=new_id(),
    title="Order to delivery: one day faster",
    metric="median order-to-delivery time",
    unit="days",
    baseline=4.2,
    target=3.2,
    target_date=date(2027, 3, 31),
)
TRIED = Outcome(
    OutcomeResult.DID_NOT_WORK,
    measured="no change in picking errors",
    learning="Nobody owned the checklist on the night shift.",
    decision=Decision.ITERATE,
    recorded_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
)


def program(repository: SessionRepository):
    """Last time's session with one experiment tried, and this time's, which reviews it."""
    earlier = replace(build_demo_session(date(2026, 10, 1)), goal_record=GOAL)
    repository.add_session(earlier)
    tried = next(a for a in earlier.action_items if a.status.value in ("open", "doing"))
    record_outcome_now(
        repository,
        tried.id,
        TRIED,
        action_after_outcome(tried, TRIED).status,
        idea_status_for(TRIED),
    )
    repository.goals.add_reading(MetricReading(new_id(), GOAL.id, date(2026, 11, 28), 3.9))
    # Still open, so the review brings it back: iterate keeps trying.
    set_statuses_now(repository, {tried.id: action_after_outcome(tried, None).status})
    now = repository.duplicate_as_template(earlier.id, review=True)
    return repository.load_session(now.id), tried


def test_markdown_minutes_show_the_metric_and_last_times_outcome(repository: SessionRepository):
    session, tried = program(repository)
    assert session.goal_record == GOAL
    minutes = build_minutes(session, repository.goals.minutes_context(session))
    text = build_minutes_markdown(minutes).decode()
    assert (
        "- Goal's metric: median order-to-delivery time: baseline 4.2 days; target 3.2 days "
        "by 31 Mar 2027; latest 3.9 days on 28 Nov 2026"
    ) in text
    reviewed = text[text.index("## Last time's experiments") :]
    assert f"**{tried.title}**" in reviewed
    assert "Did not work · iterate · no change in picking errors" in reviewed
    assert "We learned: Nobody owned the checklist on the night shift." in reviewed


def test_pdf_minutes_show_them_on_the_first_page(repository: SessionRepository, tmp_path: Path):
    session, tried = program(repository)
    target = tmp_path / "minutes.pdf"
    export_file(session, "pdf", target, context=repository.goals.minutes_context(session))
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Goal's metric" in first_page and "latest 3.9 days on 28 Nov 2026" in first_page
    assert "Last time's experiments" in first_page and tried.title in first_page
    assert "Did not work · iterate" in first_page


def test_an_outcome_of_this_sessions_experiment_is_in_its_action_items(
    repository: SessionRepository,
):
    session = replace(build_demo_session(), goal_record=GOAL)
    repository.add_session(session)
    action = session.action_items[0]
    worked = replace(TRIED, result=OutcomeResult.WORKED, decision=Decision.ADOPT, measured="")
    record_outcome_now(repository, action.id, worked, action_after_outcome(action, worked).status)
    stored = repository.load_session(session.id)
    text = build_minutes_markdown(build_minutes(stored, repository.goals.minutes_context(stored)))
    assert "  - Outcome: Worked · adopt" in text.decode()
    assert "## Last time's experiments" not in text.decode()
