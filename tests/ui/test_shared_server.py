"""Two laptops on one PostgreSQL server, each with its library window, as a team runs it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.shared_rows import set_statuses_now
from tests.ui.conftest import ModalHandler, click_message_button
from tests.ui.test_library_window import activate

Arrange = Callable[[ModalHandler], None]


@pytest.fixture
def two_laptops(
    qtbot: QtBot, settings: AppSettings, server_url: str
) -> Iterator[tuple[LibraryWindow, LibraryWindow]]:
    """Two library windows, each on its own engine, on one server database."""
    databases = [open_database(server_url), open_database(server_url)]
    SessionRepository(databases[0].engine).add_session(build_demo_session())
    windows = []
    for database in databases:
        library = LibraryWindow(settings)
        qtbot.addWidget(library)
        library.show()
        qtbot.waitExposed(library)
        library.attach(Workspace(SessionRepository(database.engine)))
        windows.append(library)
    yield windows[0], windows[1]
    for library in windows:
        library.sessions.close_session_windows()
    for database in databases:
        database.close()


def test_a_session_open_on_one_laptop_is_refused_on_the_other_with_who_has_it(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow], when_modal_opens: Arrange
):
    mine, theirs = two_laptops
    activate(qtbot, mine)
    mine.table.setFocus()
    qtbot.keyClick(mine.table, Qt.Key.Key_Return)
    assert len(mine.sessions.open_windows()) == 1

    activate(qtbot, theirs)
    theirs.table.setFocus()
    said: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, said))
    qtbot.keyClick(theirs.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(said) == 1)
    assert "open on another laptop" in said[0] and "dotstorm" not in said[0]
    assert theirs.sessions.open_windows() == {}

    mine.sessions.close_session_windows()  # the first facilitator closes it
    activate(qtbot, theirs)
    theirs.table.setFocus()
    qtbot.keyClick(theirs.table, Qt.Key.Key_Return)
    assert len(theirs.sessions.open_windows()) == 1


def test_a_connection_dropped_mid_change_refuses_it_keeps_the_text_and_reconnects(
    qtbot: QtBot, settings: AppSettings, server_url: str
):
    import sys

    import psycopg
    from sqlalchemy import Connection, event

    from app.ui.error_reporting import install_exception_hook
    from tests.ui.windows import open_session

    database = open_database(server_url)
    repository = SessionRepository(database.engine)
    demo = build_demo_session()
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    dropped: list[int] = []

    def drop_the_connection(connection: Connection, _cursor: object, statement: str, *_: object):
        if statement.startswith("INSERT INTO notes") and not dropped:
            driver = connection.connection.dbapi_connection
            assert isinstance(driver, psycopg.Connection)
            pid = driver.info.backend_pid
            dropped.append(pid)
            with psycopg.connect(server_url) as admin:  # the server's superuser ends it
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))

    event.listen(database.engine, "before_cursor_execute", drop_the_connection)
    previous = install_exception_hook(window.recover_from_error)
    idea = window.capture_bar.idea_edit
    try:
        idea.setText("Call back within the hour")
        qtbot.keyClick(idea, Qt.Key.Key_Return)
    finally:
        sys.excepthook = previous
    assert dropped
    assert window.banner.text().startswith(
        "Your last change was not saved: The connection to the database server at "
    )
    assert "dropped; Dotstorm reconnects by itself, so try again." in window.banner.text()
    assert idea.text() == "Call back within the hour"  # nothing typed is lost
    assert window.document.undo_stack.count() == 0
    qtbot.keyClick(idea, Qt.Key.Key_Return)  # the next try goes through on a new connection
    assert "Call back within the hour" in {n.text for n in repository.load_session(demo.id).notes}
    event.remove(database.engine, "before_cursor_execute", drop_the_connection)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.close()
    database.close()


def test_another_laptops_changes_show_in_the_library_and_backlog_within_seconds(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow]
):
    from app.core.types import ActionStatus

    mine, theirs = two_laptops
    mine.show_backlog()
    page = mine.backlog
    page.tabs.setCurrentIndex(0)
    demo = build_demo_session()
    action = demo.action_items[0]
    set_statuses_now(theirs.workspace.repository, {action.id: ActionStatus.DROPPED})
    extra = as_template(demo, "Second team's session")
    theirs.workspace.repository.add_session(extra)

    def shown_status() -> str | None:
        table = page.actions_table
        for row in range(table.model().rowCount()):
            if table.model().index(row, 0).data() == action.title:
                return str(table.model().index(row, 1).data())
        return None

    qtbot.waitUntil(lambda: shown_status() == "Dropped", timeout=5000)
    titles = {mine.proxy.index(row, 0).data() for row in range(mine.proxy.rowCount())}
    assert "Second team's session" in titles


def test_a_goal_edited_on_another_laptop_shows_in_the_open_session_within_seconds(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow]
):
    from dataclasses import replace

    mine, theirs = two_laptops
    demo = build_demo_session()
    window = mine.sessions.open_session(demo.id)
    goal = theirs.workspace.repository.goals.goal_of_session(demo.id)
    assert goal is not None
    theirs.workspace.repository.goals.update_goal(
        replace(goal, metric="repeat tickets a week", unit="", target=12)
    )
    qtbot.waitUntil(
        lambda: "repeat tickets a week: target 12" in window.header.goal_label.text(),
        timeout=5000,
    )


def test_statuses_set_on_another_laptop_show_in_the_open_session_and_can_be_changed_on(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow]
):
    from dataclasses import replace

    from app.core.backlog import IdeaStatus
    from app.core.types import ActionStatus

    mine, theirs = two_laptops
    demo = build_demo_session()
    document = mine.sessions.open_session(demo.id).document
    action, idea = demo.action_items[0], demo.notes[0]
    set_statuses_now(
        theirs.workspace.repository,
        {action.id: ActionStatus.DROPPED},
        {idea.id: IdeaStatus.TRYING},
    )

    def shown() -> tuple[ActionStatus | None, IdeaStatus]:
        item = document.actions.action_item(action.id)
        return (None if item is None else item.status), document.actions.idea_status(idea.id)

    qtbot.waitUntil(lambda: shown() == (ActionStatus.DROPPED, IdeaStatus.TRYING), timeout=5000)
    # What the window now shows is what it has seen: changing it on is no conflict.
    dropped = document.actions.action_item(action.id)
    assert dropped is not None
    document.actions.update_action(replace(dropped, status=ActionStatus.DOING))
    assert mine.workspace.repository.actions.action_items(demo.id)[0].status is ActionStatus.DOING


def test_a_laptops_own_change_is_not_news_to_itself(server_url: str):
    from app.core.types import ActionStatus

    database = open_database(server_url)
    repository = SessionRepository(database.engine)
    feed = repository.change_feed()
    assert feed is not None
    demo = build_demo_session()
    assert not feed.changed_elsewhere()  # listening from now on
    repository.add_session(demo)
    set_statuses_now(repository, {demo.action_items[0].id: ActionStatus.DONE})
    assert not feed.changed_elsewhere()
    other = open_database(server_url)
    set_statuses_now(SessionRepository(other.engine), {demo.action_items[0].id: ActionStatus.OPEN})
    deadline = time.monotonic() + 5
    while not feed.changed_elsewhere():  # the notice crosses the socket in a moment
        assert time.monotonic() < deadline, "no notice of the other laptop's change"
        time.sleep(0.02)
    assert not feed.changed_elsewhere()  # told once
    feed.close()
    other.close()
    database.close()


def kill_lock_connections(server_url: str) -> None:
    """End every connection holding an advisory lock, as a server restart would."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory'"
        )


def test_a_lock_lost_with_its_connection_is_taken_back_before_anyone_else_can(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow], server_url: str
):
    from app.storage.errors import SessionHeld

    mine, theirs = two_laptops
    demo = build_demo_session()
    window = mine.sessions.open_session(demo.id)
    kill_lock_connections(server_url)
    watcher = mine.other_laptops
    assert watcher is not None
    watcher.look()  # the next look (every 1.5 s) holds it again
    with pytest.raises(SessionHeld):
        theirs.workspace.repository.hold_session(demo.id)
    assert not window.banner.isVisible()


def test_a_session_another_laptop_took_while_the_lock_was_lost_is_said_in_its_window(
    qtbot: QtBot, two_laptops: tuple[LibraryWindow, LibraryWindow], server_url: str
):
    mine, theirs = two_laptops
    demo = build_demo_session()
    window = mine.sessions.open_session(demo.id)
    kill_lock_connections(server_url)
    taken = theirs.workspace.repository.hold_session(demo.id)
    assert taken is not None
    watcher = mine.other_laptops
    assert watcher is not None
    mine.hide()  # the facilitator works in the session window: the look still runs
    watcher.look()
    assert window.hold_bar.isVisible()
    assert window.hold_bar.label.text().startswith("This session was opened on another laptop (")
    assert "nothing more is saved here" in window.hold_bar.label.text()
    taken.release()
