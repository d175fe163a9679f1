"""The phones' key: on (through the network dialog) and then its panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.ui import shortcuts as K
from app.ui.phones.networks import NetworkDialog
from app.ui.shortcuts import Shortcut
from tests.ui.shortcut_checks import Harness, checks


@checks(K.PHONES)
def phones_go_on_from_the_keyboard_and_the_key_then_shows_their_panel(
    h: Harness, shortcut: Shortcut
) -> None:
    window = h.fresh_window()
    offered: list[str] = []

    def this_computer(dialog: QWidget) -> None:
        assert isinstance(dialog, NetworkDialog) and dialog.choice.count() >= 1
        offered.extend(dialog.choice.itemText(i) for i in range(dialog.choice.count()))
        dialog.choice.setFocus()
        h.qtbot.keyClick(dialog.choice, Qt.Key.Key_End)  # this computer only: listed last
        h.qtbot.keyClick(dialog.choice, Qt.Key.Key_Return)

    h.when_modal_opens(this_computer)
    h.press(window.capture_bar.idea_edit, shortcut.keys[0])
    assert offered[-1].startswith("127.0.0.1")
    try:
        assert window.phones.running and window.phones.dock.isVisible()
        assert (window.phones.join_address or "").startswith("http://127.0.0.1:")
        h.activate(window)
        window.phones.dock.hide()
        h.press(window.capture_bar.idea_edit, shortcut.keys[0])  # on: the panel again
        h.qtbot.waitUntil(window.phones.dock.isVisible)
        assert h.focus() is window.phones.dock.panel.stop_button
        h.press(window.phones.dock.panel.stop_button, "Space")
        assert not window.phones.running
    finally:
        window.phones.stop()
