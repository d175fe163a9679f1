"""What a screen reader is told about the custom widgets, read through QAccessible."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from app.ui import shortcuts as K
from tests.ui.shortcut_checks import Harness
from tests.ui.shortcut_checks.board import board_with_ideas
from tests.ui.shortcut_checks.voting import names, on_a_ballot


def said(widget: QWidget) -> tuple[str, str]:
    """(name, description) as the accessibility interface gives them."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def test_the_timer_says_its_time_and_state(harness: Harness):
    window = harness.fresh_window()
    name, description = said(window.timer_widget)
    assert name == "Timer"
    assert description.startswith("10:00, Ideas") and "ready" in description
    harness.press(window.capture_bar.idea_edit, K.START_PAUSE.keys[0])
    assert "running" in said(window.timer_widget)[1]
    assert said(window.timer_widget.previous_button)[0] == "Previous phase"


def test_the_board_says_which_note_has_the_keyboard(harness: Harness):
    window = board_with_ideas(harness)
    name, description = said(window.view)
    assert name == "Board"
    assert description.startswith("Note 1 of 3. Welcome call") and "not selected" in description
    harness.press(window.view, K.SELECT_NOTE.keys[0])
    assert said(window.view)[1].endswith("selected") and "not selected" not in said(window.view)[1]
    harness.press(window.view, K.NOTE_FOCUS.keys[0])
    assert said(window.view)[1].startswith("Note 2 of 3. Checklist")


def test_curtain_names_and_ballot_items_say_what_they_are(harness: Harness):
    window = on_a_ballot(harness)
    card = window.voting.ballot.cards[0]
    assert said(card) == (
        "Welcome call",
        "None of your dots here. Space adds a dot, Backspace takes one back, Enter is done.",
    )
    harness.press(card, K.BALLOT_ADD.keys[0])
    assert said(card)[1].startswith("1 of your dots here.")
    harness.press(card, K.BALLOT_DONE.keys[0])
    done, waiting = names(window)[0], names(window)[1]
    assert said(done) == ("Maya Chen, has voted", "Already voted")
    assert said(waiting) == ("Vote as Jonas Weber", "Enter or Space opens this person's ballot")
