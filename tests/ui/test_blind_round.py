"""A blind round still open shows no count in the window: not on the board's dots, the
results page, the room's view or a status-bar message. Only that it is open, and how
many have voted."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import (
    Cluster,
    Dot,
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
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.board_helpers import type_idea
from tests.ui.conftest import click_message_button
from tests.ui.test_voting import IDEAS, Arrange, person, press_undo, start_round, vote_by_mouse
from tests.ui.windows import open_session


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    """The voting tests' session: three voters, four ideas typed, a vote phase next."""
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    repository.add_session(made)
    opened = open_session(qtbot, repository, settings, made.id)
    for idea in IDEAS:
        type_idea(qtbot, opened, idea)
    return opened


def test_the_results_page_and_the_board_keep_an_open_blind_round_secret(
    qtbot: QtBot, window: SessionWindow, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens, dots=1)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist"])
    vote_by_mouse(qtbot, window, "Bo", ["Checklist"])
    vote_by_mouse(qtbot, window, "Cy", ["Video tour"])
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    results = window.voting.results
    assert window.voting.currentWidget() is results

    def accept(dialog: QWidget) -> None:  # a second round, blind as rounds start
        assert isinstance(dialog, RoundDialog) and dialog.blind_box.isChecked()
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_modal_opens(accept)
    qtbot.mouseClick(results.new_button, Qt.MouseButton.LeftButton)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    vote_by_mouse(qtbot, window, "Ann", ["Welcome call"])
    second = window.document.voting.vote_rounds[-1]
    assert second.status is RoundStatus.OPEN and second.dots

    # Undo and redo the second round's start: the page stays on the first round's
    # results, whose picker now lists the second round, open, with Ann's dot in it.
    press_undo(qtbot, window)
    press_undo(qtbot, window, redo=True)
    assert window.voting.currentWidget() is results
    assert results.round_combo.count() == 2

    # The board shows the closed round's dots, none of the open one's.
    dots = {item.note.text: item.dots for item in window.scene.note_items.values()}
    assert dots == {"Welcome call": 0, "Checklist": 2, "Pre-filled accounts": 0, "Video tour": 1}

    # Choosing the open blind round in the picker shows its curtain, not its counts.
    results.round_combo.setFocus()
    qtbot.keyClick(results.round_combo, Qt.Key.Key_Down)
    curtain = window.voting.curtain
    assert window.voting.currentWidget() is curtain
    assert (
        f"{second.title}  ·  1 of 3 have voted\nBlind and anonymous dot round: 1 dot each"
        in curtain.subtitle.text()
    )
    assert not curtain.name_buttons[person(window, "Ann")].isEnabled()


def clustered_session() -> tuple[Session, VoteRound]:
    """Two clusters and a blind round on clusters, open, with dots on the first only."""
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            participants=(("Ann", "Sales"), ("Bo", "Support")),
            phases=((PhaseKind.CLUSTER, "Cluster", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    chosen = Cluster(new_id(), "Chosen", "#A8E6CF")
    passed = Cluster(new_id(), "Passed over", "#9FD3F5")
    notes = [
        Note(new_id(), "Welcome call", "#FFE08A", 40, 80, utc_now(), cluster_id=chosen.id),
        Note(new_id(), "Checklist", "#FFE08A", 40, 300, utc_now(), cluster_id=chosen.id),
        Note(new_id(), "Video tour", "#FFE08A", 600, 80, utc_now(), cluster_id=passed.id),
    ]
    ann = made.participants[0].id
    vote = VoteRound(
        new_id(),
        "Which theme first?",
        VoteTarget.CLUSTERS,
        2,
        2,
        True,
        True,
        RoundStatus.OPEN,
        opened_at=utc_now(),
        dots=(Dot(ann, chosen.id, 2),),
    )
    session = replace(made, clusters=(chosen, passed), notes=tuple(notes), vote_rounds=(vote,))
    return session, vote


def test_ungrouping_during_an_open_blind_round_tells_no_count(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session, vote = clustered_session()
    repository.add_session(session)
    board = open_session(qtbot, repository, settings, session.id)
    chosen, passed = session.clusters
    said: list[str] = []
    for cluster in (chosen, passed):
        member = next(n.id for n in session.notes if n.cluster_id == cluster.id)
        board.scene.select_notes([member])
        board.view.setFocus()
        qtbot.keyClick(
            board.view,
            Qt.Key.Key_G,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        said.append(board.statusBar().currentMessage())
    # The same words for the cluster with dots and the one without: no count, no tell.
    assert said == [
        f"“{title}” is voted on in “{vote.title}”, a blind round still open; it stays a "
        "cluster until the round closes."
        for title in ("Chosen", "Passed over")
    ]
    assert not any(re.search(r"\d", message) for message in said)
    # Deleting the last note of the cluster nobody chose leaves it, as one with dots is.
    (last,) = [n.id for n in session.notes if n.cluster_id == passed.id]
    board.scene.select_notes([last])
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Delete)
    stored = repository.load_session(session.id)
    assert last not in {n.id for n in stored.notes}
    assert {c.id for c in stored.clusters} == {chosen.id, passed.id}


def room_dots(board: SessionWindow) -> dict[str, int]:
    """Each card's dots as the room's view lays them out now."""
    room = board.room_view.window
    assert room is not None
    return {
        placed.card.text: placed.card.dots
        for page in room.canvas.room_layout.pages
        for placed in page.items
        if placed.card is not None
    }


def test_the_rooms_view_shows_a_blind_rounds_dots_only_once_it_closes(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
):
    session, on_clusters = clustered_session()
    ann = session.participants[0].id
    checklist, tour = (n.id for n in session.notes[1:])
    vote = replace(
        on_clusters,
        target=VoteTarget.NOTES,
        dots=(Dot(ann, checklist, 2), Dot(ann, tour, 1)),
    )
    repository.add_session(replace(session, vote_rounds=(vote,)))
    board = open_session(qtbot, repository, settings, session.id)
    room = board.room_view.present()
    qtbot.waitExposed(room)
    assert room_dots(board) == {"Welcome call": 0, "Checklist": 0, "Video tour": 0}

    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow)
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    board.voting_controller.close_round(vote.id)  # "not everyone has voted": close anyway
    qtbot.waitUntil(lambda: room_dots(board)["Checklist"] == 2)
    assert room_dots(board) == {"Welcome call": 0, "Checklist": 2, "Video tour": 1}
    room.close()
