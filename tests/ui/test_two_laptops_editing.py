"""Two laptops editing one goal and one action: the other laptop is a real second process.

Each case is one the conflict check used to miss: the window read the row again (it
does every few seconds), and the copy written back was still the old one. Now every
copy carries the version it was read at, the write is refused, the other laptop's
change stands, the refused step leaves the undo stack, and the window shows the
current version.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.core.types import ActionStatus, Goal
from app.ui.error_reporting import install_exception_hook
from app.ui.goals.dialog import GoalDialog
from app.ui.library.window import LibraryWindow
from tests.ui.conftest import ModalHandler
from tests.ui.test_library_window import activate
from tests.ui.test_shared_server import two_laptops  # noqa: F401  (a fixture)

REFUSED = "was changed on another laptop since you read it; here is the current version."


def other_laptop(server_url: str, *change: str) -> None:
    """The other laptop's change, made by a process of its own from the row as stored."""
    subprocess.run(
        [sys.executable, "-m", "tests.other_laptop", server_url, *change],
        check=True,
        capture_output=True,
        timeout=120,
    )


@contextmanager
def reported(library: LibraryWindow) -> Iterator[None]:
    """Errors go where the app sends them: the banner of the window the change was made in.

    (Inside the test: pytest-qt puts its own hook in place after the fixtures.)
    """
    previous = install_exception_hook(library.recover_from_error)
    try:
        yield
    finally:
        sys.excepthook = previous


def the_goal(library: LibraryWindow) -> Goal:
    goal = library.workspace.repository.goals.goal_of_session(build_demo_session().id)
    assert goal is not None
    return goal


def show_goal(qtbot: QtBot, library: LibraryWindow) -> None:
    activate(qtbot, library)
    qtbot.keyClick(library, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: library.goals.current_goal_id() == the_goal(library).id)


def titled(library: LibraryWindow, title: str) -> Callable[[], bool]:
    """Whether the goal is stored with ``title`` now (to wait for)."""
    return lambda: the_goal(library).title == title


def edit_title(
    qtbot: QtBot, title: str, before: Callable[[], None] = lambda: None
) -> ModalHandler:
    def handle(dialog: object) -> None:
        assert isinstance(dialog, GoalDialog)
        before()
        dialog.title_edit.selectAll()
        qtbot.keyClicks(dialog.title_edit, title)
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)

    return handle


def test_undoing_a_goal_edit_after_a_refresh_keeps_the_other_laptops_owner_and_target(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
    when_modal_opens: Callable[[ModalHandler], None],
):
    mine = two_laptops[0]
    show_goal(qtbot, mine)
    when_modal_opens(edit_title(qtbot, "Answer every customer within a day"))
    qtbot.keyClick(mine.goals.edit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: the_goal(mine).title == "Answer every customer within a day")
    other_laptop(server_url, "goal", the_goal(mine).id, "owner=Maya Chen", "target=40")
    watcher = mine.other_laptops
    assert watcher is not None

    def read_again() -> bool:
        watcher.look()
        return "Maya Chen" in mine.goals.facts_label.text()

    qtbot.waitUntil(read_again)
    activate(qtbot, mine)
    with reported(mine):
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert REFUSED in mine.banner.text()
    kept = the_goal(mine)
    assert (kept.title, kept.owner, kept.target) == (
        "Answer every customer within a day",
        "Maya Chen",
        40,
    )
    assert mine.workspace.undo_stack.count() == 0  # the refused step is not left on it


def test_an_edit_goal_dialog_left_open_does_not_write_its_old_copy_over_the_other_laptops(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
    when_modal_opens: Callable[[ModalHandler], None],
):
    mine = two_laptops[0]
    show_goal(qtbot, mine)
    goal_id = the_goal(mine).id

    def meanwhile() -> None:  # while the dialog is open, the other laptop edits the goal
        other_laptop(server_url, "goal", goal_id, "why=Customers leave after two waits")

    when_modal_opens(edit_title(qtbot, "My title from the old copy", meanwhile))
    with reported(mine):
        qtbot.keyClick(mine.goals.edit_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: REFUSED in mine.banner.text())
    kept = the_goal(mine)
    assert kept.why == "Customers leave after two waits"
    assert kept.title != "My title from the old copy"
    assert mine.goals.why_label.text() == "Customers leave after two waits"  # shown now
    assert mine.workspace.undo_stack.count() == 0


def test_a_stale_action_form_does_not_write_over_the_other_laptops_change(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
):
    mine = two_laptops[0]
    demo = build_demo_session()
    action = demo.action_items[0]
    window = mine.sessions.open_session(demo.id)
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.actions_dock.panel
    qtbot.waitUntil(panel.title_edit.hasFocus)
    panel.list.setCurrentRow(0)
    panel.title_edit.setFocus()
    assert panel.title_edit.text() == action.title
    other_laptop(server_url, "action", action.id, "status=dropped")
    watcher = mine.other_laptops
    assert watcher is not None
    document = window.document

    def read_again() -> bool:
        watcher.look()
        current = document.actions.action_item(action.id)
        return current is not None and current.status is ActionStatus.DROPPED

    qtbot.waitUntil(read_again)  # the window has read it; the form still shows its copy
    steps = document.undo_stack.count()
    panel.title_edit.selectAll()
    qtbot.keyClicks(panel.title_edit, "Retitled from the old copy")
    with reported(mine):
        qtbot.keyClick(panel.title_edit, Qt.Key.Key_Return)
    assert REFUSED in window.banner.text()
    stored = next(
        a for a in mine.workspace.repository.actions.action_items(demo.id) if a.id == action.id
    )
    assert (stored.title, stored.status) == (action.title, ActionStatus.DROPPED)
    assert document.undo_stack.count() == steps  # nothing stacked, nothing else undone
    assert panel.title_edit.text() == action.title  # the form shows the current version
    assert panel.status_combo.currentData() == ActionStatus.DROPPED.value


def test_undoing_a_backlog_status_after_a_refresh_keeps_the_other_laptops_dropped(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
):
    mine = two_laptops[0]
    action = build_demo_session().action_items[0]
    activate(qtbot, mine)
    mine.show_backlog()
    page = mine.backlog
    page.tabs.setCurrentIndex(0)
    qtbot.keyClicks(page.filters.search_edit, action.title)
    table = page.actions_table
    row = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert action.status is not ActionStatus.DONE
    qtbot.mouseClick(page.action_buttons["done"], Qt.MouseButton.LeftButton)
    assert table.model().index(0, 1).data() == "Done"
    other_laptop(server_url, "action", action.id, "status=dropped")
    watcher = mine.other_laptops
    assert watcher is not None

    def shown() -> str:
        watcher.look()
        return str(page.actions_table.model().index(0, 1).data())

    qtbot.waitUntil(lambda: shown() == "Dropped")
    activate(qtbot, mine)
    table.setFocus()  # where the facilitator clicked last (the search box has an undo too)
    with reported(mine):
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert REFUSED in mine.banner.text()
    stored = next(
        a for a in mine.workspace.repository.backlog.action_entries() if a.id == action.id
    )
    assert stored.status is ActionStatus.DROPPED
    assert mine.workspace.undo_stack.count() == 0


def test_a_window_whose_session_was_taken_over_keeps_what_was_typed_and_offers_two_ways_on(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
):
    from tests.storage.test_session_lock import end_lock_connections

    mine, theirs = two_laptops
    demo = build_demo_session()
    window = mine.sessions.open_session(demo.id)
    activate(qtbot, window)
    idea = window.capture_bar.idea_edit
    qtbot.keyClicks(idea, "Before the network blip")
    qtbot.keyClick(idea, Qt.Key.Key_Return)
    end_lock_connections(server_url, demo.id)  # the window's hold goes with its connection
    theirs_window = theirs.sessions.open_session(demo.id)  # and the other laptop opens it
    activate(qtbot, window)
    qtbot.keyClicks(idea, "Typed while the other laptop has it")
    with reported(mine):
        qtbot.keyClick(idea, Qt.Key.Key_Return)
    assert window.hold_bar.isVisible()
    assert "This session was opened on another laptop" in window.hold_bar.label.text()
    assert idea.text() == "Typed while the other laptop has it"  # kept on screen
    stored = {n.text for n in mine.workspace.repository.load_session(demo.id).notes}
    assert "Before the network blip" in stored
    assert "Typed while the other laptop has it" not in stored
    assert window.document.undo_stack.count() == 0

    qtbot.mouseClick(window.hold_bar.take_back_button, Qt.MouseButton.LeftButton)
    assert window.hold_bar.isVisible()  # still theirs: the bar says who has it
    assert "open on another laptop" in window.hold_bar.label.text()

    theirs_window.close()  # the other laptop lets it go
    qtbot.waitUntil(lambda: demo.id not in theirs.sessions.open_windows())
    activate(qtbot, window)
    idea.setFocus()
    qtbot.keyClick(idea, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Take it back
    qtbot.waitUntil(lambda: not window.hold_bar.isVisible())  # a mnemonic clicks shortly after
    qtbot.keyClick(idea, Qt.Key.Key_Return)  # what was typed goes in now
    stored = {n.text for n in mine.workspace.repository.load_session(demo.id).notes}
    assert "Typed while the other laptop has it" in stored


def test_a_window_that_lost_its_session_saves_what_it_shows_as_a_copy(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
):
    from tests.storage.test_session_lock import end_lock_connections

    mine, theirs = two_laptops
    demo = build_demo_session()
    window = mine.sessions.open_session(demo.id)
    shown = {n.text for n in window.document.board.notes.values()}
    end_lock_connections(server_url, demo.id)
    theirs.sessions.open_session(demo.id)
    watcher = mine.other_laptops
    assert watcher is not None
    watcher.look()  # the next look says so, before anything is typed
    assert window.hold_bar.isVisible()
    activate(qtbot, window)
    qtbot.keyClicks(window.capture_bar.idea_edit, "An idea typed meanwhile")
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: any(i != demo.id for i in mine.sessions.open_windows()))
    (copy_id,) = [i for i in mine.sessions.open_windows() if i != demo.id]
    copy_window = mine.sessions.open_windows()[copy_id]
    assert {n.text for n in copy_window.document.board.notes.values()} == shown
    assert copy_window.capture_bar.idea_edit.text() == "An idea typed meanwhile"
    assert copy_window.document.session.title == f"{demo.title} (copy)"
    qtbot.waitUntil(lambda: demo.id not in mine.sessions.open_windows())  # the old one went


def test_two_undos_across_the_other_laptops_change_keep_it(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
    when_modal_opens: Callable[[ModalHandler], None],
):
    """Edit, their change, the page re-read, edit again: the second Ctrl+Z is refused."""
    mine = two_laptops[0]
    show_goal(qtbot, mine)
    when_modal_opens(edit_title(qtbot, "Title A"))
    qtbot.keyClick(mine.goals.edit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: the_goal(mine).title == "Title A")
    other_laptop(server_url, "goal", the_goal(mine).id, "owner=Maya Chen", "target=40")
    watcher = mine.other_laptops
    assert watcher is not None

    def read_again() -> bool:
        watcher.look()
        return "Maya Chen" in mine.goals.facts_label.text()

    qtbot.waitUntil(read_again)
    when_modal_opens(edit_title(qtbot, "Title B"))
    qtbot.keyClick(mine.goals.edit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: the_goal(mine).title == "Title B")
    activate(qtbot, mine)
    with reported(mine):
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert the_goal(mine).title == "Title A"  # B's undo: B was made from their version
        assert not mine.banner.isVisible()
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert REFUSED in mine.banner.text()
    kept = the_goal(mine)
    assert (kept.title, kept.owner, kept.target) == ("Title A", "Maya Chen", 40)
    assert mine.workspace.undo_stack.index() == 0  # A's step left; B's is there to redo
    assert mine.workspace.undo_stack.count() == 1


def test_steps_on_one_goal_undo_and_redo_in_a_row_when_nobody_else_wrote(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    when_modal_opens: Callable[[ModalHandler], None],
):
    mine = two_laptops[0]
    show_goal(qtbot, mine)
    original = the_goal(mine).title
    for title in ("Title A", "Title B", "Title C"):
        when_modal_opens(edit_title(qtbot, title))
        qtbot.keyClick(mine.goals.edit_button, Qt.Key.Key_Space)
        qtbot.waitUntil(titled(mine, title))
    activate(qtbot, mine)
    seen = []
    with reported(mine):
        for _ in range(3):
            qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            seen.append(the_goal(mine).title)
        for _ in range(3):
            qtbot.keyClick(mine, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
            seen.append(the_goal(mine).title)
    assert seen == ["Title B", "Title A", original, "Title A", "Title B", "Title C"]
    assert not mine.banner.isVisible() and mine.workspace.undo_stack.count() == 3


def test_two_backlog_undos_across_the_other_laptops_dropped_keep_it(
    qtbot: QtBot,
    two_laptops: tuple[LibraryWindow, LibraryWindow],  # noqa: F811
    server_url: str,
):
    mine = two_laptops[0]
    action = build_demo_session().action_items[0]
    activate(qtbot, mine)
    mine.show_backlog()
    page = mine.backlog
    page.tabs.setCurrentIndex(0)
    qtbot.keyClicks(page.filters.search_edit, action.title)
    table = page.actions_table
    row = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert action.status is not ActionStatus.DONE
    qtbot.mouseClick(page.action_buttons["done"], Qt.MouseButton.LeftButton)
    other_laptop(server_url, "action", action.id, "status=dropped")
    watcher = mine.other_laptops
    assert watcher is not None

    def shown() -> str:
        watcher.look()
        return str(table.model().index(0, 1).data())

    qtbot.waitUntil(lambda: shown() == "Dropped")
    qtbot.mouseClick(page.action_buttons["open"], Qt.MouseButton.LeftButton)  # from theirs
    activate(qtbot, mine)
    table.setFocus()
    with reported(mine):
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(mine, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert REFUSED in mine.banner.text()
    stored = next(
        a for a in mine.workspace.repository.backlog.action_entries() if a.id == action.id
    )
    assert stored.status is ActionStatus.DROPPED  # theirs, put back by the first Ctrl+Z
