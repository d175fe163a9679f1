"""The session window's own keys, and the capture bar's."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.core.session_ops import build_session
from app.ui import shortcuts as K
from app.ui.export_flow import ExportDialog
from app.ui.session_window import SessionWindow
from app.ui.shortcut_help import ShortcutHelp
from app.ui.shortcuts import Shortcut
from app.ui.timer.agenda_dialog import AgendaDialog
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.board_helpers import type_idea
from tests.ui.shortcut_checks import FRESH, Harness, checks


def anywhere(window: SessionWindow) -> list[QWidget]:
    """Where the keyboard is during a session: the capture bar, then the board."""
    return [window.capture_bar.idea_edit, window.view]


def escape_from(h: Harness, kind: type, seen: list[QWidget]):
    """A handler that notes a dialog of ``kind`` and leaves it with Esc."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, kind), dialog
        seen.append(dialog)
        h.qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    return handle


@checks(K.HELP)
def help_lists_every_shortcut_by_place(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    shown = window.findChild(ShortcutHelp)
    assert shown is not None and shown.isVisible()
    assert shown.windowTitle() == "Keyboard shortcuts"
    rows = shown.rows()
    assert (K.BOARD, "") in rows and ("Ctrl+G", K.GROUP.what) in rows


@checks(K.UNDO, K.REDO)
def undo_and_redo_a_note(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    for place in anywhere(window):
        for keys in shortcut.keys:
            type_idea(h.qtbot, window, "Welcome call")
            count = len(window.document.board.notes)
            place.setFocus()
            h.press(place, K.UNDO.keys[0])
            assert len(window.document.board.notes) == count - 1
            if shortcut is K.REDO:
                h.press(place, keys)
                assert len(window.document.board.notes) == count


@checks(K.NEXT_PANE, K.PREVIOUS_PANE)
def panes_in_turn(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    assert h.focus() is window.capture_bar.idea_edit  # where a session opens
    panes = window.panes()
    assert panes[:3] == [window.capture_bar.idea_edit, window.view, window.timer_widget]
    order = panes if shortcut is K.NEXT_PANE else [panes[0], *reversed(panes[1:])]
    for expected in [*order[1:], order[0]]:
        h.press(h.focus() or window, shortcut.keys[0])
        focus = h.focus()
        assert focus is expected or (focus is not None and expected.isAncestorOf(focus))


@checks(K.FIND_NOTES)
def find_and_clear(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert h.focus() is window.find_bar.search_edit
    h.qtbot.keyClicks(window.find_bar.search_edit, "supplier")
    assert "of 30 notes" in window.find_bar.count_label.text()
    h.press(window.find_bar.search_edit, K.FIND_CLEAR.keys[0])
    assert window.find_bar.search_edit.text() == ""


@checks(K.FIND_CLEAR)
def esc_in_the_find_box_shows_every_note_again(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, K.FIND_NOTES.keys[0])
    h.qtbot.keyClicks(window.find_bar.search_edit, "supplier")
    items = window.scene.note_items.values()
    assert any(item.dimmed for item in items)  # the notes that do not match are dimmed
    h.press(window.find_bar.search_edit, shortcut.keys[0])
    assert window.find_bar.search_edit.text() == ""
    assert not any(item.dimmed or item.highlighted for item in items)


@checks(K.REVEAL)
def reveal_from_the_capture_bar(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    h.press(window.capture_bar.idea_edit, K.NEXT_PHASE.keys[0])  # the silent phase
    type_idea(h.qtbot, window, "secret idea")
    type_idea(h.qtbot, window, "another")
    assert len(window.document.board.hidden_notes()) == 2
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])  # where the keyboard is
    assert window.document.board.hidden_notes() == []


@checks(K.START_PAUSE)
def start_and_pause_while_typing(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    for place in anywhere(window):
        place.setFocus()
        h.press(place, shortcut.keys[0])
        assert window.timer.running
        h.press(place, shortcut.keys[0])
        assert not window.timer.running


@checks(K.MINUTE_MORE, K.MINUTE_LESS)
def a_minute_more_or_less(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    step = 60 if shortcut is K.MINUTE_MORE else -60
    for keys in shortcut.keys:
        before = window.timer.remaining()
        h.press(window.capture_bar.idea_edit, keys)
        assert window.timer.remaining() == before + step


@checks(K.NEXT_PHASE, K.PREVIOUS_PHASE)
def phases_forward_and_back(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    if shortcut is K.PREVIOUS_PHASE:
        h.press(window.capture_bar.idea_edit, K.NEXT_PHASE.keys[0])
    before = window.timer.position()[0]
    h.press(h.focus() or window, shortcut.keys[0])
    step = 1 if shortcut is K.NEXT_PHASE else -1
    assert window.timer.position()[0] == before + step


@checks(K.UNLOCK)
def unlock_a_board_locked_at_zero(h: Harness, shortcut: Shortcut) -> None:
    session = build_session(FRESH)
    first = replace(session.phases[0], lock_at_zero=True)
    window = h.session_window(replace(session, phases=(first, *session.phases[1:])))
    h.press(window.capture_bar.idea_edit, K.START_PAUSE.keys[0])
    h.clock.advance(601)
    window.timer.check()  # the tick the clock would have given
    assert window.timer.board_locked
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert not window.timer.board_locked


@checks(K.AGENDA)
def agenda_opens_its_editor(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    seen: list[QWidget] = []
    h.when_modal_opens(escape_from(h, AgendaDialog, seen))
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert len(seen) == 1


@checks(K.CAPTURE_BAR, K.PEOPLE_PANEL, K.ACTIONS_PANEL)
def panels_show_and_hide(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    panel = {
        K.CAPTURE_BAR: window.capture_bar,
        K.PEOPLE_PANEL: window.panel,
        K.ACTIONS_PANEL: window.actions_dock,
    }[shortcut]
    shown = panel.isVisible()
    window.view.setFocus()
    h.press(window.view, shortcut.keys[0])
    h.qtbot.waitUntil(lambda: panel.isVisible() is not shown)
    h.press(h.focus() or window, shortcut.keys[0])
    h.qtbot.waitUntil(lambda: panel.isVisible() is shown)


@checks(K.PRESENT)
def presentation_mode_fills_the_screen(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    room = window.room_view.window
    assert room is not None and room.isFullScreen() and room.controls


@checks(K.PROJECT)
def projector_with_one_screen_says_what_to_do(h: Harness, shortcut: Shortcut) -> None:
    # With two screens the same key puts the room's view there: tests/ui/test_projector.py.
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert window.room_view.window is None
    assert "Presentation mode (F11)" in window.statusBar().currentMessage()


def open_room(h: Harness, window: SessionWindow):
    """Presentation mode open, with the keyboard back in the session window."""
    h.press(window.capture_bar.idea_edit, K.PRESENT.keys[0])
    room = window.room_view.window
    assert room is not None
    h.activate(window)
    return room


@checks(K.SPOTLIGHT)
def spotlight_the_selection(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    open_room(h, window)
    cluster = next(iter(window.document.board.clusters.values()))
    window.scene.select_notes([n.id for n in window.document.board.cluster_members(cluster.id)])
    window.view.setFocus()
    h.press(window.view, shortcut.keys[0])
    assert window.room_view.spotlight is not None
    assert window.room_view.spotlight.cluster_id == cluster.id
    h.press(window.view, shortcut.keys[0])
    assert window.room_view.spotlight is None


@checks(K.ROOM_LARGER, K.ROOM_SMALLER, K.ROOM_FIT, K.ROOM_NEXT, K.ROOM_PREVIOUS)
def the_rooms_text_and_pages_from_the_laptop(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    room = open_room(h, window)
    fitted = room.canvas.room_layout.text_pixels
    keys = window.capture_bar.idea_edit
    if shortcut is K.ROOM_LARGER:
        h.press(keys, shortcut.keys[0])
        assert room.canvas.room_layout.text_pixels > fitted
        return
    if shortcut is K.ROOM_SMALLER:
        h.press(keys, K.ROOM_LARGER.keys[0])  # the fitted size may be the smallest, 18 px
        larger = room.canvas.room_layout.text_pixels
        h.press(keys, shortcut.keys[0])
        assert room.canvas.room_layout.text_pixels < larger
        return
    for _ in range(4):  # larger type: the board no longer fits, it pages
        h.press(keys, K.ROOM_LARGER.keys[0])
    assert room.canvas.page_count > 1
    if shortcut is K.ROOM_FIT:
        h.press(keys, shortcut.keys[0])
        assert window.room_view.text_pixels is None
        assert room.canvas.room_layout.text_pixels == fitted
        return
    h.press(keys, K.ROOM_NEXT.keys[0])
    assert room.canvas.page == 1
    if shortcut is K.ROOM_PREVIOUS:
        h.press(keys, shortcut.keys[0])
        assert room.canvas.page == 0


@checks(K.VOTE)
def vote_sets_a_round_up_then_shows_its_curtain(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    for idea in ("Welcome call", "Checklist", "Video tour"):
        type_idea(h.qtbot, window, idea)
    started: list[QWidget] = []

    def start(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        assert dialog.focusWidget() is dialog.dots_spin
        started.append(dialog)
        h.qtbot.keyClick(dialog.dots_spin, Qt.Key.Key_Return)

    h.when_modal_opens(start)
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert started and window.voting.currentWidget() is window.voting.curtain
    h.activate(window)
    h.press(window.capture_bar.idea_edit, K.BACK_TO_BOARD.keys[0])
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])  # the open round: its curtain
    assert window.voting_controller.showing and len(started) == 1


@checks(K.BACK_TO_BOARD)
def back_to_the_board_and_the_capture_bar(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    type_idea(h.qtbot, window, "Welcome call")
    h.when_modal_opens(lambda dialog: h.qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return))
    h.press(window.capture_bar.idea_edit, K.VOTE.keys[0])
    h.activate(window)
    curtain = window.voting.curtain
    next(iter(curtain.name_buttons.values())).setFocus()
    h.press(h.focus() or window, shortcut.keys[0])
    assert window.pages.currentWidget() is not window.voting
    assert h.focus() is window.capture_bar.idea_edit


@checks(K.EXPORT)
def export_offers_pdf_minutes_first(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    seen: list[QWidget] = []
    h.when_modal_opens(escape_from(h, ExportDialog, seen))
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert len(seen) == 1
    dialog = seen[0]
    assert isinstance(dialog, ExportDialog) and dialog.choice()[0] == "pdf"


@checks(K.CLOSE)
def close_the_window(h: Harness, shortcut: Shortcut) -> None:
    library = h.library()  # which opens session windows, and lets them go when closed
    session_id = h.repository.list_sessions()[0].id
    window = library.sessions.open_session(session_id)
    h.activate(window)
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    h.qtbot.waitUntil(lambda: session_id not in library.sessions.open_windows())


@checks(K.ADD_NOTE)
def enter_adds_and_stays(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    h.qtbot.keyClicks(window.capture_bar.idea_edit, "Welcome call")
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    stored = h.repository.load_session(window.document.session_id).notes
    assert [n.text for n in stored] == ["Welcome call"]
    assert h.focus() is window.capture_bar.idea_edit and window.capture_bar.idea_edit.text() == ""


@checks(K.CHOOSE_AUTHOR)
def up_and_down_pick_who_said_it(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    combo = window.capture_bar.author_combo
    start = combo.currentIndex()
    h.press(window.capture_bar.idea_edit, "Down")
    assert combo.currentIndex() == start + 1
    h.press(window.capture_bar.idea_edit, "Up")
    assert combo.currentIndex() == start
    assert shortcut.keys == ("Up", "Down")


@checks(K.BUILDS_ON)
def ctrl_b_builds_the_next_note_on_the_selected_one(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    bar, document = window.capture_bar, window.document
    parent = next(iter(document.board.notes.values()))
    window.scene.select_notes([parent.id])
    h.press(bar.idea_edit, shortcut.keys[0])
    assert bar.builds_on_id == parent.id and bar.builds_on_row.isVisible()
    assert bar.builds_on_label.text().startswith(f"Builds on: “{parent.text.split()[0]}")
    h.qtbot.keyClicks(bar.idea_edit, "Do it per department")
    h.press(bar.idea_edit, "Return")
    stored = {n.text: n for n in h.repository.load_session(document.session_id).notes}
    assert stored["Do it per department"].builds_on == parent.id
    assert document.undo_stack.undoText() == "Add 1 note"  # one step, the link with it
    window.scene.select_notes([parent.id])
    h.press(window.view, shortcut.keys[0])  # again, from the board: builds on nothing
    assert bar.builds_on_id is None and not bar.builds_on_row.isVisible()


@checks(K.PASTE_LINES)
def pasted_lines_are_notes(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    QApplication.clipboard().setText("Welcome call\nChecklist\n")
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    stored = h.repository.load_session(window.document.session_id).notes
    assert sorted(n.text for n in stored) == ["Checklist", "Welcome call"]


@checks(K.REVIEW_OUTCOMES)
def review_outcomes_lists_last_times_experiments(h: Harness, shortcut: Shortcut) -> None:
    from app.core.demo import build_demo_session
    from app.ui.review import ReviewOutcomesDialog
    from tests.ui.windows import open_session

    demo = h.store(build_demo_session())
    follow_up = h.repository.duplicate_as_template(demo.id, review=True)
    window = open_session(h.qtbot, h.repository, h.settings, follow_up.id, clock=h.clock)
    seen: list[QWidget] = []
    h.when_modal_opens(escape_from(h, ReviewOutcomesDialog, seen))
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    h.qtbot.waitUntil(lambda: len(seen) == 1)
    dialog = seen[0]
    assert isinstance(dialog, ReviewOutcomesDialog)
    assert dialog.list.count() == len([a for a in demo.action_items if a.status.value != "done"])
