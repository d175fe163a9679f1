"""Goals as records: sessions link to them, they merge and archive, their metric is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.goals import action_after_outcome, idea_status_for
from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import as_template
from app.core.types import (
    ActionStatus,
    Decision,
    Goal,
    MetricReading,
    Outcome,
    OutcomeResult,
    new_id,
)
from app.storage.errors import GoalNotFound
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE
from tests.shared_rows import record_outcome_now, set_statuses_now

GOAL = Goal(
    id=new_id(),
    title="Answer customers faster",
    why="Slow answers cost renewals.",
    metric="median first response",
    unit="min",
    baseline=14,
    target=8,
    target_date=date(2027, 6, 30),
    owner="Amara Okafor",
)


def with_goal(goal: Goal = GOAL):
    return replace(build_demo_session(), goal_record=goal)


def test_a_session_serves_a_goal_and_a_template_keeps_it(repository: SessionRepository):
    session = with_goal()
    repository.add_session(session)
    assert repository.load_session(session.id).goal_record == GOAL
    template = repository.duplicate_as_template(session.id)
    assert repository.load_session(template.id).goal_record == GOAL
    assert repository.goals.sessions_of_goal(GOAL.id) == [session.id, template.id]
    assert repository.goals.all_goals() == [GOAL]


def test_importing_a_file_whose_goal_is_stored_links_to_it_and_leaves_it(
    repository: SessionRepository,
):
    repository.goals.add_goal(GOAL)
    changed = replace(GOAL, title="Another wording in the file", baseline=99)
    session = replace(parse_session_file(EXAMPLE_FILE.read_bytes()), goal_record=changed)
    stored = repository.import_session(parse_session_file(dump_session(session)))
    assert repository.load_session(stored.id).goal_record == GOAL
    assert repository.goals.goal(GOAL.id) == GOAL


def test_rename_archive_and_merge_keep_every_session_and_reading(repository: SessionRepository):
    other = Goal(id=new_id(), title="answer customers faster ")
    first, second = with_goal(), replace(with_goal(other), id=new_id())
    repository.add_session(first)
    repository.import_session(second)
    repository.goals.add_reading(MetricReading(new_id(), other.id, date(2026, 11, 1), 13.0))
    repository.goals.add_reading(
        MetricReading(new_id(), GOAL.id, date(2026, 12, 1), 11.0, "after FAQ")
    )
    repository.goals.update_goal(
        replace(repository.goals.goal(GOAL.id), title="Answer every customer faster")
    )
    repository.goals.merge_goals(GOAL.id, repository.goals.goal(other.id))
    (kept,) = repository.goals.all_goals()
    assert kept.title == "Answer every customer faster" and kept.baseline == 14
    assert len(repository.goals.sessions_of_goal(GOAL.id)) == 2
    assert [(r.measured_on, r.value) for r in repository.goals.readings(GOAL.id)] == [
        (date(2026, 11, 1), 13.0),
        (date(2026, 12, 1), 11.0),
    ]
    repository.goals.update_goal(replace(kept, archived=True))
    assert repository.goals.all_goals(include_archived=False) == []
    with pytest.raises(GoalNotFound):
        repository.goals.merge_goals(GOAL.id, kept)
    with pytest.raises(GoalNotFound):
        repository.goals.goal(other.id)


def test_an_outcome_with_a_decision_moves_the_idea_it_came_from(repository: SessionRepository):
    session = with_goal()
    repository.add_session(session)
    action = next(a for a in session.action_items if a.source_note_id)
    outcome = Outcome(
        OutcomeResult.WORKED,
        measured="first response 14 → 9 min",
        learning="The FAQ answers the usual questions.",
        decision=Decision.ADOPT,
        recorded_at=datetime(2026, 12, 1, 10, tzinfo=UTC),
    )
    after = action_after_outcome(action, outcome)
    record_outcome_now(repository, action.id, outcome, after.status, idea_status_for(outcome))
    stored = next(a for a in repository.actions.action_items(session.id) if a.id == action.id)
    assert stored.outcome == outcome and stored.status is ActionStatus.DONE
    assert action.source_note_id is not None
    assert (
        repository.actions.idea_statuses(session.id)[action.source_note_id] is IdeaStatus.ADOPTED
    )
    entry = next(e for e in repository.backlog.action_entries() if e.id == action.id)
    assert entry.goal_id == GOAL.id and entry.outcome == outcome


def test_the_overview_counts_ideas_tried_adopted_dropped_and_open_actions(
    repository: SessionRepository,
):
    session = with_goal()
    repository.add_session(session)
    notes = [n for n in session.notes if not n.hidden]
    set_statuses_now(
        repository,
        ideas={
            notes[0].id: IdeaStatus.ADOPTED,
            notes[1].id: IdeaStatus.DROPPED,
            notes[2].id: IdeaStatus.TRYING,
            notes[3].id: IdeaStatus.SHORTLISTED,
        },
    )
    repository.add_session(replace(as_template(build_demo_session(), "No goal"), goal=""))
    (overview,) = repository.goals.goal_overviews(date(2026, 12, 1))
    assert overview.session_ids == (session.id,)
    assert overview.ideas == len(notes)  # the template's session serves no goal
    assert (overview.tried, overview.adopted, overview.dropped) == (3, 1, 1)
    open_actions = sum(
        a.status in (ActionStatus.OPEN, ActionStatus.DOING) for a in session.action_items
    )
    assert overview.open_actions == open_actions
    assert overview.as_json()["sessions"] == [session.id]
