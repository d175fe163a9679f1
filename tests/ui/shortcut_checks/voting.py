"""The curtain's keys and a ballot's, on the one shared screen."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.core.types import RoundStatus
from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from app.ui.voting.ballot import COLUMNS as BALLOT_COLUMNS
from app.ui.voting.curtain import COLUMNS as CURTAIN_COLUMNS
from tests.ui.board_helpers import type_idea
from tests.ui.shortcut_checks import Harness, checks

IDEAS = ("Welcome call", "Checklist", "Video tour", "Pre-filled accounts", "A buddy")


def on_the_curtain(h: Harness) -> SessionWindow:
    """Five ideas, and a round set up and started with Ctrl+Shift+V and Enter."""
    window = h.fresh_window()
    for idea in IDEAS:
        type_idea(h.qtbot, window, idea)
    h.when_modal_opens(lambda dialog: h.qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return))
    h.press(window.capture_bar.idea_edit, K.VOTE.keys[0])
    assert window.voting.currentWidget() is window.voting.curtain
    h.activate(window)  # offscreen Qt does not hand activation back after a dialog
    assert h.focus() is names(window)[0]  # the first name not yet voted
    return window


def names(window: SessionWindow) -> list[QPushButton]:
    return list(window.voting.curtain.name_buttons.values())


def has_focus(h: Harness, widget: QWidget) -> bool:
    return h.focus() is widget


def on_a_ballot(h: Harness) -> SessionWindow:
    """The first voter's ballot open, the keyboard on its first item."""
    window = on_the_curtain(h)
    h.press(names(window)[0], K.CURTAIN_OPEN.keys[0])
    assert window.voting.currentWidget() is window.voting.ballot
    h.qtbot.waitUntil(lambda: h.focus() is window.voting.ballot.cards[0])
    return window


@checks(K.CURTAIN_MOVE)
def arrows_and_tab_move_between_names(h: Harness, shortcut: Shortcut) -> None:
    window = on_the_curtain(h)
    buttons = names(window)
    moves = {"Right": 1, "Left": 0, "Down": CURTAIN_COLUMNS, "Up": 0, "Tab": 1}
    for keys in shortcut.keys:
        h.press(h.focus() or window, keys)
        assert h.focus() is buttons[moves[keys]], keys
        buttons[0].setFocus()
    described = buttons[0].accessibleDescription()
    assert buttons[0].accessibleName() == "Vote as Maya Chen" and "ballot" in described


@checks(K.CURTAIN_OPEN)
def enter_or_space_opens_a_ballot(h: Harness, shortcut: Shortcut) -> None:
    window = on_the_curtain(h)
    for voter, keys in enumerate(shortcut.keys):
        button = h.focus()
        assert button is names(window)[voter]  # the next name not yet voted
        h.press(button, keys)
        ballot = window.voting.ballot
        assert window.voting.currentWidget() is ballot, keys
        first_item = ballot.cards[0]
        h.qtbot.waitUntil(partial(has_focus, h, first_item))
        h.press(first_item, K.BALLOT_ADD.keys[0])
        h.press(first_item, K.BALLOT_DONE.keys[0])
        assert window.voting.currentWidget() is window.voting.curtain
        h.qtbot.waitUntil(partial(has_focus, h, names(window)[voter + 1]))


@checks(K.CLOSE_ROUND)
def ctrl_enter_closes_the_round_after_asking(h: Harness, shortcut: Shortcut) -> None:
    window = on_the_curtain(h)
    for answer, closed in ((Qt.Key.Key_Escape, False), (Qt.Key.Key_Return, True)):
        questions: list[str] = []

        def reply(box: QWidget, key: Qt.Key = answer, asked: list[str] = questions) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            h.qtbot.keyClick(box.focusWidget() or box, key)

        h.activate(window)
        names(window)[0].setFocus()
        h.when_modal_opens(reply)
        h.press(names(window)[0], shortcut.keys[0])
        assert questions and "have not voted yet" in questions[0]
        rounds = h.repository.load_session(window.document.session_id).vote_rounds
        assert (rounds[-1].status is RoundStatus.CLOSED) is closed


@checks(K.BALLOT_MOVE)
def arrows_move_between_items(h: Harness, shortcut: Shortcut) -> None:
    window = on_a_ballot(h)
    cards = window.voting.ballot.cards
    moves = {"Right": 1, "Left": 0, "Down": BALLOT_COLUMNS, "Up": 0}
    for keys in shortcut.keys:
        h.press(h.focus() or window, keys)
        assert h.focus() is cards[moves[keys]], keys
    assert cards[0].accessibleName() == IDEAS[0]


@checks(K.BALLOT_ADD, K.BALLOT_REMOVE, K.BALLOT_UNDO)
def dots_on_and_off(h: Harness, shortcut: Shortcut) -> None:
    window = on_a_ballot(h)
    ballot = window.voting.ballot
    card = ballot.cards[0]
    h.press(card, K.BALLOT_ADD.keys[0])
    assert ballot.ballot.used == 1 and "1 of your dots here" in card.accessibleDescription()
    if shortcut is K.BALLOT_UNDO:
        h.press(card, shortcut.keys[0])
        assert ballot.ballot.used == 0
    for keys in shortcut.keys if shortcut is K.BALLOT_REMOVE else ():
        h.press(card, keys)
        assert ballot.ballot.used == 0, keys
        h.press(card, K.BALLOT_ADD.keys[0])


@checks(K.BALLOT_DONE)
def enter_hides_the_votes(h: Harness, shortcut: Shortcut) -> None:
    window = on_a_ballot(h)
    h.press(window.voting.ballot.cards[0], K.BALLOT_ADD.keys[0])
    h.press(window.voting.ballot.cards[0], shortcut.keys[0])
    assert window.voting.currentWidget() is window.voting.curtain
    (stored,) = h.repository.load_session(window.document.session_id).vote_rounds
    assert len(stored.finished_voter_ids) == 1
