"""Two laptops on one database never write over each other's change unseen.

Every copy that can be written back carries the version it was read at, and the write
is conditional on that version. Reading the row again (a window refreshes every few
seconds) never makes an old copy current: these tests read again on purpose before
writing an old copy, which is what fooled the earlier design.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.types import FIRST_VERSION, ActionStatus, Goal, Session, new_id
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


def entry_of(repository: SessionRepository, action_id: str):
    return next(a for a in repository.backlog.action_entries() if a.id == action_id)


def test_an_action_changed_on_another_laptop_is_not_written_over(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    action = demo.action_items[0]
    seen = entry_of(mine, action.id)  # both backlogs show the action as it is
    theirs.actions.set_action_status(
        action.id, ActionStatus.DONE, entry_of(theirs, action.id).version
    )
    with pytest.raises(ChangedElsewhere, match="changed on another laptop") as refused:
        mine.actions.set_action_status(action.id, ActionStatus.DROPPED, seen.version)
    assert "here is the current version" in str(refused.value)
    current = entry_of(mine, action.id)
    assert current.status is ActionStatus.DONE  # theirs stands
    mine.actions.set_action_status(action.id, ActionStatus.DROPPED, current.version)  # now it may
    assert entry_of(theirs, action.id).status is ActionStatus.DROPPED


def test_an_undo_after_a_refresh_does_not_write_over_the_other_laptops_change(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    """Ctrl+Z of a backlog status after the window read the row again."""
    mine, theirs = laptops
    action = demo.action_items[0]
    before = entry_of(mine, action.id)
    mine_version = mine.actions.set_action_status(action.id, ActionStatus.DOING, before.version)
    theirs.actions.set_action_status(
        action.id, ActionStatus.DROPPED, entry_of(theirs, action.id).version
    )
    assert entry_of(mine, action.id).status is ActionStatus.DROPPED  # mine refreshed
    with pytest.raises(ChangedElsewhere):  # the undo step's copy is still the old one
        mine.actions.set_action_status(action.id, before.status, mine_version)
    assert entry_of(theirs, action.id).status is ActionStatus.DROPPED


def test_an_action_edited_in_a_session_window_after_a_backlog_change_elsewhere_is_refused(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    window_copy = mine.load_session(demo.id).action_items[0]
    theirs.actions.set_action_status(
        window_copy.id, ActionStatus.DOING, entry_of(theirs, window_copy.id).version
    )
    mine.actions.action_items(demo.id)  # the window reads the session's actions again
    with pytest.raises(ChangedElsewhere):  # a form still showing the old copy
        mine.actions.update_action(
            demo.id, replace(window_copy, title="Retitled over their change")
        )
    current = mine.actions.action_items(demo.id)[0]
    assert current.status is ActionStatus.DOING and current.title == window_copy.title
    with pytest.raises(ChangedElsewhere):  # nor deleted, nor given an outcome, unseen
        mine.actions.delete_action(demo.id, window_copy)
    with pytest.raises(ChangedElsewhere):
        mine.actions.record_outcome(window_copy.id, window_copy.version, None, ActionStatus.OPEN)
    assert window_copy.id in {a.id for a in theirs.actions.action_items(demo.id)}
    stored = mine.actions.update_action(
        demo.id, replace(current, title="Retitled from the current one")
    )
    assert stored.version == current.version + 1
    assert theirs.actions.action_items(demo.id)[0] == stored


def test_an_idea_status_moved_elsewhere_is_not_moved_back_unseen(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    idea = demo.notes[0].id
    seen = mine.actions.idea_states(demo.id)[idea]
    theirs.actions.set_idea_status(
        idea, IdeaStatus.ADOPTED, theirs.actions.idea_states(demo.id)[idea][1]
    )
    mine.backlog.idea_entries()  # read again: the copy the change is made from stays the old one
    with pytest.raises(ChangedElsewhere, match="This idea's status"):
        mine.actions.set_idea_status(idea, IdeaStatus.DROPPED, seen[1])
    action = entry_of(mine, demo.action_items[0].id)
    with pytest.raises(ChangedElsewhere):  # all or nothing, in one transaction
        mine.actions.set_statuses(
            {action.id: (ActionStatus.DONE, action.version)}, {idea: (IdeaStatus.NEW, seen[1])}
        )
    assert entry_of(theirs, action.id).status is action.status
    assert {e.id: e.status for e in mine.backlog.idea_entries()}[idea] is IdeaStatus.ADOPTED


def test_a_goal_edited_elsewhere_is_not_written_over_nor_merged_away(
    laptops: tuple[SessionRepository, SessionRepository],
):
    mine, theirs = laptops
    goal = mine.goals.add_goal(
        Goal(new_id(), "Halve repeat tickets", metric="repeat tickets per week")
    )
    other = mine.goals.add_goal(Goal(new_id(), "Halve repeat tickets (dup)"))
    assert goal.version == other.version == FIRST_VERSION
    # An Edit goal dialog opened on mine, left open while theirs edits the goal.
    in_the_dialog = mine.goals.goal(goal.id)
    theirs.goals.update_goal(replace(theirs.goals.goal(goal.id), owner="Maya Chen"))
    theirs.goals.update_goal(replace(theirs.goals.goal(other.id), why="Found by the support team"))
    mine.goals.all_goals()  # the goals page refreshed behind the dialog
    with pytest.raises(ChangedElsewhere, match="This goal"):
        mine.goals.update_goal(replace(in_the_dialog, metric="tickets reopened"))
    with pytest.raises(ChangedElsewhere):
        mine.goals.merge_goals(goal.id, other)
    assert mine.goals.goal(goal.id).owner == "Maya Chen"  # the current version
    stored = mine.goals.update_goal(replace(mine.goals.goal(goal.id), metric="tickets reopened"))
    assert theirs.goals.goal(goal.id) == replace(
        goal, owner="Maya Chen", metric="tickets reopened", version=stored.version
    )


def test_undoing_a_goal_edit_after_a_refresh_keeps_the_other_laptops_owner_and_target(
    laptops: tuple[SessionRepository, SessionRepository],
):
    mine, theirs = laptops
    before = mine.goals.add_goal(Goal(new_id(), "Halve repeat tickets"))
    after = mine.goals.update_goal(replace(before, title="Halve repeat tickets by June"))
    theirs.goals.update_goal(replace(theirs.goals.goal(before.id), owner="Maya Chen", target=40.0))
    mine.goals.all_goals()
    with pytest.raises(ChangedElsewhere):  # Ctrl+Z: the step's before, over its after
        mine.goals.update_goal(replace(before, version=after.version))
    kept = theirs.goals.goal(before.id)
    assert (kept.title, kept.owner, kept.target) == (
        "Halve repeat tickets by June",
        "Maya Chen",
        40,
    )


def test_one_laptop_undoing_its_own_change_is_no_conflict(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, _ = laptops
    action = entry_of(mine, demo.action_items[0].id)
    version = mine.actions.set_action_status(action.id, ActionStatus.DONE, action.version)
    mine.actions.set_action_status(action.id, action.status, version)  # Ctrl+Z
    assert entry_of(mine, action.id).status is action.status


def test_a_change_from_another_window_of_this_laptop_is_named_as_such(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    library = laptops[0]
    window = library.for_view()
    action = window.load_session(demo.id).action_items[0]
    window.actions.update_action(demo.id, replace(action, title="Retitled in the session window"))
    with pytest.raises(ChangedElsewhere, match="changed in another Dotstorm window"):
        library.actions.set_action_status(action.id, ActionStatus.DOING, action.version)


def test_a_copy_from_before_a_delete_cannot_write_over_the_row_put_back(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    """An undone delete brings the row back newer than any copy read before it went."""
    mine, theirs = laptops
    action = mine.actions.action_items(demo.id)[0]
    old_copy = entry_of(theirs, action.id)
    mine.actions.delete_action(demo.id, action)
    back = mine.actions.add_action(demo.id, action, position=0)
    assert back.version > old_copy.version
    with pytest.raises(ChangedElsewhere):
        theirs.actions.set_action_status(action.id, ActionStatus.DROPPED, old_copy.version)
    note = demo.notes[0]
    idea_copy = theirs.actions.idea_states(demo.id)[note.id]
    removed = mine.board.delete_notes(demo.id, [note.id])
    mine.board.restore_notes(demo.id, removed)
    with pytest.raises(ChangedElsewhere):
        theirs.actions.set_idea_status(note.id, IdeaStatus.ADOPTED, idea_copy[1])
    goal = mine.goals.add_goal(Goal(new_id(), "Fewer returns"))
    kept = mine.goals.add_goal(Goal(new_id(), "Fewer returns (kept)"))
    moved = mine.goals.merge_goals(kept.id, goal)
    mine.goals.unmerge_goals(goal, *moved)
    with pytest.raises(ChangedElsewhere):
        theirs.goals.update_goal(replace(goal, owner="Jonas"))


def test_importing_a_file_again_leaves_the_stored_versions_as_they_were(
    laptops: tuple[SessionRepository, SessionRepository], demo: Session
):
    mine, theirs = laptops
    action = entry_of(theirs, demo.action_items[0].id)
    version = theirs.actions.set_action_status(action.id, ActionStatus.DOING, action.version)
    # The same session's file again: its first try collides with the stored ids and
    # is undone; it touches none of the rows stored.
    mine.import_session(demo)
    assert entry_of(mine, action.id).version == version
    theirs.actions.set_action_status(action.id, ActionStatus.DONE, version)
    assert entry_of(mine, action.id).status is ActionStatus.DONE
