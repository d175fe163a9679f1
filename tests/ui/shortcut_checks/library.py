"""The library window's keys."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from app.core.backlog import IdeaStatus
from app.ui import shortcuts as K
from app.ui.library.window import BACKLOG_TAB, GOALS_TAB, SESSIONS_TAB
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.shortcut_help import ShortcutHelp
from app.ui.shortcuts import Shortcut
from tests.conftest import EXAMPLE_FILE
from tests.ui.conftest import click_message_button
from tests.ui.shortcut_checks import Harness, checks


def type_file_name(h: Harness, path: str):
    """A handler that types ``path`` in a file dialog's name field and presses Enter."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        field = dialog.focusWidget()
        assert isinstance(field, QLineEdit)
        field.selectAll()
        h.qtbot.keyClicks(field, path)
        h.qtbot.keyClick(field, Qt.Key.Key_Return)

    return handle


@checks(K.LIBRARY_HELP)
def help_lists_every_shortcut(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.press(library.table, shortcut.keys[0])
    shown = library.findChild(ShortcutHelp)
    assert shown is not None and shown.isVisible()
    assert shown.windowTitle() == "Keyboard shortcuts"
    techniques = sum(len(lines) for _, lines in K.TECHNIQUES)
    assert len(shown.rows()) == len(K.ALL) + len(K.PLACES) + 1 + techniques


@checks(K.NEW_SESSION)
def new_session_opens_the_set_up(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    seen: list[QWidget] = []

    def cancel(dialog: QWidget) -> None:
        seen.append(dialog)
        h.qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    h.when_modal_opens(cancel)
    h.press(library.table, shortcut.keys[0])
    assert len(seen) == 1 and isinstance(seen[0], NewSessionDialog)


@checks(K.OPEN_SESSION)
def open_opens_the_selected_session(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    for keys in shortcut.keys:
        for window in list(library.sessions.open_windows().values()):
            window.close()
        h.activate(library)
        library.table.setFocus()
        h.press(library.table, keys)
        h.qtbot.waitUntil(lambda: len(library.sessions.open_windows()) == 1)


@checks(K.DUPLICATE_SESSION)
def duplicate_makes_a_copy(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.when_modal_opens(click_message_button(h.qtbot, QMessageBox.StandardButton.No))
    h.press(library.table, shortcut.keys[0])
    titles = sorted(s.title for s in h.repository.list_sessions())
    assert titles == [
        "Order to delivery: one day faster",
        "Order to delivery: one day faster (copy)",
    ]


@checks(K.DELETE_SESSION)
def delete_asks_then_deletes(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    questions: list[str] = []
    h.when_modal_opens(click_message_button(h.qtbot, QMessageBox.StandardButton.Yes, questions))
    h.press(library.table, shortcut.keys[0])
    assert questions and questions[0].startswith("Delete “Order to delivery")
    assert h.repository.list_sessions() == []


@checks(K.IMPORT_FILE)
def import_reads_a_typed_file(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.when_modal_opens(type_file_name(h, str(EXAMPLE_FILE)))
    h.press(library.table, shortcut.keys[0])
    h.qtbot.waitUntil(  # read off the GUI thread, then stored
        lambda: "Fewer repeat support tickets" in {s.title for s in h.repository.list_sessions()}
    )


@checks(K.EXPORT_FILE)
def export_writes_where_typed(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    target = h.tmp_path / "exported"
    h.when_modal_opens(type_file_name(h, str(target)))
    h.press(library.table, shortcut.keys[0])
    written = json.loads(target.with_suffix(".json").read_text("utf-8"))
    assert written["session"]["title"] == "Order to delivery: one day faster"


@checks(K.LIBRARY_FIND)
def find_goes_to_the_pages_search(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.press(library.table, shortcut.keys[0])
    assert h.focus() is library.search_edit
    h.press(library.search_edit, K.BACKLOG_PAGE.keys[0])
    h.press(library.search_edit, shortcut.keys[0])
    assert h.focus() is library.backlog.filters.search_edit


@checks(K.SESSIONS_PAGE, K.BACKLOG_PAGE)
def pages_switch(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    wanted = SESSIONS_TAB if shortcut is K.SESSIONS_PAGE else BACKLOG_TAB
    library.pages.setCurrentIndex(BACKLOG_TAB - wanted)
    h.press(library.pages.currentWidget(), shortcut.keys[0])
    assert library.pages.currentIndex() == wanted


@checks(K.GOALS_PAGE)
def goals_page_with_the_keyboard_in_its_list(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.press(library.table, shortcut.keys[0])
    assert library.pages.currentIndex() == GOALS_TAB
    assert h.focus() is library.goals.list
    assert library.goals.list.count() >= 1  # the demo's goal is one
    h.press(library.goals.list, K.LIBRARY_FIND.keys[0])
    assert h.focus() is library.goals.search_edit


@checks(K.LIBRARY_UNDO, K.LIBRARY_REDO)
def undo_and_redo_a_status(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    session = h.repository.list_sessions()[0]
    note = h.repository.load_session(session.id).notes[0]
    library.show_backlog()
    page = library.backlog
    page.tabs.setCurrentIndex(1)
    with h.qtbot.waitSignal(page.filters.changed):  # after a pause in typing
        h.qtbot.keyClicks(page.filters.search_edit, note.text)
    page.ideas_table.selectRow(0)
    h.qtbot.mouseClick(page.idea_buttons["adopted"], Qt.MouseButton.LeftButton)
    assert h.repository.actions.idea_statuses(session.id) == {note.id: IdeaStatus.ADOPTED}
    page.ideas_table.setFocus()
    for keys in shortcut.keys:
        h.press(page.ideas_table, K.LIBRARY_UNDO.keys[0])
        assert h.repository.actions.idea_statuses(session.id) == {}
        if shortcut is K.LIBRARY_REDO:
            h.press(page.ideas_table, keys)
            assert h.repository.actions.idea_statuses(session.id) == {note.id: IdeaStatus.ADOPTED}


@checks(K.QUIT)
def quit_closes_the_library(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()
    h.press(library.table, shortcut.keys[0])
    assert not library.isVisible()
