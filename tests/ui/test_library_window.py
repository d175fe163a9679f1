"""The session library, driven with real keys and clicks on a real database file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.backlog import REVIEW_PHASE_TITLE
from app.core.demo import build_demo_session
from app.core.session_format import parse_session_file
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.library.window import LibraryWindow
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.settings import AppSettings
from app.ui.workspace import Workspace
from tests.conftest import EXAMPLE_FILE
from tests.ui.conftest import ModalHandler, click_message_button

Arrange = Callable[[ModalHandler], None]


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings, repository: SessionRepository) -> LibraryWindow:
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.show()
    qtbot.waitExposed(library)
    library.attach(Workspace(repository))
    activate(qtbot, library)
    return library


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def button(window: QWidget, text: str) -> QPushButton:
    (found,) = [b for b in window.findChildren(QPushButton) if b.text() == text]
    return found


def test_before_storage_loads_the_window_says_so_and_waits(qtbot: QtBot, settings: AppSettings):
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.show()
    assert library.loading_label.isVisible()  # the bare frame paints first
    assert not library.new_action.isEnabled()
    qtbot.waitUntil(lambda: library.built)  # the list and buttons come on the next turn
    assert library.contents.stack.currentWidget() is library.loading_label
    assert not library.new_action.isEnabled()
    assert not button(library, "New session…").isEnabled()


def test_an_empty_library_says_how_to_start(window: LibraryWindow):
    assert window.contents.stack.currentWidget() is window.contents.empty_state
    assert "New session" in window.contents.empty_state.pointers.text()
    assert window.new_action.isEnabled() and not window.sessions.delete_action.isEnabled()


def test_sessions_are_listed_with_title_goal_status_and_counts(
    qtbot: QtBot, settings: AppSettings, repository: SessionRepository
):
    repository.add_session(build_demo_session())
    library = LibraryWindow(settings)
    qtbot.addWidget(library)
    library.attach(Workspace(repository))
    row = [library.proxy.index(0, column).data() for column in range(8)]
    assert row[0] == "Order to delivery: one day faster"
    assert row[1].startswith("Be the supplier")
    assert row[3] == "Finished"
    assert row[4:] == ["6", "30", "1", "3"]


def test_a_session_made_in_the_window_is_there_after_a_restart(
    qtbot: QtBot,
    window: LibraryWindow,
    when_modal_opens: Arrange,
    settings: AppSettings,
    db_url: str,
):
    def fill_in(dialog: QWidget) -> None:
        assert isinstance(dialog, NewSessionDialog)
        qtbot.keyClicks(dialog.title_edit, "Faster onboarding")
        qtbot.keyClicks(dialog.goal_edit, "Customers live in a week")
        qtbot.keyClicks(dialog.question_edit, "How might we halve onboarding time?")
        qtbot.keyClicks(dialog.facilitator_edit, "Maya Chen")
        qtbot.keyClicks(dialog.people_edit, "Maya Chen, Operations")
        qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.people_edit, "Jonas Weber, Sales")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_modal_opens(fill_in)
    qtbot.mouseClick(button(window, "New session…"), Qt.MouseButton.LeftButton)

    (opened,) = window.sessions.open_windows().values()
    assert opened.header.question_label.text() == "How might we halve onboarding time?"
    assert window.proxy.index(0, 0).data() == "Faster onboarding"
    window.close()

    reopened = open_database(db_url)
    try:
        library = LibraryWindow(settings)
        qtbot.addWidget(library)
        library.attach(Workspace(SessionRepository(reopened.engine)))
        assert library.proxy.rowCount() == 1
        assert library.proxy.index(0, 0).data() == "Faster onboarding"
        session = library.workspace.repository.load_session(library.selected_session_id() or "")
        assert [p.name for p in session.participants] == ["Maya Chen", "Jonas Weber"]
        assert [p.title for p in session.phases] == ["Ideate", "Cluster", "Vote", "Actions"]
    finally:
        reopened.close()


def test_cancelling_the_new_session_dialog_changes_nothing(
    qtbot: QtBot, window: LibraryWindow, when_modal_opens: Arrange
):
    def cancel(dialog: QWidget) -> None:
        qtbot.keyClicks(dialog.focusWidget(), "Never mind")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    when_modal_opens(cancel)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.repository.list_sessions() == []


def test_search_filters_by_title_and_goal(qtbot: QtBot, window: LibraryWindow):
    window.workspace.repository.add_session(build_demo_session())
    window.workspace.repository.import_session(parse_session_file(EXAMPLE_FILE.read_bytes()))
    window.refresh()
    assert window.proxy.rowCount() == 2
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    qtbot.keyClicks(window.search_edit, "easiest supplier")
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "Fewer repeat support tickets"
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, "nothing like this")
    assert window.proxy.rowCount() == 0


def test_a_session_key_with_no_session_chosen_says_why(
    qtbot: QtBot, window: LibraryWindow, when_modal_opens: Arrange
):
    """Ctrl+D, Ctrl+E, Delete and Ctrl+O with nothing chosen: a sentence, never silence."""
    from app.ui.library.sessions import CHOOSE_ONE

    window.workspace.repository.add_session(build_demo_session())
    window.refresh()
    qtbot.keyClicks(window.search_edit, "nothing like this")
    window.table.clearSelection()
    assert window.proxy.rowCount() == 0 and window.selected_session_id() is None
    when_modal_opens(lambda dialog: pytest.fail(f"nothing may ask: {dialog!r}"))
    for keys in ("Ctrl+D", "Ctrl+E", "Ctrl+O", "Del"):
        window.statusBar().clearMessage()
        combination = QKeySequence(keys)[0]  # type: ignore[index]
        qtbot.keyClick(window.table, combination.key(), combination.keyboardModifiers())
        assert window.statusBar().currentMessage() == CHOOSE_ONE, keys
    assert len(window.workspace.repository.list_sessions()) == 1


def test_enter_opens_the_selected_session(qtbot: QtBot, window: LibraryWindow):
    window.workspace.repository.add_session(build_demo_session())
    window.refresh()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    (opened,) = window.sessions.open_windows().values()
    qtbot.waitExposed(opened)
    assert (
        opened.header.question_label.text()
        == "How might we cut a day from order to first delivery?"
    )
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert len(window.sessions.open_windows()) == 1


def test_delete_asks_first(qtbot: QtBot, window: LibraryWindow, when_modal_opens: Arrange):
    window.workspace.repository.add_session(build_demo_session())
    window.refresh()
    questions: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Cancel, questions))
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "Delete “Order to delivery: one day faster” with its 30 notes" in questions[0]
    assert len(window.workspace.repository.list_sessions()) == 1

    activate(qtbot, window)  # the offscreen platform does not hand activation back
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.workspace.repository.list_sessions() == []
    assert window.contents.stack.currentWidget() is window.contents.empty_state


def test_duplicate_as_template(qtbot: QtBot, window: LibraryWindow, when_modal_opens: Arrange):
    demo = build_demo_session()
    window.workspace.repository.add_session(demo)
    window.refresh()
    questions: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.No, questions))
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert questions == [
        "Start the new session with a review of last time: 3 open actions "
        "from sessions with this goal?"
    ]
    titles = sorted(s.title for s in window.workspace.repository.list_sessions())
    assert titles == [
        "Order to delivery: one day faster",
        "Order to delivery: one day faster (copy)",
    ]
    copy = window.workspace.repository.load_session(window.selected_session_id() or "")
    assert copy.title.endswith("(copy)") and not copy.notes and len(copy.participants) == 6
    assert copy.phases[0].title == demo.phases[0].title


def test_a_copy_can_open_with_a_review_of_last_time(
    qtbot: QtBot, window: LibraryWindow, when_modal_opens: Arrange
):
    demo = build_demo_session()
    window.workspace.repository.add_session(demo)
    window.refresh()
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    copy = window.workspace.repository.load_session(window.selected_session_id() or "")
    review = copy.phases[0]
    assert review.title == REVIEW_PHASE_TITLE
    assert [origin for _, origin in copy.carried_from] == [a.id for a in demo.action_items]
    assert all(n.phase_id == review.id for n in copy.notes)
    assert window.statusBar().currentMessage().endswith("It opens with a review of last time.")


def test_import_a_file_and_refuse_a_bad_one(
    qtbot: QtBot,
    window: LibraryWindow,
    when_modal_opens: Arrange,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    monkeypatch.setattr(window, "ask_open_path", lambda: EXAMPLE_FILE)
    qtbot.mouseClick(button(window, "Import…"), Qt.MouseButton.LeftButton)
    # Read off the GUI thread: the window answers while the file is checked.
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert window.proxy.index(0, 0).data() == "Fewer repeat support tickets"
    assert window.statusBar().currentMessage() == "Imported 'Fewer repeat support tickets'."

    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "dotstorm.session", "version": 3, "session": {}}')
    monkeypatch.setattr(window, "ask_open_path", lambda: bad)
    activate(qtbot, window)
    messages: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, messages))
    qtbot.keyClick(window.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == [
        "Nothing was imported. broken.json: /version: this file is format version 3; "
        "this Dotstorm reads version 1 only. Update Dotstorm to open it."
    ]
    assert len(window.workspace.repository.list_sessions()) == 1


def test_export_writes_the_session_file(
    qtbot: QtBot, window: LibraryWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    window.workspace.repository.import_session(parse_session_file(EXAMPLE_FILE.read_bytes()))
    window.refresh()
    suggested: list[str] = []

    def ask(name: str) -> Path:
        suggested.append(name)
        return tmp_path / name

    monkeypatch.setattr(window, "ask_save_path", ask)
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert suggested == ["fewer-repeat-support-tickets.json"]
    written = json.loads((tmp_path / suggested[0]).read_text("utf-8"))["session"]
    original = json.loads(EXAMPLE_FILE.read_text("utf-8"))["session"]
    # The goal became a goal record on import, and the file carries it too.
    assert written.pop("goal_record")["title"] == original["goal"]
    assert written == original


def test_the_list_follows_an_open_session_as_it_runs(
    qtbot: QtBot, window: LibraryWindow, repository: SessionRepository
):
    from app.core.session_ops import build_session
    from app.core.types import NewSessionSpec, PhaseKind
    from tests.ui.board_helpers import type_idea

    session = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            participants=(("Ann", "Sales"),),
            phases=((PhaseKind.IDEATE, "Ideate", 600),),
        )
    )
    repository.add_session(session)
    window.refresh(select_id=session.id)
    opened = window.sessions.open_session(session.id)
    activate(qtbot, opened)

    def row() -> list[str]:
        index = window.model.row_of(session.id)
        assert index is not None
        return [str(window.model.index(index, column).data()) for column in range(8)]

    assert row()[3] == "Planned"
    notes_before = int(row()[5])
    type_idea(qtbot, opened, "Callback instead of hold music")
    qtbot.waitUntil(lambda: row()[5] == str(notes_before + 1))
    qtbot.keyClick(
        opened.capture_bar.idea_edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier
    )
    assert opened.timer.running
    qtbot.waitUntil(lambda: row()[3] == "Running")
    opened.close()
    qtbot.waitUntil(lambda: window.workspace.document(session.id) is None)
    assert row()[3] == "Running" and row()[5] == str(notes_before + 1)


def test_a_huge_hostile_file_is_read_while_the_window_keeps_answering(
    qtbot: QtBot,
    window: LibraryWindow,
    when_modal_opens: Arrange,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    document = json.loads(EXAMPLE_FILE.read_bytes())
    document["session"]["notes"] = [{}] * 1_000_000
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document))
    monkeypatch.setattr(window, "ask_open_path", lambda: hostile)
    answered_while_reading: list[bool] = []
    messages: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, messages))
    window.sessions.import_file()
    QTimer.singleShot(0, lambda: answered_while_reading.append(window.sessions.importing))
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    assert answered_while_reading == [True]  # the event loop ran while the file was read
    assert "/session/notes: has 1,000,000 entries; the limit is 20,000" in messages[0]
    assert window.workspace.repository.list_sessions() == []


def test_closing_a_session_window_lets_its_document_go_quietly(
    qtbot: QtBot, window: LibraryWindow, repository: SessionRepository
):
    """The document goes after its window; its last signals reach nothing of the window."""
    from app.ui.board.commands import AddNotesCommand

    session = build_demo_session()
    repository.add_session(session)
    window.refresh()
    opened = window.sessions.open_session(session.id)
    document = opened.document
    (note,) = document.board.make_notes(["Just before closing"], None)
    document.undo_stack.push(AddNotesCommand(document, [note]))
    gone: list[str] = []
    opened.destroyed.connect(lambda: gone.append("window"))
    document.destroyed.connect(lambda: gone.append("document"))
    opened.close()
    opened.deleteLater()
    qtbot.waitUntil(lambda: "window" in gone)
    assert window.workspace.document(session.id) is None
    document.deleteLater()  # its undo stack is cleared as it goes
    qtbot.waitUntil(lambda: "document" in gone)
    assert note.id in {n.id for n in repository.load_session(session.id).notes}
