"""A rating round onto the 2×2, and its quick wins into experiments, through the window.

Every check reads the database back: the 2×2's values and their marks, the clusters'
places, the actions made and the ideas' statuses, and what one Ctrl+Z takes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaStatus
from app.core.rating import NUF, fresh_criteria
from app.core.session_ops import build_session
from app.core.types import (
    Cluster,
    Goal,
    NewSessionSpec,
    Note,
    PhaseKind,
    Rating,
    RoundKind,
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
from app.ui.voting.matrix import MatrixDialog
from app.ui.voting.quick_wins import QuickWinsDialog
from tests.ui.windows import open_session

Arrange = Callable[[Callable[[QWidget], None]], None]
GOAL = Goal(new_id(), "Halve onboarding time", metric="Days to first order", unit="days")


def rated_session(target: VoteTarget = VoteTarget.NOTES) -> Session:
    """Three ideas by Ann, Bo and Cy, rated on NUF by all three, the round closed."""
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            goal=GOAL.title,
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    ann, bo, cy = (p.id for p in made.participants)
    now = utc_now()
    notes = tuple(
        Note(new_id(), text, "#FFE08A", 40.0 + 200 * i, 40.0, now, author_id=author)
        for i, (text, author) in enumerate(
            [("Welcome call", ann), ("Checklist", bo), ("Video tour", cy)]
        )
    )
    clusters: tuple[Cluster, ...] = ()
    items = [n.id for n in notes]
    if target is VoteTarget.CLUSTERS:
        clusters = (Cluster(new_id(), "First day", "#A0C4FF"),)
        notes = (replace(notes[0], cluster_id=clusters[0].id), *notes[1:])
        items = [clusters[0].id]
    new, useful, feasible = fresh_criteria(NUF.criteria)
    # Hand-computed: Welcome call useful (5+4+5)/3 = 4.67 -> 5, feasible (5+5+4)/3 = 4.67,
    # 6 - 4.67 = 1.33 -> 1. Checklist useful (2+3+3)/3 = 2.67 -> 3, feasible 2 -> 6 - 2 = 4.
    # Video tour: nobody rated it.
    values = {
        items[0]: {useful.id: (5, 4, 5), feasible.id: (5, 5, 4), new.id: (1, 1, 1)},
    }
    if len(items) > 1:
        values[items[1]] = {useful.id: (2, 3, 3), feasible.id: (2, 2, 2)}
    ratings = tuple(
        Rating(voter, item, criterion, given[n])
        for item, by_criterion in values.items()
        for criterion, given in by_criterion.items()
        for n, voter in enumerate((ann, bo, cy))
    )
    vote = VoteRound(
        new_id(),
        "Rate the shortlist",
        target,
        1,
        1,
        False,
        False,
        RoundStatus.CLOSED,
        opened_at=now,
        closed_at=now,
        finished_voter_ids=(ann, bo, cy),
        kind=RoundKind.RATING,
        criteria=(new, useful, feasible),
        ratings=ratings,
    )
    return replace(made, notes=notes, clusters=clusters, vote_rounds=(vote,), goal_record=GOAL)


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = rated_session()
    repository.add_session(session)
    return open_session(qtbot, repository, settings, session.id)


def stored_notes(repository: SessionRepository, window: SessionWindow) -> dict[str, Note]:
    return {n.text: n for n in repository.load_session(window.document.session_id).notes}


def open_matrix(qtbot: QtBot, window: SessionWindow, when_modal_opens: Arrange, handler) -> None:
    when_modal_opens(handler)
    window.voting_controller.matrix_action.trigger()  # Vote ▸ Impact and effort…
    window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
    qtbot.waitUntil(window.isActiveWindow)


def press_undo(qtbot: QtBot, window: SessionWindow) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def save(qtbot: QtBot, dialog: MatrixDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_a_nuf_round_fills_the_2x2_and_filling_again_keeps_a_hand_change(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    shown: list[str] = []

    def accept_the_fill(dialog: QWidget) -> None:
        # Read first, check after the dialog is gone: a failed check never leaves it open.
        assert isinstance(dialog, MatrixDialog)
        shown.extend(dialog.item_list.item(i).text() for i in range(dialog.item_list.count()))
        shown.extend([dialog.impact_axis.currentText(), dialog.effort_axis.currentText()])
        save(qtbot, dialog)

    open_matrix(qtbot, window, when_modal_opens, accept_the_fill)
    assert shown == [  # best combined score first
        "1.  Welcome call",
        "2.  Checklist",
        "Useful (high = more impact)",
        "Feasible (high = less effort)",
    ]
    notes = stored_notes(repository, window)
    welcome, checklist = notes["Welcome call"], notes["Checklist"]
    assert (welcome.impact, welcome.effort) == (5, 1)
    assert (checklist.impact, checklist.effort) == (3, 4)
    assert (welcome.impact_from_round, welcome.effort_from_round) == (True, True)
    assert (notes["Video tour"].impact, notes["Video tour"].effort) == (None, None)
    assert window.undo.undo_action.text() == "&Undo Put “Rate the shortlist” on the 2×2"

    def change_checklist_by_hand(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        dialog.item_list.setCurrentRow(1)
        dialog.effort_spin.setFocus()
        qtbot.keyClick(dialog.effort_spin, Qt.Key.Key_Down)  # effort 4 -> 3, by hand
        save(qtbot, dialog)

    open_matrix(qtbot, window, when_modal_opens, change_checklist_by_hand)
    checklist = stored_notes(repository, window)["Checklist"]
    assert (checklist.impact, checklist.effort) == (3, 3)
    assert (checklist.impact_from_round, checklist.effort_from_round) == (True, False)

    said: list[str] = []

    def fill_again(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
        said.append(dialog.filled_note.text())
        save(qtbot, dialog)

    open_matrix(qtbot, window, when_modal_opens, fill_again)
    assert "Kept 1 value you placed yourself." in said[0]
    checklist = stored_notes(repository, window)["Checklist"]
    assert (checklist.impact, checklist.effort) == (3, 3)  # the hand change stays

    press_undo(qtbot, window)  # the hand change
    press_undo(qtbot, window)  # the fill
    reverted = stored_notes(repository, window)
    assert all(n.impact is None and not n.impact_from_round for n in reverted.values())


def test_quick_wins_become_experiments_in_one_step(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    people = {p.name: p.id for p in window.document.people.values()}
    offered: list[tuple[str, object, str]] = []

    def make_them(dialog: QWidget) -> None:
        assert isinstance(dialog, QuickWinsDialog)
        offered.extend(
            (item.text(), dialog.owners[r].currentData(), dialog.dues[r].text())
            for r in range(dialog.table.rowCount())
            if (item := dialog.table.item(r, 0)) is not None
        )
        dialog.owners[0].setFocus()
        qtbot.keyClick(dialog.owners[0], Qt.Key.Key_Down)  # Ann -> Bo
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)

    def save_and_go_on(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        when_modal_opens(make_them)
        qtbot.mouseClick(dialog.experiments_button, Qt.MouseButton.LeftButton)

    open_matrix(qtbot, window, when_modal_opens, save_and_go_on)
    qtbot.waitUntil(lambda: bool(offered))
    qtbot.waitUntil(lambda: bool(repository.load_session(window.document.session_id).action_items))
    due = date.today() + timedelta(days=7)
    assert offered == [
        (
            "Welcome call\nquick win: impact 5, effort 1",
            people["Ann"],
            f"{due:%a} {due.day} {due:%b %Y}",
        )
    ]
    stored = repository.load_session(window.document.session_id)
    (action,) = stored.action_items
    welcome = next(n for n in stored.notes if n.text == "Welcome call")
    assert action.title == "Welcome call"
    assert action.owner_id == people["Bo"]
    assert action.due_date == due
    assert action.source_note_id == welcome.id
    assert (
        action.hypothesis == "If we try “Welcome call”, we expect days to first order to improve."
    )
    assert action.success_metric == "Days to first order (days)"
    assert dict(stored.idea_statuses)[welcome.id] == IdeaStatus.TRYING.value
    assert window.undo.undo_action.text() == "&Undo Make 1 experiment from quick wins"

    press_undo(qtbot, window)
    undone = repository.load_session(window.document.session_id)
    assert undone.action_items == ()
    assert dict(undone.idea_statuses).get(welcome.id) is None
    assert next(n for n in undone.notes if n.text == "Welcome call").impact == 5  # 2×2 kept


def test_a_cluster_goes_on_the_2x2(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = rated_session(VoteTarget.CLUSTERS)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)

    shown: list[str] = []

    def accept_the_fill(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        shown.append(dialog.item_list.item(0).text())
        save(qtbot, dialog)

    open_matrix(qtbot, window, when_modal_opens, accept_the_fill)
    assert shown == ["1.  First day"]
    (cluster,) = repository.load_session(session.id).clusters
    assert (cluster.impact, cluster.effort) == (5, 1)
    assert (cluster.impact_from_round, cluster.effort_from_round) == (True, True)
    press_undo(qtbot, window)
    (cluster,) = repository.load_session(session.id).clusters
    assert (cluster.impact, cluster.effort, cluster.impact_from_round) == (None, None, False)


def test_an_idea_made_an_experiment_is_never_made_twice(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    def make_quick_wins(offers: bool = True) -> list[tuple[str, bool, bool]]:
        """Open the 2×2, go on to the experiments, make the ticked ones; what was offered.

        With ``offers`` False no list is expected to open, and none is waited for: a
        handler left waiting would answer the next test step's 2×2 instead.
        """
        offered: list[tuple[str, bool, bool]] = []

        def make_them(dialog: QWidget) -> None:
            assert isinstance(dialog, QuickWinsDialog)
            for row in range(dialog.table.rowCount()):
                item = dialog.table.item(row, 0)
                assert item is not None
                checkable = bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)
                offered.append(
                    (item.text(), item.checkState() == Qt.CheckState.Checked, checkable)
                )
            qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)

        def save_and_go_on(dialog: QWidget) -> None:
            assert isinstance(dialog, MatrixDialog)
            if offers:
                when_modal_opens(make_them)
            qtbot.mouseClick(dialog.experiments_button, Qt.MouseButton.LeftButton)

        open_matrix(qtbot, window, when_modal_opens, save_and_go_on)
        return offered

    def actions() -> list[str]:
        return [a.title for a in repository.load_session(window.document.session_id).action_items]

    assert make_quick_wins() == [("Welcome call\nquick win: impact 5, effort 1", True, True)]
    assert actions() == ["Welcome call"]
    # Again: nothing to offer, and the window says why.
    assert make_quick_wins(offers=False) == []
    assert window.statusBar().currentMessage() == (
        "Every quick win is an experiment already; see the Actions panel."
    )
    assert actions() == ["Welcome call"]

    # A new quick win is offered beside it; the one made is listed, unticked, untickable.
    checklist = next(n for n in window.document.board.notes.values() if n.text == "Checklist")
    by_hand = replace(
        checklist, impact=4, effort=2, impact_from_round=False, effort_from_round=False
    )
    window.document.board.update_notes([by_hand])  # placed by hand: filling keeps it
    assert make_quick_wins() == [
        ("Welcome call\nalready an experiment: Welcome call", False, False),
        ("Checklist\nquick win: impact 4, effort 2", True, True),
    ]
    assert actions() == ["Welcome call", "Checklist"]
