"""The voting flow by keys alone: no dead end after the last voter, on the results, or back.

Every key here is pressed on the widget that has the keyboard
(``QApplication.focusWidget()``), as a facilitator's keyboard would send it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.core.types import RoundStatus
from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.shortcut_checks import Harness
from tests.ui.shortcut_checks.voting import names, on_the_curtain

TIE = (0, 1, 0, 1, 2)
"""Each voter's one dot, by item: the first two items tie at place 1."""


def focused(h: Harness) -> QWidget:
    """The widget with the keyboard; a test fails here if none has it (a dead end)."""
    widget = h.focus()
    assert widget is not None, "no widget has the keyboard"
    return widget


def vote_as_everyone(h: Harness, window: SessionWindow, picks: tuple[int, ...]) -> None:
    """Each voter in turn: Enter on their name, arrows to an item, Space, Enter."""
    ballot = window.voting.ballot
    for pick in picks:
        assert focused(h) in names(window)
        h.press(focused(h), K.CURTAIN_OPEN.keys[0])
        h.qtbot.waitUntil(lambda: h.focus() is ballot.cards[0])
        for _ in range(pick):
            h.press(focused(h), "Right")
        h.press(focused(h), K.BALLOT_ADD.keys[0])
        h.press(focused(h), K.BALLOT_DONE.keys[0])
        assert window.voting.currentWidget() is window.voting.curtain


def stored_rounds(h: Harness, window: SessionWindow) -> list[RoundStatus]:
    return [r.status for r in h.repository.load_session(window.document.session_id).vote_rounds]


def tab_stops(h: Harness, window: SessionWindow, start: QWidget, keys: str) -> list[QWidget]:
    """Where Tab (or Shift+Tab) takes the keyboard from ``start``, while on the results."""
    start.setFocus()
    seen: list[QWidget] = []
    for _ in range(12):
        h.press(focused(h), keys)
        if not window.voting.results.isAncestorOf(focused(h)):
            break
        seen.append(focused(h))
    return seen


@pytest.mark.parametrize("keys", [K.CLOSE_ROUND.keys[0], "Return"], ids=["Ctrl+Enter", "Enter"])
def test_after_the_last_voter_the_keyboard_is_on_close_the_round(harness: Harness, keys: str):
    h = harness
    window = on_the_curtain(h)
    vote_as_everyone(h, window, TIE)
    assert focused(h) is window.voting.curtain.close_button
    h.press(focused(h), keys)  # everyone voted: no question, it closes
    assert stored_rounds(h, window) == [RoundStatus.CLOSED]
    assert window.voting.currentWidget() is window.voting.results


def test_tab_reaches_the_curtains_own_buttons_and_enter_presses_them(harness: Harness):
    h = harness
    window = on_the_curtain(h)
    curtain = window.voting.curtain
    for _ in names(window):  # Tab in the screen's order: the names, then the row under them
        h.press(focused(h), "Tab")
    assert focused(h) is curtain.close_button
    h.press(focused(h), "Tab")  # past Vote again… (nobody has voted) and Live results (blind)
    assert focused(h) is curtain.board_button
    h.press(focused(h), "Return")
    assert not window.voting_controller.showing
    assert focused(h) is window.capture_bar.idea_edit
    assert stored_rounds(h, window) == [RoundStatus.OPEN]  # Enter pressed only that button


def test_the_results_start_on_their_first_action_and_tab_follows_the_screen(harness: Harness):
    h = harness
    window = on_the_curtain(h)
    vote_as_everyone(h, window, TIE)
    h.press(focused(h), "Return")
    results = window.voting.results
    (runoff,) = results.runoff_buttons
    assert focused(h) is runoff  # the first action on screen: the tie's runoff
    bottom = [results.reopen_button, results.matrix_button, results.new_button]
    assert tab_stops(h, window, runoff, "Tab") == [*bottom, results.board_button]
    assert tab_stops(h, window, runoff, "Shift+Tab") == [results.ranking_area]


def test_enter_presses_the_focused_results_button(harness: Harness):
    h = harness
    window = on_the_curtain(h)
    vote_as_everyone(h, window, TIE)
    h.press(focused(h), "Return")  # close
    h.press(focused(h), "Return")  # the runoff between the two tied items
    rounds = h.repository.load_session(window.document.session_id).vote_rounds
    assert [r.status for r in rounds] == [RoundStatus.CLOSED, RoundStatus.OPEN]
    assert rounds[1].runoff_of == rounds[0].id and len(rounds[1].item_ids) == 2
    assert focused(h) is names(window)[0]  # its curtain, on the first name
    vote_as_everyone(h, window, (0, 0, 0, 1, 1))
    h.press(focused(h), "Return")  # close the runoff
    results = window.voting.results
    assert focused(h) is results.reopen_button  # no tie now: the bottom row's first
    results.board_button.setFocus()
    h.press(focused(h), "Return")
    assert not window.voting_controller.showing
    assert focused(h) is window.capture_bar.idea_edit


def test_every_tab_stop_of_the_results_shows_a_ring(harness: Harness):
    h = harness
    window = on_the_curtain(h)
    vote_as_everyone(h, window, TIE)
    h.press(focused(h), "Return")  # close: the results of a round with a tie
    results = window.voting.results
    results.round_combo.show()  # as with several rounds: the picker is a stop too
    first = focused(h)
    stops = [*reversed(tab_stops(h, window, first, "Shift+Tab")), first]
    stops += tab_stops(h, window, first, "Tab")
    assert stops[:2] == [results.round_combo, results.ranking_area]
    assert len(set(stops)) == len(stops) == 7  # picker, ranking, the runoff, four buttons
    for stop in stops:
        stop.setFocus()
        h.qtbot.waitUntil(stop.hasFocus)
        with_ring = stop.grab().toImage()
        window.timer_widget.setFocus()  # the keyboard elsewhere, outside the page

        def elsewhere(widget: QWidget = stop) -> bool:
            return not widget.hasFocus()

        h.qtbot.waitUntil(elsewhere)
        assert stop.grab().toImage() != with_ring, type(stop).__name__


def test_back_from_voting_in_the_vote_phase_the_keyboard_is_in_the_capture_bar(
    harness: Harness,
):
    h = harness
    window = h.fresh_window()
    for _ in range(2):  # Ideas, Silent ideas, then the vote: its flow takes the board's place
        h.press(focused(h), K.NEXT_PHASE.keys[0])
    assert window.voting.currentWidget() is window.voting.start_page
    assert not window.capture_bar.isVisible()  # the vote phase hides the bar
    assert focused(h) is window.voting.new_button
    asked: list[QWidget] = []

    def cancel(dialog: QWidget) -> None:
        asked.append(dialog)
        h.qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    h.when_modal_opens(cancel)
    h.press(focused(h), "Return")  # Enter presses New vote round…
    assert len(asked) == 1 and isinstance(asked[0], RoundDialog)
    h.activate(window)
    h.press(focused(h), K.BACK_TO_BOARD.keys[0])
    assert not window.voting_controller.showing
    assert window.capture_bar.isVisible() and focused(h) is window.capture_bar.idea_edit
    h.qtbot.keyClicks(focused(h), "A late idea")
    h.press(focused(h), K.ADD_NOTE.keys[0])
    notes = h.repository.load_session(window.document.session_id).notes
    assert [n.text for n in notes] == ["A late idea"]
    assert QApplication.focusWidget() is window.capture_bar.idea_edit
