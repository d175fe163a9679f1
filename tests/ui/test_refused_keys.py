"""A key that cannot act says why, where the facilitator is looking, and changes nothing."""

from __future__ import annotations

from app.core.room_layout import TEXT_SIZES
from app.ui import shortcuts as K
from app.ui.board.cluster_chooser import NO_CLUSTER_YET
from app.ui.board.controller import NOTHING_CHOSEN
from app.ui.room.controller import NOT_OPEN
from app.ui.session_window import SessionWindow
from app.ui.similar.hint import NO_HINT
from app.ui.similar.stacks import MERGE_NEEDS_TWO, OPEN_NEEDS_A_STACK
from app.ui.timer.widget import AT_THE_END, NO_PHASE
from tests.ui.shortcut_checks import Harness
from tests.ui.shortcut_checks.board import board_with_ideas
from tests.ui.shortcut_checks.timer_room import presenting, timer_with_the_keyboard


def said(window: SessionWindow) -> str:
    return window.statusBar().currentMessage()


def stored(h: Harness, window: SessionWindow) -> tuple[object, ...]:
    """Everything a key could have changed, as stored."""
    session = h.repository.load_session(window.document.session_id)
    return session.notes, session.clusters, session.action_items


def test_ctrl_m_with_several_notes_selected_says_why(harness: Harness):
    h = harness
    window = board_with_ideas(h)
    h.press(window.view, K.SELECT_NOTE.keys[0])
    h.press(window.view, K.NOTE_FOCUS.keys[0])
    h.press(window.view, K.SELECT_NOTE.keys[0])
    assert len(window.scene.selected_note_ids()) == 2
    before = stored(h, window)
    h.press(window.view, K.MAKE_ACTION.keys[0])
    assert said(window).startswith("An action is made from one note; 2 are selected")
    assert not window.actions_dock.isVisible() and stored(h, window) == before


BOARD_KEYS = {
    K.DELETE_NOTES: NOTHING_CHOSEN,
    K.DUPLICATE_NOTES: NOTHING_CHOSEN,
    K.EDIT_NOTE: NOTHING_CHOSEN,
    K.GROUP: NOTHING_CHOSEN,
    K.UNGROUP: NOTHING_CHOSEN,
    K.JOIN_CLUSTER: NOTHING_CHOSEN,
    K.MAKE_ACTION: NOTHING_CHOSEN,
    K.MERGE_NOTES: MERGE_NEEDS_TWO,
    K.OPEN_STACK: OPEN_NEEDS_A_STACK,
    K.REVEAL: "No note is face down.",
}


def test_every_board_key_on_an_empty_board_says_why(harness: Harness):
    h = harness
    window = h.fresh_window()
    h.press(window.capture_bar.idea_edit, K.NEXT_PANE.keys[0])
    assert h.focus() is window.view and not window.document.board.notes
    for shortcut, reason in BOARD_KEYS.items():
        window.statusBar().clearMessage()
        h.press(window.view, shortcut.keys[0])
        assert said(window) == reason, shortcut.what
    assert stored(h, window) == ((), (), ())


def test_the_key_says_the_reason_of_its_place(harness: Harness):
    h = harness
    window = board_with_ideas(h)  # the keyboard on a note, and no cluster yet
    h.press(window.view, K.JOIN_CLUSTER.keys[0])
    assert said(window) == NO_CLUSTER_YET
    h.press(window.view, K.UNGROUP.keys[0])
    assert said(window) == "No chosen note is in a cluster."
    window.capture_bar.focus_idea()  # the same keys, in the capture bar: its own action
    h.press(window.capture_bar.idea_edit, K.MERGE_HINTED.keys[0])
    assert said(window) == NO_HINT
    window.statusBar().clearMessage()
    h.press(window.capture_bar.idea_edit, "Del")  # the board's Delete is not the bar's
    assert said(window) == ""


def test_the_rooms_keys_say_why_on_the_rooms_view(harness: Harness):
    h = harness
    window = h.session_window()
    h.press(window.capture_bar.idea_edit, K.ROOM_NEXT.keys[0])  # no room's view yet
    assert said(window) == NOT_OPEN
    assert window.scene.selected_note_ids() == []
    room = presenting(h, window)  # full screen: it covers the status bar
    window.statusBar().clearMessage()
    h.press(room, K.ROOM_SPOTLIGHT.keys[0])
    assert room.notice.isVisible() and not room.hint.isVisible()
    assert room.notice.text().startswith("Nothing is selected on the board")
    assert window.room_view.spotlight is None and said(window) == ""
    h.press(room, K.ROOM_PAGE_BACK.keys[0])  # on the first page already
    assert room.notice.text() == "That is the first page."
    smallest = min(TEXT_SIZES)
    while room.canvas.room_layout.text_pixels > smallest:
        h.press(room, K.ROOM_TEXT_SMALLER.keys[0])
    h.press(room, K.ROOM_TEXT_SMALLER.keys[0])
    assert room.notice.text() == f"The text is at its smallest already ({smallest} px)."


def test_the_timers_keys_at_either_end_say_why(harness: Harness):
    h = harness
    window = timer_with_the_keyboard(h)  # the first of three phases
    h.press(window.timer_widget, K.TIMER_PREVIOUS.keys[0])
    assert said(window) == AT_THE_END[K.TIMER_PREVIOUS] and window.timer.position()[0] == 1
    room = presenting(h, window)
    h.press(room, K.TIMER_PREVIOUS.keys[0])
    assert room.notice.isVisible() and room.notice.text() == AT_THE_END[K.TIMER_PREVIOUS]
    for _ in range(2):
        h.press(room, K.TIMER_NEXT.keys[0])
    h.press(room, K.TIMER_NEXT.keys[0])  # the third is the last
    assert room.notice.text() == AT_THE_END[K.TIMER_NEXT] and window.timer.position()[0] == 3


def test_the_timers_keys_with_every_phase_done_say_so(harness: Harness):
    h = harness
    window = h.session_window()  # the demo: every phase is done
    assert window.timer.phase is None
    room = presenting(h, window)
    for shortcut in (K.TIMER_TOGGLE, K.TIMER_PREVIOUS, K.TIMER_RESTART):
        room.notice.clear()
        h.press(room, shortcut.keys[0])
        assert room.notice.text() == NO_PHASE, shortcut.what
    assert window.timer.phase is None
