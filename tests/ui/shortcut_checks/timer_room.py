"""The timer's keys (with the keyboard on it) and presentation mode's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui import shortcuts as K
from app.ui.room.window import AudienceWindow
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from tests.ui.shortcut_checks import Harness, checks

SAME_KEYS = {
    "+": [
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier),  # Shift+= on most keyboards
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier),
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier),
    ],
    "-": [
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.KeypadModifier),
        (Qt.Key.Key_Underscore, Qt.KeyboardModifier.ShiftModifier),
    ],
}
"""The other ways "+" and "−" are typed; each must work as the key itself."""


def timer_with_the_keyboard(h: Harness) -> SessionWindow:
    """A session about to start, the keyboard on its timer (F6 twice from the capture bar)."""
    window = h.fresh_window()
    for _ in range(2):
        h.press(h.focus() or window, K.NEXT_PANE.keys[0])
    assert h.focus() is window.timer_widget
    assert window.timer_widget.accessibleName() == "Timer"
    assert "10:00" in window.timer_widget.accessibleDescription()
    return window


def check_timer_key(h: Harness, window: SessionWindow, where, key: str) -> None:
    """Press one of the timer's keys in ``where`` and see the timer do it."""
    timer = window.timer
    if key == "Space":
        was = timer.running
        h.press(where, key)
        assert timer.running is not was
        h.press(where, key)
        assert timer.running is was
    elif key in ("+", "-"):
        step = 60 if key == "+" else -60
        before = timer.remaining()
        h.press(where, key)
        assert timer.remaining() == before + step, key
        for code, modifiers in SAME_KEYS[key]:
            before = timer.remaining()
            h.qtbot.keyClick(where, code, modifiers)
            assert timer.remaining() == before + step, (code, modifiers)
    elif key in ("N", "P"):
        if key == "P":
            h.press(where, "N")
        before = timer.position()[0]
        h.press(where, key)
        assert timer.position()[0] == before + (1 if key == "N" else -1)
    else:
        assert key == "R"
        full = timer.remaining()
        h.press(where, "Space")
        h.clock.advance(90)
        assert timer.remaining() == full - 90
        h.press(where, key)
        assert timer.remaining() == full


@checks(
    K.TIMER_TOGGLE, K.TIMER_MORE, K.TIMER_LESS, K.TIMER_NEXT, K.TIMER_PREVIOUS, K.TIMER_RESTART
)
def the_timers_own_keys(h: Harness, shortcut: Shortcut) -> None:
    window = timer_with_the_keyboard(h)
    check_timer_key(h, window, window.timer_widget, shortcut.keys[0])


def presenting(h: Harness, window: SessionWindow) -> AudienceWindow:
    """Presentation mode (F11), with the keyboard in it."""
    h.press(h.focus() or window, K.PRESENT.keys[0])
    room = window.room_view.window
    assert room is not None
    h.qtbot.waitUntil(room.isActiveWindow)
    return room


@checks(K.ROOM_TIMER)
def the_timer_from_presentation_mode(h: Harness, shortcut: Shortcut) -> None:
    window = h.fresh_window()
    room = presenting(h, window)
    for key in dict.fromkeys(shortcut.keys):
        check_timer_key(h, window, room, key)


@checks(K.ROOM_PAGE_NEXT, K.ROOM_PAGE_BACK)
def pages_in_presentation_mode(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    room = presenting(h, window)
    for _ in range(4):  # larger type: the board no longer fits, it pages
        h.press(room, K.ROOM_TEXT_LARGER.keys[0])
    assert room.canvas.page_count > 1
    for keys in shortcut.keys:
        if shortcut is K.ROOM_PAGE_NEXT:
            h.press(room, keys)
            assert room.canvas.page == 1, keys
            h.press(room, K.ROOM_PAGE_BACK.keys[0])
        else:
            h.press(room, K.ROOM_PAGE_NEXT.keys[0])
            h.press(room, keys)
            assert room.canvas.page == 0, keys
    assert not window.timer.running  # none of these is a timer key


@checks(K.ROOM_TEXT_LARGER, K.ROOM_TEXT_SMALLER, K.ROOM_TEXT_FIT)
def text_size_in_presentation_mode(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    room = presenting(h, window)
    fitted = room.canvas.room_layout.text_pixels
    if shortcut is K.ROOM_TEXT_SMALLER:
        # From a size above the smallest (the fitted one may be it, on a 1280×720 screen).
        h.press(room, K.ROOM_TEXT_LARGER.keys[0])
        larger = room.canvas.room_layout.text_pixels
        h.press(room, shortcut.keys[0])
        assert room.canvas.room_layout.text_pixels < larger
        return
    h.press(room, K.ROOM_TEXT_LARGER.keys[0] if shortcut is K.ROOM_TEXT_FIT else shortcut.keys[0])
    assert room.canvas.room_layout.text_pixels > fitted
    if shortcut is K.ROOM_TEXT_FIT:
        h.press(room, shortcut.keys[0])
        assert room.canvas.room_layout.text_pixels == fitted


@checks(K.ROOM_SPOTLIGHT)
def spotlight_from_presentation_mode(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    cluster = next(iter(window.document.board.clusters.values()))
    window.scene.select_notes([n.id for n in window.document.board.cluster_members(cluster.id)])
    room = presenting(h, window)
    h.press(room, shortcut.keys[0])
    assert window.room_view.spotlight is not None
    assert window.room_view.spotlight.cluster_id == cluster.id
    h.press(room, shortcut.keys[0])
    assert window.room_view.spotlight is None


@checks(K.ROOM_LEAVE)
def leave_presentation_mode(h: Harness, shortcut: Shortcut) -> None:
    window = h.session_window()
    for keys in shortcut.keys:
        h.activate(window)
        room = presenting(h, window)
        h.press(room, keys)
        assert window.room_view.window is None, keys
