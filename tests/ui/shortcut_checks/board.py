"""The board's keys, with the keyboard on the board (F6 from the capture bar)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app.core.placement import board_layout, overlaps
from app.ui import shortcuts as K
from app.ui.board.cluster_chooser import ClusterChooser
from app.ui.board.editor import InPlaceEditor
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from tests.ui.board_helpers import type_idea
from tests.ui.shortcut_checks import Harness, checks

IDEAS = ("Welcome call", "Checklist", "Video tour")


def board_with_ideas(h: Harness) -> SessionWindow:
    """A fresh session with three ideas typed, and the keyboard moved onto the board."""
    window = h.fresh_window()
    for idea in IDEAS:
        type_idea(h.qtbot, window, idea)
    h.press(window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    assert h.focus() is window.view
    return window


def keyboard_note(window: SessionWindow) -> str:
    note_id = window.board.keyboard.note_id
    assert note_id is not None
    return note_id


def editing(window: SessionWindow) -> bool:
    return isinstance(window.scene.editor, InPlaceEditor)


@checks(K.NOTE_FOCUS)
def tab_walks_the_notes_in_reading_order(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    order = window.board.keyboard.order()
    assert keyboard_note(window) == order[0]  # the board shows at once where it is
    assert window.scene.note_items[order[0]].keyboard_focus
    h.press(window.view, shortcut.keys[0])
    assert keyboard_note(window) == order[1]
    assert window.scene.note_items[order[1]].keyboard_focus
    assert not window.scene.note_items[order[0]].keyboard_focus
    assert IDEAS[1] in window.view.accessibleDescription()
    h.press(window.view, shortcut.keys[1])
    assert keyboard_note(window) == order[0]
    assert h.focus() is window.view  # Tab stays on the board


@checks(K.SELECT_NOTE)
def space_selects_and_unselects(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    first = keyboard_note(window)
    h.press(window.view, shortcut.keys[0])
    assert window.scene.selected_note_ids() == [first]
    h.press(window.view, K.NOTE_FOCUS.keys[0])
    h.press(window.view, shortcut.keys[0])
    assert set(window.scene.selected_note_ids()) == {first, keyboard_note(window)}
    h.press(window.view, shortcut.keys[0])
    assert window.scene.selected_note_ids() == [first]


@checks(K.EDIT_NOTE)
def f2_and_enter_edit_the_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    for keys in shortcut.keys:
        h.press(window.view, keys)
        assert editing(window)
        h.press(h.focus() or window.view, "Esc")
        assert not editing(window)
    h.press(window.view, shortcut.keys[0])
    editor = h.focus()
    assert editor is not None
    h.qtbot.keyClick(editor, Qt.Key.Key_End)
    h.qtbot.keyClicks(editor, " on day one")
    h.qtbot.keyClick(editor, Qt.Key.Key_Return)
    stored = h.repository.load_session(window.document.session_id).notes
    assert "Welcome call on day one" in {n.text for n in stored}


def start_editing(h: Harness, window: SessionWindow) -> QWidget:
    h.press(window.view, K.EDIT_NOTE.keys[0])
    assert editing(window)
    editor = h.focus()
    assert editor is not None
    h.qtbot.keyClick(editor, Qt.Key.Key_End)
    return editor


def stored_texts(h: Harness, window: SessionWindow) -> set[str]:
    return {n.text for n in h.repository.load_session(window.document.session_id).notes}


@checks(K.EDIT_KEEP)
def enter_keeps_the_edited_text(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    editor = start_editing(h, window)
    h.qtbot.keyClicks(editor, " today")
    h.press(editor, shortcut.keys[0])
    assert not editing(window)
    assert "Welcome call today" in stored_texts(h, window)


@checks(K.EDIT_NEW_LINE)
def shift_enter_breaks_the_line_and_enter_keeps_both(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    editor = start_editing(h, window)
    h.press(editor, shortcut.keys[0])
    assert editing(window)  # still editing: a new line, not the end
    h.qtbot.keyClicks(editor, "then a survey")
    h.press(editor, K.EDIT_KEEP.keys[0])
    assert "Welcome call\nthen a survey" in stored_texts(h, window)


@checks(K.EDIT_CANCEL)
def esc_leaves_the_note_as_it_was(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    before = stored_texts(h, window)
    editor = start_editing(h, window)
    h.qtbot.keyClicks(editor, " never kept")
    h.press(editor, shortcut.keys[0])
    assert not editing(window)
    assert stored_texts(h, window) == before


@checks(K.DELETE_NOTES)
def delete_the_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    first = keyboard_note(window)
    h.press(window.view, shortcut.keys[0])
    assert first not in window.document.board.notes and len(window.document.board.notes) == 2


@checks(K.DUPLICATE_NOTES)
def duplicate_the_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, shortcut.keys[0])
    texts = sorted(n.text for n in window.document.board.notes.values())
    assert texts == ["Checklist", "Video tour", "Welcome call", "Welcome call"]


@checks(K.GROUP)
def group_then_name_it(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, K.SELECT_NOTE.keys[0])
    h.press(window.view, K.NOTE_FOCUS.keys[0])
    h.press(window.view, K.SELECT_NOTE.keys[0])
    h.press(window.view, shortcut.keys[0])
    (cluster,) = window.document.board.clusters.values()
    assert len(window.document.board.cluster_members(cluster.id)) == 2
    assert editing(window)  # the keyboard is in the new cluster's name
    editor = h.focus()
    assert editor is not None
    h.qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    h.qtbot.keyClicks(editor, "First days")
    h.qtbot.keyClick(editor, Qt.Key.Key_Return)
    stored = h.repository.load_session(window.document.session_id).clusters
    assert [c.title for c in stored] == ["First days"]


@checks(K.UNGROUP)
def ungroup(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, K.SELECT_ALL.keys[0])
    h.press(window.view, K.GROUP.keys[0])
    h.press(h.focus() or window.view, "Return")  # keep the name it was given
    assert len(window.document.board.clusters) == 1
    window.view.setFocus()
    h.press(window.view, shortcut.keys[0])
    assert window.document.board.clusters == {}


@checks(K.JOIN_CLUSTER)
def put_a_note_into_a_chosen_cluster(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()  # the demo: five clusters, and two loose notes last
    document = window.document
    window.view.setFocus()
    h.press(window.view, K.NOTE_FOCUS.keys[1])  # Shift+Tab: the last note, a loose one
    loose = keyboard_note(window)
    before = document.board.notes[loose]
    assert before.cluster_id is None and window.scene.selected_note_ids() == []
    listed: list[str] = []

    def choose_the_second(dialog: QWidget) -> None:
        assert isinstance(dialog, ClusterChooser) and dialog.focusWidget() is dialog.list
        listed.extend(dialog.list.item(row).text() for row in range(dialog.list.count()))
        h.qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        h.qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    h.when_modal_opens(choose_the_second)
    h.press(window.view, shortcut.keys[0])
    assert len(listed) == len(document.board.clusters) and "Self-service  (" in listed[1]
    chosen = next(c for c in document.board.clusters.values() if c.title == "Self-service")
    stored = {n.id: n for n in h.repository.load_session(document.session_id).notes}
    assert stored[loose].cluster_id == chosen.id
    assert overlaps(board_layout(stored.values(), document.board.cluster_titles())) == []
    h.activate(window)
    h.press(window.view, K.UNDO.keys[0])  # one step takes it all back
    stored = {n.id: n for n in h.repository.load_session(document.session_id).notes}
    assert (stored[loose].cluster_id, stored[loose].x, stored[loose].y) == (
        None,
        before.x,
        before.y,
    )


@checks(K.NUDGE, K.NUDGE_FINE)
def arrows_nudge_the_selection(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, K.SELECT_NOTE.keys[0])
    note_id = keyboard_note(window)
    step = 10.0 if shortcut is K.NUDGE else 1.0
    moves = {"Left": (-step, 0.0), "Right": (step, 0.0), "Up": (0.0, -step), "Down": (0.0, step)}
    for keys in shortcut.keys:
        before = window.document.board.notes[note_id]
        h.press(window.view, keys)
        after = window.document.board.notes[note_id]
        dx, dy = moves[keys.split("+")[-1]]
        assert (after.x - before.x, after.y - before.y) == (dx, dy), keys


@checks(K.SELECT_ALL)
def select_every_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, shortcut.keys[0])
    assert len(window.scene.selected_note_ids()) == 3


@checks(K.CLEAR_SELECTION)
def select_no_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, K.SELECT_ALL.keys[0])
    assert len(window.scene.selected_note_ids()) == 3
    h.press(window.view, shortcut.keys[0])
    assert window.scene.selected_note_ids() == []
    assert len(window.document.board.notes) == 3  # nothing else happened to the board


@checks(K.PASTE_NOTES)
def paste_lines_as_notes(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    QApplication.clipboard().setText("Pre-filled accounts\nA buddy for week one")
    h.press(window.view, shortcut.keys[0])
    assert len(window.document.board.notes) == 5


@checks(K.MAKE_ACTION)
def make_an_action_from_the_keyboards_note(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    h.press(window.view, K.NOTE_FOCUS.keys[0])  # the second note, not selected
    h.press(window.view, shortcut.keys[0])
    h.qtbot.waitUntil(window.actions_dock.isVisible)
    (action,) = h.repository.load_session(window.document.session_id).action_items
    assert action.title == "Checklist"


@checks(K.ZOOM_IN, K.ZOOM_OUT)
def plus_and_minus_zoom_however_typed(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    larger = shortcut is K.ZOOM_IN
    symbol = Qt.Key.Key_Plus if larger else Qt.Key.Key_Minus
    unshifted = Qt.Key.Key_Equal if larger else Qt.Key.Key_Minus
    typings = [
        (symbol, Qt.KeyboardModifier.NoModifier),
        (symbol, Qt.KeyboardModifier.ShiftModifier),  # "+" is Shift+= on most keyboards
        (symbol, Qt.KeyboardModifier.KeypadModifier),
        (unshifted, Qt.KeyboardModifier.NoModifier),  # "=" meant as "+"
    ]
    h.press(window.view, shortcut.keys[0])
    for key, modifiers in typings:
        before = window.view.zoom
        h.qtbot.keyClick(window.view, key, modifiers)
        assert (window.view.zoom > before) if larger else (window.view.zoom < before)


@checks(K.FIT, K.HUNDRED)
def fit_and_back_to_a_hundred(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()  # the demo's thirty notes do not fit at 100 %
    window.view.setFocus()
    h.press(window.view, K.HUNDRED.keys[0])
    assert window.view.zoom == 1.0
    h.press(window.view, K.FIT.keys[0])
    assert window.view.zoom < 1.0
    if shortcut is K.HUNDRED:
        h.press(window.view, shortcut.keys[0])
        assert window.view.zoom == 1.0


@checks(K.NOTE_MENU)
def the_notes_menu_from_the_keyboard(h: Harness, shortcut: Shortcut) -> None:
    window = board_with_ideas(h)
    for keys in shortcut.keys:
        seen: list[str] = []

        def read_and_leave(menu: QMenu, seen: list[str] = seen) -> None:
            seen.extend(action.text() for action in menu.actions())
            h.qtbot.keyClick(menu, Qt.Key.Key_Escape)

        h.activate(window)  # offscreen Qt does not hand activation back after a popup
        window.view.setFocus()
        h.answer_popup(read_and_leave)
        h.press(window.view, keys)
        assert "&Edit text" in seen and "Make an &action" in seen, keys
        assert window.scene.selected_note_ids() == [keyboard_note(window)]
