"""A dot round with bias controls, through the laptop's dot ballot: keys and clicks.

Each voter sees the items in their own order (the same again after a crash), and with
"no votes on one's own ideas" their own notes, and clusters made only of their notes,
are marked and refused in words, never stored.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.types import Cluster, RoundKind, new_id
from app.core.voting import SELF_VOTE_REFUSAL, voter_order
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.ballot import BallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.round_helpers import (
    Arrange,
    authored_session,
    note_id,
    person,
    start_round,
    stored_round,
)
from tests.ui.windows import open_session


def key(qtbot: QtBot, name: Qt.Key) -> None:
    """One key, to whatever has the keyboard (a card of the ballot)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, name)


def dots_of(window: SessionWindow, repository: SessionRepository) -> dict[tuple[str, str], int]:
    """The stored dots as (voter, item) → count."""
    people = {p.id: p.name for p in window.document.people.values()}
    return {
        (people[d.voter_id], d.item_id): d.count for d in stored_round(repository, window).dots
    }


def dot_ballot(qtbot: QtBot, window: SessionWindow, name: str) -> BallotPage:
    """Click a voter's name on the curtain: their dot ballot, the keyboard on its first card."""
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, name)], Qt.MouseButton.LeftButton
    )
    page = window.voting.currentWidget()
    assert isinstance(page, BallotPage)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.cards[0])
    return page


def test_each_voter_sees_their_own_order_and_the_same_again_after_a_crash(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository, ideas=8)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.DOTS, shuffle=True)
    vote_round = stored_round(repository, window)
    assert vote_round.shuffle
    board_order = window.document.voting.round_items(vote_round)
    ann, bo = person(window, "Ann"), person(window, "Bo")

    ballot = dot_ballot(qtbot, window, "Ann")
    anns = [card.item_id for card in ballot.cards]
    assert anns == voter_order(vote_round.id, ann, board_order) != board_order
    # The keyboard starts on her first item and goes along her order.
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Right)
    key(qtbot, Qt.Key.Key_Space)
    assert dots_of(window, repository) == {("Ann", anns[0]): 1, ("Ann", anns[1]): 1}
    # Then the laptop dies, before Done.
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the test's cleanup
    window.close()

    window = open_session(qtbot, repository, settings, session.id)
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    ballot = dot_ballot(qtbot, window, "Ann")
    assert [card.item_id for card in ballot.cards] == anns  # the same order again
    assert [card.dots_label.text() for card in ballot.cards[:3]] == ["●", "●", ""]
    key(qtbot, Qt.Key.Key_Return)
    ballot = dot_ballot(qtbot, window, "Bo")
    bos = [card.item_id for card in ballot.cards]
    assert bos == voter_order(vote_round.id, bo, board_order)
    assert bos not in (anns, board_order)
    # Without the control, everyone sees the board's order (the check is not vacuous).
    assert voter_order(vote_round.id, bo, board_order) != board_order


def test_no_dot_on_ones_own_note_and_the_ballot_says_why(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.DOTS, no_self_votes=True)
    welcome, checklist = note_id(window, "Welcome call"), note_id(window, "Checklist")
    ballot = dot_ballot(qtbot, window, "Ann")
    cards = {card.item_id: card for card in ballot.cards}
    # Hers is marked before she tries, as on the rating and rank ballots.
    assert cards[welcome].own_label.isVisible() and not cards[checklist].own_label.isVisible()
    assert ballot.cards[0].item_id == welcome and ballot.cards[0].hasFocus()
    key(qtbot, Qt.Key.Key_Space)  # Ann wrote the welcome call
    assert ballot.message.text() == SELF_VOTE_REFUSAL
    qtbot.mouseClick(cards[welcome], Qt.MouseButton.LeftButton)
    assert ballot.message.text() == SELF_VOTE_REFUSAL
    assert ballot.ballot.left == stored_round(repository, window).dots_per_voter
    qtbot.mouseClick(cards[checklist], Qt.MouseButton.LeftButton)
    assert ballot.message.text() == ""
    key(qtbot, Qt.Key.Key_Return)
    assert dots_of(window, repository) == {("Ann", checklist): 1}

    ballot = dot_ballot(qtbot, window, "Bo")  # the welcome call is not Bo's
    assert not any(
        card.own_label.isVisible() for card in ballot.cards if card.item_id != checklist
    )
    key(qtbot, Qt.Key.Key_Space)
    assert ballot.message.text() == ""
    assert dots_of(window, repository)[("Bo", welcome)] == 1


def test_a_cluster_is_ones_own_only_when_all_its_notes_are(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository, ideas=8)
    by_text = {n.text: n for n in session.notes}
    anns = Cluster(new_id(), "Ann's alone", "#B3E5FC")
    shared = Cluster(new_id(), "Ann and Bo", "#C8E6C9")
    for cluster, texts in (
        (anns, ("Welcome call", "Video tour")),
        (shared, ("Templates to copy", "Checklist")),
    ):
        members = [by_text[text] for text in texts]
        repository.board.add_cluster(
            session.id, cluster, [replace(n, cluster_id=cluster.id) for n in members]
        )
    window = open_session(qtbot, repository, settings, session.id)

    def on_clusters(dialog: RoundDialog) -> None:
        dialog.target_combo.setFocus()
        qtbot.keyClick(dialog.target_combo, Qt.Key.Key_Down)
        assert dialog.target_combo.currentText() == "Clusters"

    start_round(
        qtbot, window, when_modal_opens, RoundKind.DOTS, arrange=on_clusters, no_self_votes=True
    )
    ballot = dot_ballot(qtbot, window, "Ann")
    cards = {card.item_id: card for card in ballot.cards}
    assert set(cards) == {anns.id, shared.id}
    assert cards[anns.id].own_label.isVisible() and not cards[shared.id].own_label.isVisible()
    qtbot.mouseClick(cards[anns.id], Qt.MouseButton.LeftButton)
    assert ballot.message.text() == SELF_VOTE_REFUSAL
    qtbot.mouseClick(cards[shared.id], Qt.MouseButton.LeftButton)  # Bo wrote one of these
    assert ballot.message.text() == ""
    key(qtbot, Qt.Key.Key_Return)
    ballot = dot_ballot(qtbot, window, "Bo")
    cards = {card.item_id: card for card in ballot.cards}
    assert not any(card.own_label.isVisible() for card in cards.values())
    qtbot.mouseClick(cards[anns.id], Qt.MouseButton.LeftButton)
    assert dots_of(window, repository) == {("Ann", shared.id): 1, ("Bo", anns.id): 1}
