"""A voter's ballot: items under their clusters' names in board order, columns alike."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import (
    Cluster,
    NewSessionSpec,
    Note,
    PhaseKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
    utc_now,
)
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.ballot import BallotPage
from app.ui.voting.ballot_item import LONGEST_LABEL, ItemCard
from app.ui.voting.commands import OpenRoundCommand
from app.ui.voting.curtain import CurtainPage
from tests.ui.test_note_item import LONG
from tests.ui.windows import open_session

# Made in this order; the board shows "Invoices" left of "Phones", loose notes below.
BOARD = [
    ("Phones", 900, 100, "Callback instead of hold music"),
    ("Invoices", 40, 100, "Send the invoice the day the order ships"),
    ("Phones", 900, 300, "Tell callers where they are in the queue"),
    (None, 40, 900, "Celebrate the fastest delivery of the month"),
    ("Invoices", 40, 300, "Customers download their own old invoices"),
    ("Invoices", 300, 100, "PDF invoice shows the customer's PO number"),
    ("Invoices", 300, 300, "Chase unpaid invoices automatically"),
    ("Phones", 1160, 100, "More people on the phones on Monday mornings"),
    (None, 300, 900, LONG),
]


def board_session() -> Session:
    session = build_session(
        NewSessionSpec(
            title="Fewer calls about bills",
            question="How might we halve the calls about invoices?",
            participants=(("Ann", "Sales"), ("Bo", "Support"), ("Cy", "Finance")),
            phases=((PhaseKind.VOTE, "Vote", 300),),
        )
    )
    clusters = {
        "Phones": Cluster(new_id(), "Phones", "#9FD3F5"),
        "Invoices": Cluster(new_id(), "Invoices", "#FFD54F"),
    }
    notes = tuple(
        Note(
            new_id(),
            text,
            "#FFF59D",
            x,
            y,
            utc_now(),
            cluster_id=clusters[name].id if name else None,
        )
        for name, x, y, text in BOARD
    )
    return replace(session, clusters=tuple(clusters.values()), notes=notes)


@pytest.fixture
def ballot(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> BallotPage:
    session = board_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    window.resize(1280, 720)
    return open_ballot(qtbot, window)


def open_curtain(qtbot: QtBot, window: SessionWindow) -> CurtainPage:
    """A round open on every note, and its curtain on screen (Ctrl+Shift+V)."""
    document = window.document
    vote = VoteRound(new_id(), "First pick", VoteTarget.NOTES, 3, 1, True, True, RoundStatus.OPEN)
    document.undo_stack.push(OpenRoundCommand(document, vote))
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.voting.currentWidget() is window.voting.curtain
    return window.voting.curtain


def open_ballot(qtbot: QtBot, window: SessionWindow) -> BallotPage:
    """The first voter's ballot on a new round."""
    curtain = open_curtain(qtbot, window)
    qtbot.mouseClick(next(iter(curtain.name_buttons.values())), Qt.MouseButton.LeftButton)
    ballot = window.voting.ballot
    qtbot.waitUntil(lambda: ballot.isVisible() and ballot.cards[0].hasFocus())
    return ballot


def texts(cards: list[ItemCard]) -> list[str]:
    return [card.accessibleName() for card in cards]


def test_the_items_come_cluster_by_cluster_in_board_order_each_naming_its_cluster(
    ballot: BallotPage,
):
    assert texts(ballot.cards) == [
        "Send the invoice the day the order ships (in Invoices)",  # row by row
        "PDF invoice shows the customer's PO number (in Invoices)",
        "Customers download their own old invoices (in Invoices)",
        "Chase unpaid invoices automatically (in Invoices)",
        "Callback instead of hold music (in Phones)",
        "More people on the phones on Monday mornings (in Phones)",
        "Tell callers where they are in the queue (in Phones)",
        "Celebrate the fastest delivery of the month (in Not in a cluster yet)",
        f"{LONG} (in Not in a cluster yet)",
    ]
    groups = [card.group_label.text() for card in ballot.cards]
    assert groups == ["Invoices"] * 4 + ["Phones"] * 3 + ["Not in a cluster yet"] * 2
    assert all(card.group_label.isVisible() for card in ballot.cards)
    # One grid, no heading rows: the ballot takes no more rows than its items need.
    assert [len(row) for row in ballot._rows] == [3, 3, 3]


def test_the_arrows_go_to_the_item_above_or_below_on_screen(qtbot: QtBot, ballot: BallotPage):
    cards = ballot.cards
    assert ballot.columns == 3  # 0 1 2 / 3 4 5 / 6 7 8
    cards[1].setFocus()
    qtbot.keyClick(cards[1], Qt.Key.Key_Down)
    assert cards[4].hasFocus()
    qtbot.keyClick(cards[4], Qt.Key.Key_Right)
    assert cards[5].hasFocus()
    qtbot.keyClick(cards[5], Qt.Key.Key_Down)
    assert cards[8].hasFocus()
    qtbot.keyClick(cards[8], Qt.Key.Key_Up)
    assert cards[5].hasFocus()
    qtbot.keyClick(cards[5], Qt.Key.Key_Up)
    assert cards[2].hasFocus()


def test_the_columns_are_equal_and_a_long_note_is_cut_on_its_card(ballot: BallotPage):
    widths = {card.width() for card in ballot.cards}
    assert max(widths) - min(widths) <= 1, widths
    long_card = ballot.cards[-1]
    assert long_card.text_label.text().endswith("…")
    assert len(long_card.text_label.text()) <= LONGEST_LABEL + 1
    assert long_card.text_label.toolTip() == LONG  # the whole note, on hover
    assert long_card.accessibleName() == f"{LONG} (in Not in a cluster yet)"
    short = ballot.cards[0]
    assert long_card.height() <= 3 * short.height()


def test_a_narrow_card_names_its_cluster_shorter_never_cut(qtbot: QtBot):
    from app.ui.voting.ballot_item import ItemCard

    card = ItemCard("n1", "Callback instead of hold music")
    qtbot.addWidget(card)
    card.show_group("Faster hand-offs between teams", "#FFD966")
    card.resize(200, 100)
    card.show()
    qtbot.waitExposed(card)
    label = card.group_label
    assert label.text().endswith("…")
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    card.resize(900, 100)
    qtbot.waitUntil(lambda: not label.text().endswith("…"))
    assert label.text() == label.toolTip() == "Faster hand-offs between teams"
