"""Rank rounds (Nominal Group Technique's vote) through the real window, read back stored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.results import round_totals
from app.core.types import RoundKind
from app.core.voting import SELF_VOTE_REFUSAL
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.round_helpers import (
    Arrange,
    authored_session,
    let_vote_again,
    open_ballot,
    person,
    press,
    press_undo,
    start_round,
    stored_round,
)
from tests.ui.windows import open_session


def ranks_of(window: SessionWindow, repository: SessionRepository) -> set[tuple[str, str, int]]:
    """The stored ranks as (voter, note text, place)."""
    people = {p.id: p.name for p in window.document.people.values()}
    notes = {n.id: n.text for n in window.document.board.notes.values()}
    return {
        (people[r.voter_id], notes[r.item_id], r.position)
        for r in stored_round(repository, window).ranks
    }


def start_top_three(
    qtbot: QtBot, window: SessionWindow, when_modal_opens: Arrange, **controls: bool
) -> None:
    def three(dialog: RoundDialog) -> None:
        assert dialog.rank_spin.maximum() == 4  # no more places than items
        dialog.rank_spin.setFocus()
        dialog.rank_spin.lineEdit().selectAll()
        qtbot.keyClicks(dialog.rank_spin, "3")

    start_round(qtbot, window, when_modal_opens, RoundKind.RANK, arrange=three, **controls)


def test_a_whole_rank_round_by_keys_and_clicks(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    start_top_three(qtbot, window, when_modal_opens)
    assert stored_round(repository, window).rank_size == 3
    steps = window.document.undo_stack.count()

    # Ann, keys only: a taken place swaps a ranked item, and puts out an unranked one's rival.
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RankBallotPage)
    press(qtbot, ballot, "1v2")  # Welcome call 1st, Checklist 2nd
    press(qtbot, ballot, "v1")  # Pre-filled accounts 1st: the welcome call is out
    assert ballot.message.text() == "“Welcome call” is out of your ranking."
    press(qtbot, ballot, "^1")  # Checklist to 1st: it swaps with Pre-filled accounts
    press(qtbot, ballot, "^3")  # Welcome call 3rd
    assert ballot.counter.text() == "3 of 3 placed"
    assert ranks_of(window, repository) == {  # stored as placed, before Done
        ("Ann", "Checklist", 1),
        ("Ann", "Pre-filled accounts", 2),
        ("Ann", "Welcome call", 3),
    }
    press(qtbot, ballot, "!")
    assert (
        "1 of 3 have voted\nBlind and anonymous rank round: your top 3"
        in window.voting.curtain.subtitle.text()
    )

    # Bo, by mouse: an item, then a place; Done with one place left free.
    ballot = open_ballot(qtbot, window, "Bo")
    assert isinstance(ballot, RankBallotPage)
    assert [b.text() for b in ballot.place_buttons] == ["1.  ", "2.  ", "3.  "]  # not Ann's
    for row, place in ((3, 1), (0, 2)):
        qtbot.mouseClick(ballot.rows[row][1], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ballot.place_buttons[place - 1], Qt.MouseButton.LeftButton)
    assert ballot.counter.text() == "2 of 3 placed"
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)

    # Cy: a place outside the ranking is refused; one placed, taken out, another placed.
    ballot = open_ballot(qtbot, window, "Cy")
    assert isinstance(ballot, RankBallotPage)
    press(qtbot, ballot, "4")
    assert ballot.message.text() == "Your ranking has places 1 to 3."
    press(qtbot, ballot, "3xv1!")

    assert ranks_of(window, repository) == {
        ("Ann", "Checklist", 1),
        ("Ann", "Pre-filled accounts", 2),
        ("Ann", "Welcome call", 3),
        ("Bo", "Video tour", 1),
        ("Bo", "Welcome call", 2),
        ("Cy", "Checklist", 1),
    }
    stored = stored_round(repository, window)
    assert stored.dots == () and len(stored.finished_voter_ids) == 3
    notes = {n.text: n.id for n in window.document.board.notes.values()}
    totals = round_totals(stored, list(notes.values()))
    # Points N + 1 - place, N = 3: by hand.
    assert {text: totals[i] for text, i in notes.items()} == {
        "Checklist": 3 + 3,
        "Pre-filled accounts": 2,
        "Welcome call": 1 + 2,
        "Video tour": 3,
    }
    assert window.document.undo_stack.count() == steps  # no place went on the undo stack

    let_vote_again(qtbot, window, when_modal_opens, "Ann")
    assert {who for who, _, _ in ranks_of(window, repository)} == {"Bo", "Cy"}
    press_undo(qtbot, window)
    assert ("Ann", "Checklist", 1) in ranks_of(window, repository)
    assert len(ranks_of(window, repository)) == 6
    assert person(window, "Ann") in stored_round(repository, window).finished_voter_ids


def test_no_place_for_ones_own_idea(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    start_top_three(qtbot, window, when_modal_opens, no_self_votes=True)
    assert window.voting.curtain.subtitle.text().endswith(
        "anonymous rank round: your top 3  ·  no votes on your own ideas"
    )
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RankBallotPage)
    press(qtbot, ballot, "^1")  # the keyboard starts under Ann's welcome call, on the checklist
    assert ballot.message.text() == SELF_VOTE_REFUSAL
    press(qtbot, ballot, "v1!")
    assert ranks_of(window, repository) == {("Ann", "Checklist", 1)}
