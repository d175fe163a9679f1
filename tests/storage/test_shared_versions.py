"""Two laptops on one database never write over each other's change unseen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.types import ActionStatus, Goal, Session, new_id
from app.storage.database import open_database
from app.storage.errors import ChangedElsewhere
from app.storage.repository import SessionRepository


@pytest.fixture
def laptops(db_url: str) -> Iterator[tuple[SessionRepository, SessionRepository]]:
    """Two laptops, each with its own engine on the same database."""
    first, second = open_database(db_url), open_database(db_url)
    yield SessionRepository(first.engine), SessionRepository(second.engine)
    first.close()
    second.close()


@pytest.fixture
def demo(laptops: tuple[SessionRepository, SessionRepository]) -> Session:
    session = build_demo_session()
    laptops[0].add_session(session)
    return session


def status_of(repository: SessionRepository, action_id: str) -> ActionStatus:
    return next(a.status for a in repository.action_entries() if a.id == action_id)


def test_an_action_changed_on_another_laptop_is_not_written_over(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    action = demo.action_items[0]
    mine.action_entries()  # both backlogs show the action as it is
    theirs.action_entries()
    theirs.set_action_status(action.id, ActionStatus.DONE)
    with pytest.raises(ChangedElsewhere, match="changed on another laptop") as refused:
        mine.set_action_status(action.id, ActionStatus.DROPPED)
    assert "here is the current version" in str(refused.value)
    assert status_of(mine, action.id) is ActionStatus.DONE  # theirs stands; mine re-read it
    mine.set_action_status(action.id, ActionStatus.DROPPED)  # having seen it, mine may
    assert status_of(theirs, action.id) is ActionStatus.DROPPED


def test_an_action_edited_in_a_session_window_after_a_backlog_change_elsewhere_is_refused(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    window_copy = mine.load_session(demo.id).action_items[0]
    theirs.action_entries()
    theirs.set_action_status(window_copy.id, ActionStatus.DOING)
    with pytest.raises(ChangedElsewhere):
        mine.update_action(demo.id, replace(window_copy, title="Retitled over their change"))
    current = mine.action_items(demo.id)[0]
    assert current.status is ActionStatus.DOING and current.title == window_copy.title
    theirs.set_action_status(window_copy.id, ActionStatus.DONE)
    with pytest.raises(ChangedElsewhere):  # nor deleted, nor given an outcome, unseen
        mine.delete_action(demo.id, window_copy.id)
    with pytest.raises(ChangedElsewhere):
        mine.record_outcome(window_copy.id, None, ActionStatus.OPEN)
    assert window_copy.id in {a.id for a in theirs.action_items(demo.id)}


def test_an_idea_status_moved_elsewhere_is_not_moved_back_unseen(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    idea = demo.notes[0].id
    mine.idea_entries()
    theirs.idea_entries()
    theirs.set_idea_status(idea, IdeaStatus.ADOPTED)
    with pytest.raises(ChangedElsewhere, match="This idea's status"):
        mine.set_idea_status(idea, IdeaStatus.DROPPED)
    with pytest.raises(ChangedElsewhere):  # all or nothing, in one transaction
        mine.set_statuses({demo.action_items[0].id: ActionStatus.DONE}, {idea: IdeaStatus.NEW})
    assert status_of(theirs, demo.action_items[0].id) is demo.action_items[0].status
    statuses = {entry.id: entry.status for entry in mine.idea_entries()}
    assert statuses[idea] is IdeaStatus.ADOPTED


def test_a_goal_edited_elsewhere_is_not_written_over_nor_merged_away(
    laptops: tuple[SessionRepository, SessionRepository],
):
    mine, theirs = laptops
    goal = Goal(new_id(), "Halve repeat tickets", metric="repeat tickets per week")
    other = Goal(new_id(), "Halve repeat tickets (dup)")
    mine.add_goal(goal)
    mine.add_goal(other)
    mine.goals()
    theirs.goals()
    theirs.update_goal(replace(goal, owner="Maya Chen"))
    theirs.update_goal(replace(other, why="Found by the support team"))
    with pytest.raises(ChangedElsewhere, match="This goal"):
        mine.update_goal(replace(goal, metric="tickets reopened"))
    with pytest.raises(ChangedElsewhere):
        mine.merge_goals(goal.id, other.id)
    assert mine.goal(goal.id).owner == "Maya Chen"  # read again: the current version
    mine.update_goal(replace(mine.goal(goal.id), metric="tickets reopened"))
    assert theirs.goal(goal.id) == replace(goal, owner="Maya Chen", metric="tickets reopened")


def test_one_laptop_undoing_its_own_change_is_no_conflict(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, _ = laptops
    action = demo.action_items[0]
    mine.action_entries()
    mine.set_action_status(action.id, ActionStatus.DONE)
    mine.set_action_status(action.id, action.status)  # Ctrl+Z
    assert status_of(mine, action.id) is action.status


def test_two_windows_of_one_laptop_do_not_conflict_with_each_other(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    library = laptops[0]
    window = library.for_view()
    action = window.load_session(demo.id).action_items[0]
    library.action_entries()
    window.update_action(demo.id, replace(action, title="Retitled in the session window"))
    library.set_action_status(action.id, ActionStatus.DOING)  # this laptop's own change
    window.update_action(demo.id, replace(action, title="Retitled again"))
    assert library.action_items(demo.id)[0].title == "Retitled again"


def test_a_window_that_never_read_the_row_writes_it(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    action = demo.action_items[0]
    theirs.set_action_status(action.id, ActionStatus.DOING)
    command_line = mine.for_view()  # it reads nothing before it writes
    command_line.set_action_status(action.id, ActionStatus.DONE)
    assert status_of(theirs, action.id) is ActionStatus.DONE


def test_importing_a_file_again_does_not_make_the_laptop_forget_what_it_saw(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    action = demo.action_items[0]
    theirs.action_entries()
    theirs.set_action_status(action.id, ActionStatus.DOING)
    assert status_of(mine, action.id) is ActionStatus.DOING  # mine has seen theirs
    # The same session's file again: its first try collides with the stored ids and
    # is undone, and the versions of rows it never wrote must not count as seen.
    mine.import_session(demo)
    mine.set_action_status(action.id, ActionStatus.DONE)
    assert status_of(theirs, action.id) is ActionStatus.DONE


def test_an_idea_set_back_to_new_elsewhere_is_seen_as_such_by_a_window_that_reads_it(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    idea = demo.notes[0].id
    theirs.set_idea_status(idea, IdeaStatus.TRYING)
    assert mine.idea_statuses(demo.id)[idea] is IdeaStatus.TRYING  # an open session reads it
    theirs.idea_entries()
    theirs.set_idea_status(idea, IdeaStatus.NEW)
    assert idea not in mine.idea_statuses(demo.id)  # the session reads it again: new
    mine.set_idea_status(idea, IdeaStatus.SHORTLISTED)  # what it shows, it has seen
    assert {e.id: e.status for e in theirs.idea_entries()}[idea] is IdeaStatus.SHORTLISTED
