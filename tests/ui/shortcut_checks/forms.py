"""The actions panel's keys, and the keys every dialog answers."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui import shortcuts as K
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from tests.ui.shortcut_checks import Harness, checks


def with_the_actions_panel(h: Harness) -> SessionWindow:
    """A session with its actions panel opened by Ctrl+Shift+E, the keyboard in a title."""
    window = h.fresh_window()
    h.press(window.capture_bar.idea_edit, K.ACTIONS_PANEL.keys[0])
    panel = window.actions_dock.panel
    h.qtbot.waitUntil(lambda: h.focus() is panel.title_edit)
    return window


@checks(K.ACTION_NEXT_FIELD)
def tab_goes_through_the_fields(h: Harness, shortcut: Shortcut) -> None:
    panel = with_the_actions_panel(h).actions_dock.panel
    fields = [panel.owner_combo, panel.due_edit, panel.status_combo, panel.hypothesis_edit]
    h.qtbot.keyClicks(panel.title_edit, "Welcome call on day one")
    for field in fields:
        h.press(h.focus() or panel, shortcut.keys[0])
        assert h.focus() is field


@checks(K.ACTION_STORE)
def enter_stores_and_starts_the_next(h: Harness, shortcut: Shortcut) -> None:
    window = with_the_actions_panel(h)
    panel = window.actions_dock.panel
    h.qtbot.keyClicks(panel.title_edit, "Welcome call on day one")
    h.press(panel.title_edit, shortcut.keys[0])
    stored = h.repository.load_session(window.document.session_id).action_items
    assert [a.title for a in stored] == ["Welcome call on day one"]
    assert panel.title_edit.text() == "" and h.focus() is panel.title_edit


def in_the_new_session_dialog(h: Harness, answer) -> None:
    """Ctrl+N in the library, then ``answer`` the dialog that opens."""
    library = h.library()
    h.when_modal_opens(answer)
    h.press(library.table, K.NEW_SESSION.keys[0])


@checks(K.DIALOG_OK, K.DIALOG_CANCEL)
def enter_makes_it_and_esc_does_not(h: Harness, shortcut: Shortcut) -> None:
    # Every dialog, for both keys: tests/ui/test_dialogs.py.
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, NewSessionDialog)
        h.qtbot.keyClicks(dialog.title_edit, "Faster onboarding")
        h.press(dialog.title_edit, shortcut.keys[0])

    in_the_new_session_dialog(h, answer)
    titles = [s.title for s in h.repository.list_sessions()]
    made = "Faster onboarding" in titles
    assert made is (shortcut is K.DIALOG_OK)


@checks(K.DIALOG_FIELDS)
def tab_leaves_a_table_as_it_leaves_a_field(h: Harness, shortcut: Shortcut) -> None:
    seen: list[object] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, NewSessionDialog)
        h.press(dialog.title_edit, shortcut.keys[0])
        seen.append(dialog.focusWidget() is dialog.goal_edit)
        h.press(dialog.goal_edit, shortcut.keys[1])
        seen.append(dialog.focusWidget() is dialog.title_edit)
        table = dialog.agenda_table
        table.setFocus()
        h.press(table, shortcut.keys[0])
        seen.append(dialog.focusWidget() is dialog.agenda_editor.add_button)
        h.press(dialog.agenda_editor.add_button, shortcut.keys[1])
        seen.append(dialog.focusWidget() is table)
        h.press(table, "Esc")

    in_the_new_session_dialog(h, answer)
    assert seen == [True, True, True, True]


@checks(K.DIALOG_TABLE)
def ctrl_tab_and_arrows_move_inside_a_table(h: Harness, shortcut: Shortcut) -> None:
    seen: list[tuple[int, int]] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, NewSessionDialog)
        table = dialog.agenda_table
        table.setFocus()
        table.setCurrentCell(1, 1)  # the second phase's title
        for keys in shortcut.keys:
            h.press(table, keys)
            seen.append((table.currentRow(), table.currentColumn()))
        seen.append((dialog.focusWidget() is table, 0))
        h.press(table, "Esc")

    in_the_new_session_dialog(h, answer)
    # its minutes, its title again, the phase above, back down
    assert seen == [(1, 2), (1, 1), (0, 1), (1, 1), (True, 0)]
