"""Actions and idea statuses in SQLite: per session, across sessions, and kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from app.core.backlog import IdeaStatus, with_review_phase
from app.core.demo import build_demo_session
from app.core.results import note_dots
from app.core.session_ops import as_template
from app.core.types import (
    FIRST_VERSION,
    ActionItem,
    ActionStatus,
    Dot,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
)
from app.storage.errors import StaleBoard
from app.storage.repository import SessionRepository
from tests.core.strategies import sessions


def second_session(goal: str) -> Session:
    """A later session of the demo's people, with its own goal."""
    template = as_template(build_demo_session(), "Follow-up")
    return replace(template, goal=goal)


def test_actions_are_added_changed_deleted_and_put_back_in_place(
    repository: SessionRepository,
):
    demo = build_demo_session()
    repository.add_session(demo)
    extra = ActionItem(
        id=new_id(), title="Try a callback script", owner_id=demo.participants[1].id
    )
    added = repository.actions.add_action(demo.id, extra)
    assert added == replace(extra, version=FIRST_VERSION)
    stored = repository.load_session(demo.id).action_items
    assert stored[-1] == added and stored[:-1] == tuple(
        replace(a, version=FIRST_VERSION) for a in demo.action_items
    )
    changed = replace(added, status=ActionStatus.DOING, due_date=date(2026, 12, 1))
    changed = repository.actions.update_action(demo.id, changed)
    assert changed.version == FIRST_VERSION + 1
    assert repository.load_session(demo.id).action_items[-1] == changed
    first = stored[0]
    assert repository.actions.delete_action(demo.id, first) == 0
    assert first.id not in {a.id for a in repository.load_session(demo.id).action_items}
    back = repository.actions.add_action(demo.id, first, position=0)
    assert back == replace(first, version=first.version + 1)  # newer than any copy of before
    assert repository.load_session(demo.id).action_items == (back, *stored[1:-1], changed)
    with pytest.raises(StaleBoard):
        repository.actions.update_action(demo.id, replace(first, id=new_id()))
    with pytest.raises(StaleBoard):
        repository.actions.delete_action(demo.id, replace(first, id=new_id()))


def test_idea_statuses_are_kept_and_the_board_never_overwrites_them(
    repository: SessionRepository,
):
    demo = build_demo_session()
    repository.add_session(demo)
    note = demo.notes[0]
    repository.actions.set_idea_status(note.id, IdeaStatus.SHORTLISTED, FIRST_VERSION)
    # A session window holding an older copy of the note moves it: the status stays.
    repository.board.update_notes(demo.id, [replace(note, x=note.x + 10)])
    assert repository.actions.idea_statuses(demo.id) == {note.id: IdeaStatus.SHORTLISTED}
    stored = repository.load_session(demo.id)
    assert stored.idea_statuses == ((note.id, "shortlisted"),)
    with pytest.raises(StaleBoard, match="no longer exists"):
        repository.actions.set_idea_status(new_id(), IdeaStatus.ADOPTED, FIRST_VERSION)


def test_the_backlog_lists_every_action_and_idea_of_every_session(
    repository: SessionRepository,
):
    demo = build_demo_session()
    repository.add_session(demo)
    later = second_session("Another goal")
    repository.add_session(later)
    repository.actions.add_action(later.id, ActionItem(id=new_id(), title="Later action"))
    repository.actions.set_action_status(demo.action_items[0].id, ActionStatus.DONE, FIRST_VERSION)
    actions = repository.backlog.action_entries()
    assert len(actions) == len(demo.action_items) + 1
    by_id = {a.id: a for a in actions}
    first = by_id[demo.action_items[0].id]
    owner = next(p for p in demo.participants if p.id == demo.action_items[0].owner_id)
    assert (first.status, first.owner, first.department) == (
        ActionStatus.DONE,
        owner.name,
        owner.department,
    )
    assert first.session_title == demo.title and first.session_goal == demo.goal
    ideas = repository.backlog.idea_entries()
    assert {i.id for i in ideas} == {n.id for n in demo.notes if not n.hidden}
    closed_round = demo.vote_rounds[0]
    most = max(ideas, key=lambda i: i.dots)
    assert most.dots == sum(d.count for d in closed_round.dots if d.item_id == most.id)
    assert repository.backlog.actions_across_sessions(status=ActionStatus.DONE) == ([first], [])
    assert repository.backlog.actions_across_sessions(owner="nobody") == ([], [])
    by_owner, _ = repository.backlog.actions_across_sessions(owner=owner.name.upper())
    assert by_owner[0].owner == owner.name


def test_the_backlogs_dots_are_the_sessions_result_not_every_round_added_up(
    repository: SessionRepository,
):
    demo = build_demo_session()
    people = [p.id for p in demo.participants]
    first, second, third = (n.id for n in demo.notes[:3])

    def closed_round(dots: list[tuple[str, str, int]], **extra: object) -> VoteRound:
        return VoteRound(
            new_id(),
            "Round",
            VoteTarget.NOTES,
            3,
            3,
            False,
            False,
            RoundStatus.CLOSED,
            dots=tuple(Dot(voter, item, count) for voter, item, count in dots),
            **extra,  # type: ignore[arg-type]
        )

    earlier = closed_round([(people[0], first, 3), (people[1], first, 3)])
    deciding = closed_round([(people[0], second, 2), (people[1], third, 2)])
    runoff = closed_round(
        [(people[0], third, 1), (people[1], third, 1)],
        runoff_of=deciding.id,
        item_ids=(second, third),
    )
    repository.add_session(replace(demo, vote_rounds=(earlier, deciding, runoff)))
    dots = {idea.id: idea.dots for idea in repository.backlog.idea_entries()}
    # Only the newest main round counts: not round 1's six dots, not the runoff's two.
    assert (dots[first], dots[second], dots[third]) == (0, 2, 2)
    stored = repository.load_session(demo.id)
    assert {k: v for k, v in dots.items() if v} == {
        k: v for k, v in note_dots(stored.vote_rounds, stored.notes).items() if v
    }


def test_the_backlog_shows_no_count_of_a_blind_round_still_open(repository: SessionRepository):
    demo = build_demo_session()
    people = [p.id for p in demo.participants]
    first, second = (n.id for n in demo.notes[:2])

    def blind(title: str, status: RoundStatus, *dots: Dot) -> VoteRound:
        return VoteRound(new_id(), title, VoteTarget.NOTES, 3, 3, True, True, status, dots=dots)

    closed = blind("Round 1", RoundStatus.CLOSED, Dot(people[0], first, 2))
    still_open = blind(
        "Round 2", RoundStatus.OPEN, Dot(people[0], second, 3), Dot(people[1], second, 1)
    )
    repository.add_session(replace(demo, vote_rounds=(closed, still_open)))
    dots = {idea.id: idea.dots for idea in repository.backlog.idea_entries()}
    # The result stands as round 1 left it; round 2's four dots show once it closes.
    assert (dots[first], dots[second]) == (2, 0)


def test_a_carried_in_review_phase_holds_exactly_the_open_actions_of_that_goal(
    repository: SessionRepository,
):
    demo = build_demo_session()
    repository.add_session(demo)
    repository.actions.set_action_status(demo.action_items[0].id, ActionStatus.DONE, FIRST_VERSION)
    repository.actions.set_idea_status(demo.notes[1].id, IdeaStatus.SHORTLISTED, FIRST_VERSION)
    unrelated = second_session("A different goal")
    repository.add_session(unrelated)
    repository.actions.add_action(unrelated.id, ActionItem(id=new_id(), title="Not ours"))

    new = second_session(demo.goal.upper() + "  ")
    carried = repository.backlog.carry_over(new.goal)
    assert [a.id for a in carried.actions] == [a.id for a in demo.action_items[1:]]
    assert [i.id for i in carried.ideas] == [demo.notes[1].id]
    reviewed = with_review_phase(new, carried)
    repository.add_session(reviewed)
    stored = repository.load_session(reviewed.id)
    review = stored.phases[0]
    review_notes = [n for n in stored.notes if n.phase_id == review.id]
    assert dict(stored.carried_from) == {
        n.id: origin
        for n, origin in zip(
            review_notes, [a.id for a in demo.action_items[1:]] + [demo.notes[1].id], strict=True
        )
    }
    # The notes it brought back are not new ideas in the backlog.
    assert not {n.id for n in review_notes} & {i.id for i in repository.backlog.idea_entries()}


def test_a_sessions_actions_read_alone_match_the_whole_session(repository: SessionRepository):
    demo = build_demo_session()
    repository.add_session(demo)
    assert (
        repository.actions.action_items(demo.id) == repository.load_session(demo.id).action_items
    )
    assert repository.actions.action_items(new_id()) == ()


def test_statuses_from_the_backlog_are_stored_all_together_or_not_at_all(
    repository: SessionRepository,
):
    demo = build_demo_session()
    repository.add_session(demo)
    action, note = demo.action_items[0], demo.notes[0]
    versions = repository.actions.set_statuses(
        {action.id: (ActionStatus.DONE, FIRST_VERSION)},
        {note.id: (IdeaStatus.ADOPTED, FIRST_VERSION)},
    )
    assert versions == {("action", action.id): 2, ("idea", note.id): 2}
    assert repository.actions.action_items(demo.id)[0].status is ActionStatus.DONE
    assert repository.actions.idea_statuses(demo.id) == {note.id: IdeaStatus.ADOPTED}
    with pytest.raises(StaleBoard):
        repository.actions.set_statuses(
            {action.id: (ActionStatus.DROPPED, 2)}, {new_id(): (IdeaStatus.DROPPED, 1)}
        )
    assert repository.actions.action_items(demo.id)[0].status is ActionStatus.DONE  # none of it


@given(session=sessions())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_backlogs_dots_follow_the_one_rule_of_the_deciding_round(
    repository: SessionRepository, session: Session
):
    """The backlog counts dots in SQL for speed; it must agree with the core's rule."""
    repository.add_session(session)
    try:
        stored = repository.load_session(session.id)
        expected = note_dots(stored.vote_rounds, stored.notes, stored.clusters)
        listed = {
            e.id: e.dots for e in repository.backlog.idea_entries() if e.session_id == session.id
        }
        assert listed == {note_id: expected.get(note_id, 0) for note_id in listed}
        assert {note_id for note_id, dots in expected.items() if dots} <= set(listed)
    finally:
        repository.delete_session(session.id)
