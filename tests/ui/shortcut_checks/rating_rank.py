"""A rating ballot's keys and a rank ballot's, pressed on the shared screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.core.types import RoundKind
from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.shortcuts import Shortcut
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.round_dialog import KINDS, RoundDialog
from tests.ui.board_helpers import type_idea
from tests.ui.shortcut_checks import Harness, checks

IDEAS = tuple(f"Idea {n}" for n in range(1, 11))


def round_of(h: Harness, kind: RoundKind, ideas: int) -> SessionWindow:
    """``ideas`` ideas typed, a round of ``kind`` set up with keys (Ctrl+Shift+V, Down, Enter)."""
    window = h.fresh_window()
    for idea in IDEAS[:ideas]:
        type_idea(h.qtbot, window, idea)

    def set_up(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        dialog.kind_combo.setFocus()
        for _ in range([k for k, _ in KINDS].index(kind)):
            h.qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)
        if kind is RoundKind.RANK:
            dialog.rank_spin.setFocus()
            dialog.rank_spin.lineEdit().selectAll()
            h.qtbot.keyClicks(dialog.rank_spin, str(min(ideas, 10)))
        h.qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    h.when_modal_opens(set_up)
    h.press(window.capture_bar.idea_edit, K.VOTE.keys[0])
    assert window.voting.currentWidget() is window.voting.curtain
    h.activate(window)
    first = next(iter(window.voting.curtain.name_buttons.values()))
    h.press(first, K.CURTAIN_OPEN.keys[0])
    return window


def rating(h: Harness) -> RatingBallotPage:
    """The first voter's rating ballot (ICE, five items), with the keyboard."""
    window = round_of(h, RoundKind.RATING, 5)
    page = window.voting.rating_ballot
    assert window.voting.currentWidget() is page
    h.qtbot.waitUntil(lambda: h.focus() is page)
    return page


def ranking(h: Harness, ideas: int = 4) -> RankBallotPage:
    """The first voter's rank ballot (top ``ideas``, at most 10), with the keyboard."""
    window = round_of(h, RoundKind.RANK, ideas)
    page = window.voting.rank_ballot
    assert window.voting.currentWidget() is page
    h.qtbot.waitUntil(lambda: h.focus() is page)
    return page


@checks(K.RATING_MOVE)
def arrows_move_between_items_and_criteria(h: Harness, shortcut: Shortcut) -> None:
    page = rating(h)
    moves = {"Down": (1, 0), "Right": (1, 1), "Up": (0, 1), "Left": (0, 0)}
    for keys in ("Down", "Right", "Up", "Left"):
        assert keys in shortcut.keys
        h.press(page, keys)
        assert (page.row, page.column) == moves[keys], keys


@checks(K.RATING_VALUE)
def digits_give_values_and_move_on(h: Harness, shortcut: Shortcut) -> None:
    page = rating(h)
    for keys in shortcut.keys:
        h.press(page, keys)
    ice = page.ballot.criteria
    cells = [(item, c.id) for item in page.ballot.items for c in ice][: len(shortcut.keys)]
    assert [page.ballot.values.get(cell) for cell in cells] == [10, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    window = page.window()
    assert isinstance(window, SessionWindow)
    stored = h.repository.load_session(window.document.session_id)
    assert len(stored.vote_rounds[-1].ratings) == 10


@checks(K.RATING_STEP)
def plus_and_minus_step_the_value_and_stay(h: Harness, shortcut: Shortcut) -> None:
    page = rating(h)  # ICE: 1 to 10
    plus, minus = shortcut.keys
    cell = (page.ballot.items[0], page.ballot.criteria[0].id)
    h.press(page, plus)  # an empty cell starts at the bottom of the scale
    assert page.ballot.values.get(cell) == 1
    h.press(page, "9")  # 9, and on to the next cell
    h.press(page, "Left")
    h.press(page, plus)
    h.press(page, plus)  # kept on the scale
    assert page.ballot.values.get(cell) == 10 and (page.row, page.column) == (0, 0)
    h.press(page, minus)
    assert page.ballot.values.get(cell) == 9
    window = page.window()
    assert isinstance(window, SessionWindow)
    stored = h.repository.load_session(window.document.session_id).vote_rounds[-1]
    assert [r.value for r in stored.ratings] == [9]


@checks(K.RATING_CLEAR)
def backspace_clears_a_value(h: Harness, shortcut: Shortcut) -> None:
    page = rating(h)
    for keys in shortcut.keys:
        h.press(page, "7")
        h.press(page, "Left")
        assert page.ballot.rated_items == 1
        h.press(page, keys)
        assert page.ballot.rated_items == 0, keys


@checks(K.RATING_DONE, K.RANK_DONE)
def enter_ends_a_rating_or_rank_turn(h: Harness, shortcut: Shortcut) -> None:
    page: RatingBallotPage | RankBallotPage = (
        rating(h) if shortcut is K.RATING_DONE else ranking(h)
    )
    window = page.window()
    assert isinstance(window, SessionWindow)
    h.press(page, "2")
    h.press(page, shortcut.keys[0])
    assert window.voting.currentWidget() is window.voting.curtain
    (stored,) = h.repository.load_session(window.document.session_id).vote_rounds
    assert len(stored.finished_voter_ids) == 1 and (stored.ratings or stored.ranks)


@checks(K.RANK_MOVE)
def up_and_down_move_between_items(h: Harness, shortcut: Shortcut) -> None:
    page = ranking(h)
    for keys, row in zip(shortcut.keys[::-1], (1, 0), strict=True):  # Down, then Up
        h.press(page, keys)
        assert page.row == row, keys


@checks(K.RANK_PLACE)
def digits_put_items_at_places(h: Harness, shortcut: Shortcut) -> None:
    page = ranking(h, ideas=10)
    for keys in shortcut.keys:  # 0 (place 10) on the first item, 1 on the second...
        h.press(page, keys)
        h.press(page, "Down")
    assert [page.ballot.position_of(item) for item in page.ballot.items] == [
        10,
        *range(1, 10),
    ]


@checks(K.RANK_TAKE_OUT)
def backspace_takes_an_item_out(h: Harness, shortcut: Shortcut) -> None:
    page = ranking(h)
    for keys in shortcut.keys:
        h.press(page, "1")
        assert page.ballot.left == 3
        h.press(page, keys)
        assert page.ballot.left == 4, keys
