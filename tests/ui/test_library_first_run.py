"""A new user's first run: the empty library offers the demo session, one key away.

Real windows on a real database file, driven with the keys a person presses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.storage.repository import SessionRepository
from app.ui.application import start_application
from app.ui.library.first_run import FIRST_STEP
from app.ui.library.window import LibraryWindow
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.ui.conftest import ModalHandler, click_message_button

Arrange = Callable[[ModalHandler], None]
DEMO_TITLE = build_demo_session().title


def first_run(qtbot: QtBot, settings: AppSettings, db_path: Path) -> LibraryWindow:
    """Dotstorm started as from the desktop menu on a database that does not exist yet."""
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.destroyed.connect(loader.close)
    return window


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Give the library the keyboard back (offscreen Qt does not after another window)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def shows_first_step(window: LibraryWindow) -> bool:
    """Whether the session page shows the first step instead of the table."""
    contents = window.contents
    return contents.stack.currentWidget() is contents.empty_state and (
        contents.empty_state.isVisible()
    )


def test_a_new_database_shows_the_first_step_and_presses_into_the_demo(
    qtbot: QtBot, settings: AppSettings, db_path: Path
):
    window = first_run(qtbot, settings, db_path)
    empty = window.contents.empty_state
    assert shows_first_step(window)
    assert empty.line.text() == FIRST_STEP and empty.line.isVisible()
    assert empty.demo_button.text() == "Open the &demo session"
    assert "New session (Ctrl+N)" in empty.pointers.text() and "Import" in empty.pointers.text()
    assert empty.demo_button.hasFocus()  # Enter or Space would press it too

    qtbot.keyClick(empty.demo_button, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())  # a mnemonic
    opened = window.sessions.open_windows()[DEMO_SESSION_ID]  # clicks shortly after
    qtbot.waitExposed(opened)
    assert [s.id for s in window.workspace.repository.list_sessions()] == [DEMO_SESSION_ID]
    assert not shows_first_step(window) and window.table.isVisible()
    assert window.proxy.rowCount() == 1 and window.proxy.index(0, 0).data() == DEMO_TITLE
    assert window.selected_session_id() == DEMO_SESSION_ID


def test_help_opens_the_demo_again_without_a_second_one(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens: Arrange
):
    window = first_run(qtbot, settings, db_path)
    refusals: list[str] = []  # a second demo refused by the database would say so here
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, refusals))
    qtbot.keyClick(window.contents.empty_state.demo_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())
    first = window.sessions.open_windows()[DEMO_SESSION_ID]
    first.close()
    qtbot.waitUntil(lambda: window.workspace.document(DEMO_SESSION_ID) is None)
    activate(qtbot, window)
    assert window.table.hasFocus()  # the keyboard went with the list as the button went

    for _ in range(2):  # once on the closed session, once on its open window
        qtbot.keyClick(window.table, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        help_menu = QApplication.activePopupWidget()
        assert isinstance(help_menu, QMenu) and help_menu.title() == "&Help"
        qtbot.keyClick(help_menu, Qt.Key.Key_D)  # Open the &demo session
        qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())
        activate(qtbot, window)
    assert len(window.sessions.open_windows()) == 1
    assert [s.id for s in window.workspace.repository.list_sessions()] == [DEMO_SESSION_ID]
    assert refusals == []


def test_deleting_every_session_brings_the_first_step_back_with_the_keyboard(
    qtbot: QtBot,
    settings: AppSettings,
    repository: SessionRepository,
    when_modal_opens: Arrange,
):
    repository.add_session(build_demo_session())
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.attach(Workspace(repository))
    activate(qtbot, window)
    assert not shows_first_step(window) and window.table.hasFocus()

    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert repository.list_sessions() == []
    assert shows_first_step(window)
    activate(qtbot, window)  # the offscreen platform does not hand activation back
    assert window.contents.empty_state.demo_button.hasFocus()

    # As a person who went to the search box first: Tab, then Enter.
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Tab)
    assert window.contents.empty_state.demo_button.hasFocus()
    qtbot.keyClick(window.contents.empty_state.demo_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())
    assert [s.id for s in repository.list_sessions()] == [DEMO_SESSION_ID]


def test_a_search_that_hides_every_row_keeps_the_table(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository
):
    repository.add_session(build_demo_session())
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.attach(Workspace(repository))
    activate(qtbot, window)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_edit, "nothing like this")
    assert window.proxy.rowCount() == 0
    window.refresh()  # as a change made on another laptop would
    assert not shows_first_step(window) and window.table.isVisible()
    assert window.search_edit.hasFocus()  # typing goes on where it was


def test_the_demo_button_waits_for_storage(qtbot: QtBot, settings: AppSettings):
    """Listed before storage has loaded (the quick listing): the button says to wait."""
    window = LibraryWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.show_sessions([])
    activate(qtbot, window)
    assert shows_first_step(window)
    button = window.contents.empty_state.demo_button
    assert not button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert window.sessions.open_windows() == {} and not window.attached


def test_a_demo_the_database_refuses_leaves_nothing_and_says_why(
    qtbot: QtBot,
    settings: AppSettings,
    db_path: Path,
    db_url: str,
    when_modal_opens: Arrange,
):
    window = first_run(qtbot, settings, db_path)
    outside = create_engine(db_url)  # another program, late in the demo's one transaction
    try:
        with outside.begin() as connection:
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_notes BEFORE INSERT ON notes "
                    "BEGIN SELECT RAISE(ABORT, 'no notes today'); END"
                )
            )
        messages: list[str] = []
        when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, messages))
        qtbot.keyClick(window.contents.empty_state.demo_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(messages))
        (said,) = messages
        assert "no notes today" in said and "\n" not in said
        assert window.workspace.repository.list_sessions() == []  # not the session's row
        assert window.sessions.open_windows() == {}
        assert shows_first_step(window)

        with outside.begin() as connection:
            connection.execute(text("DROP TRIGGER refuse_notes"))
        activate(qtbot, window)
        qtbot.keyClick(window.contents.empty_state.demo_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())
        assert [s.id for s in window.workspace.repository.list_sessions()] == [DEMO_SESSION_ID]
    finally:
        outside.dispose()
