"""A whole round on one laptop, driven by clicks and keys, checked against the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind, RoundStatus, Session
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.ballot_item import ItemCard
from app.ui.voting.matrix import MatrixDialog
from app.ui.voting.round_dialog import RoundDialog
from tests.fakes import FakeChime, FakeClock
from tests.ui.board_helpers import drag_on, type_idea
from tests.ui.conftest import click_message_button
from tests.ui.windows import open_session

Arrange = Callable[[Callable[[QWidget], None]], None]
IDEAS = ["Welcome call", "Checklist", "Pre-filled accounts", "Video tour"]


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            question="How might we halve onboarding time?",
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    repository.add_session(made)
    return made


@pytest.fixture
def window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
) -> SessionWindow:
    opened = open_session(qtbot, repository, settings, session.id)
    for idea in IDEAS:
        type_idea(qtbot, opened, idea)
    return opened


def start_round(
    qtbot: QtBot,
    window: SessionWindow,
    when_modal_opens: Arrange,
    *,
    anonymous: bool = True,
    blind: bool = True,
    dots: int = 2,
    cap: int = 1,
) -> None:
    def set_up(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        assert dialog.dots_spin.value() == 1  # a third of 4 items, suggested
        dialog.dots_spin.setValue(dots)
        dialog.cap_spin.setValue(cap)
        dialog.anonymous_box.setChecked(anonymous)
        dialog.blind_box.setChecked(blind)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    qtbot.keyClick(  # the next phase is the vote: it opens the flow
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert window.pages.currentWidget() is window.voting
    when_modal_opens(set_up)
    qtbot.mouseClick(window.voting.new_button, Qt.MouseButton.LeftButton)
    assert window.voting.currentWidget() is window.voting.curtain
    window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
    qtbot.waitUntil(window.isActiveWindow)


def card(window: SessionWindow, text: str) -> ItemCard:
    (found,) = [c for c in window.voting.ballot.cards if c.text_label.text() == text]
    return found


def vote_by_mouse(qtbot: QtBot, window: SessionWindow, name: str, picks: list[str]) -> None:
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, name)], Qt.MouseButton.LeftButton
    )
    assert window.voting.currentWidget() is window.voting.ballot
    for text in picks:
        qtbot.mouseClick(card(window, text), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.voting.ballot.done_button, Qt.MouseButton.LeftButton)


def person(window: SessionWindow, name: str) -> str:
    return next(p.id for p in window.document.people.values() if p.name == name)


def stored_round(repository: SessionRepository, window: SessionWindow):
    return repository.load_session(window.document.session_id).vote_rounds[-1]


def test_a_blind_round_with_three_voters(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens)
    curtain = window.voting.curtain
    assert "0 of 3 have voted" in curtain.subtitle.text()

    # Ann, by mouse: a second dot on the same item is refused, and says why.
    qtbot.mouseClick(curtain.name_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    ballot = window.voting.ballot
    qtbot.mouseClick(card(window, "Checklist"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card(window, "Checklist"), Qt.MouseButton.LeftButton)
    assert ballot.message.text() == "One dot per item in this round."
    qtbot.mouseClick(card(window, "Welcome call"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card(window, "Video tour"), Qt.MouseButton.LeftButton)
    assert ballot.message.text().startswith("All 2 of your dots are placed")
    assert ballot.left_label.text() == "0 dots left"
    assert all(c.total_label.text() == "" for c in ballot.cards)  # blind: no counts
    qtbot.mouseClick(card(window, "Welcome call").dots_label, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card(window, "Video tour"), Qt.MouseButton.LeftButton)
    # Every dot is stored as placed, before Done.
    assert {d.item_id for d in stored_round(repository, window).dots} == {
        n.id for n in window.document.board.notes.values() if n.text in ("Checklist", "Video tour")
    }
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)
    assert window.voting.currentWidget() is curtain
    assert not curtain.name_buttons[person(window, "Ann")].isEnabled()
    assert "1 of 3 have voted" in curtain.subtitle.text()

    # Bo, keyboard only: arrows, Space, Backspace, Ctrl+Z, Enter.
    bo = curtain.name_buttons[person(window, "Bo")]
    bo.setFocus()
    qtbot.keyClick(bo, Qt.Key.Key_Space)
    first = ballot.cards[0]
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert ballot.cards[1].hasFocus()
    qtbot.keyClick(ballot.cards[1], Qt.Key.Key_Space)
    qtbot.keyClick(ballot.cards[1], Qt.Key.Key_Backspace)
    qtbot.keyClick(ballot.cards[1], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ballot.ballot.used == 2
    qtbot.keyClick(ballot.cards[1], Qt.Key.Key_Return)
    assert window.voting.currentWidget() is curtain

    vote_by_mouse(qtbot, window, "Cy", ["Checklist"])
    assert "3 of 3 have voted" in curtain.subtitle.text()
    assert not curtain.live_button.isVisible()
    assert all(item.dots == 0 for item in window.scene.note_items.values())  # blind

    qtbot.mouseClick(curtain.close_button, Qt.MouseButton.LeftButton)
    stored = stored_round(repository, window)
    assert stored.status is RoundStatus.CLOSED
    assert len(stored.finished_voter_ids) == 3
    rows = window.voting.results.chart.rows
    assert [(label, entry.count, entry.rank, entry.tied) for entry, label in rows] == [
        ("Checklist", 3, 1, False),  # Ann, Bo (his Ctrl+Z put it back), Cy
        ("Welcome call", 1, 2, True),
        ("Video tour", 1, 2, True),
        ("Pre-filled accounts", 0, 4, False),
    ]
    assert "Anonymous round" in window.voting.results.breakdown.text()
    dots = {
        window.scene.note_items[n].note.text: window.scene.note_items[n].dots
        for n in window.document.board.notes
    }
    assert dots == {"Welcome call": 1, "Checklist": 3, "Pre-filled accounts": 0, "Video tour": 1}


def test_a_tie_gives_a_runoff_of_exactly_the_tied_items(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens, dots=1)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist"])
    vote_by_mouse(qtbot, window, "Bo", ["Video tour"])
    vote_by_mouse(qtbot, window, "Cy", ["Welcome call"])
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    first_round = stored_round(repository, window)
    (runoff_button,) = [
        button
        for button in window.voting.results.findChildren(QPushButton)
        if button.text().startswith("Runoff")
    ]
    assert runoff_button.text() == "Runoff between the 3 items tied at place 1"
    qtbot.mouseClick(runoff_button, Qt.MouseButton.LeftButton)
    runoff = stored_round(repository, window)
    assert runoff.runoff_of == first_round.id
    texts = {window.document.board.notes[i].text for i in runoff.item_ids}
    assert texts == {"Checklist", "Video tour", "Welcome call"}
    assert runoff.dots_per_voter == 1
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton
    )
    assert [c.text_label.text() for c in window.voting.ballot.cards] == [
        "Welcome call",
        "Checklist",
        "Video tour",
    ]


def test_after_a_runoff_the_main_result_stands_everywhere_and_every_round_stays_viewable(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens, dots=2)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist", "Video tour"])
    vote_by_mouse(qtbot, window, "Bo", ["Checklist", "Welcome call"])
    vote_by_mouse(qtbot, window, "Cy", ["Checklist", "Pre-filled accounts"])
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    main = stored_round(repository, window)
    (runoff_button,) = [
        b for b in window.voting.results.findChildren(QPushButton) if b.text().startswith("Runoff")
    ]
    assert runoff_button.text() == "Runoff between the 3 items tied at place 2"
    qtbot.mouseClick(runoff_button, Qt.MouseButton.LeftButton)
    vote_by_mouse(qtbot, window, "Ann", ["Welcome call"])
    vote_by_mouse(qtbot, window, "Bo", ["Welcome call"])
    vote_by_mouse(qtbot, window, "Cy", ["Video tour"])
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    runoff = stored_round(repository, window)
    assert runoff.runoff_of == main.id

    # The board keeps the main round's dots: the winner's 3, not the runoff's.
    dots = {item.note.text: item.dots for item in window.scene.note_items.values()}
    assert dots == {"Welcome call": 1, "Checklist": 3, "Pre-filled accounts": 1, "Video tour": 1}

    # The picker shows the main round again, ranked with its tie settled by the runoff.
    results = window.voting.results
    assert results.round_combo.isVisible() and results.round_combo.count() == 2
    results.round_combo.setFocus()
    qtbot.keyClick(results.round_combo, Qt.Key.Key_Up)
    assert results.heading.text() == main.title
    rows = [(label, entry.count, entry.rank, entry.tied) for entry, label in results.chart.rows]
    assert rows == [
        ("Checklist", 3, 1, False),
        ("Welcome call", 1, 2, False),  # 2 dots in the runoff
        ("Video tour", 1, 3, False),  # 1 dot in the runoff
        ("Pre-filled accounts", 1, 4, False),
    ]
    assert results.settled.isVisible() and "ties ordered by" in results.settled.text()
    assert not [b for b in results.findChildren(QPushButton) if b.text().startswith("Runoff")]

    # The 2×2 offers the winner first, then the runoff's order.
    offered: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        offered.extend(dialog.item_list.item(i).text() for i in range(dialog.item_list.count()))
        qtbot.keyClick(dialog.item_list, Qt.Key.Key_Escape)

    when_modal_opens(read_and_cancel)
    qtbot.mouseClick(results.matrix_button, Qt.MouseButton.LeftButton)
    assert offered == [  # numbered as their markers on the grid
        "1.  Checklist",
        "2.  Welcome call",
        "3.  Video tour",
        "4.  Pre-filled accounts",
    ]


def test_an_open_round_shows_live_counts_and_a_department_breakdown(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens, anonymous=False, blind=False, dots=3, cap=2)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist", "Checklist"])
    curtain = window.voting.curtain
    qtbot.mouseClick(curtain.name_buttons[person(window, "Bo")], Qt.MouseButton.LeftButton)
    assert card(window, "Checklist").total_label.text() == "2 so far"
    qtbot.mouseClick(card(window, "Checklist"), Qt.MouseButton.LeftButton)
    assert card(window, "Checklist").total_label.text() == "3 so far"
    qtbot.mouseClick(card(window, "Video tour"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.voting.ballot.done_button, Qt.MouseButton.LeftButton)
    assert curtain.live_button.isVisible()
    checklist = next(n for n in window.document.board.notes.values() if n.text == "Checklist")
    assert window.scene.note_items[checklist.id].dots == 3  # not blind: counts show live

    vote_by_mouse(qtbot, window, "Cy", ["Pre-filled accounts"])
    qtbot.mouseClick(curtain.close_button, Qt.MouseButton.LeftButton)
    text = window.voting.results.breakdown.text()
    assert "• Sales: top pick Checklist  (Checklist 3; Video tour 1)" in text
    assert "• Support: top pick Pre-filled accounts  (Pre-filled accounts 1)" in text


def test_closing_early_asks_and_redo_and_reopen_lose_nothing(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist", "Video tour"])
    questions: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Cancel, questions))
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    assert "2 of them have not voted yet: Bo, Cy" in questions[0]
    assert stored_round(repository, window).status is RoundStatus.OPEN

    # The facilitator lets Ann vote again: her dots are cleared (undo gives them back).
    def pick_ann(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QInputDialog

        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Ann")
        dialog.accept()

    when_modal_opens(pick_ann)
    qtbot.mouseClick(window.voting.curtain.redo_button, Qt.MouseButton.LeftButton)
    stored = stored_round(repository, window)
    assert stored.finished_voter_ids == () and stored.dots == ()
    assert window.voting.curtain.name_buttons[person(window, "Ann")].isEnabled()

    vote_by_mouse(qtbot, window, "Ann", ["Welcome call"])
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    closed = stored_round(repository, window)
    assert closed.status is RoundStatus.CLOSED

    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(window.voting.results.reopen_button, Qt.MouseButton.LeftButton)
    reopened = stored_round(repository, window)
    assert reopened.status is RoundStatus.OPEN and reopened.dots == closed.dots
    assert reopened.finished_voter_ids == closed.finished_voter_ids


def test_a_ballot_resumes_after_a_crash(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
):
    start_round(qtbot, window, when_modal_opens)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist"])
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, "Bo")], Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(card(window, "Video tour"), Qt.MouseButton.LeftButton)
    # The app dies here; a new window opens on the same database.
    again = SessionWindow(
        SessionDocument(repository, window.document.session_id),
        settings,
        clock=FakeClock(),
        chime=FakeChime(),
    )
    qtbot.addWidget(again)
    again.voting_controller.show_voting()
    curtain = again.voting.curtain
    assert again.voting.currentWidget() is curtain
    assert not curtain.name_buttons[person(again, "Ann")].isEnabled()  # finished ballot kept
    qtbot.mouseClick(curtain.name_buttons[person(again, "Bo")], Qt.MouseButton.LeftButton)
    assert again.voting.ballot.ballot.used == 1  # Bo's placed dot came back


def test_the_winners_go_on_the_impact_effort_grid(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens, dots=1)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist"])
    vote_by_mouse(qtbot, window, "Bo", ["Checklist"])
    vote_by_mouse(qtbot, window, "Cy", ["Video tour"])
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)

    def place(dialog: QWidget) -> None:
        assert isinstance(dialog, MatrixDialog)
        assert [dialog.item_list.item(i).text() for i in range(dialog.item_list.count())] == [
            "1.  Checklist",
            "2.  Video tour",
        ]
        dialog.item_list.setCurrentRow(0)
        dialog.impact_spin.setFocus()
        for _ in range(5):
            qtbot.keyClick(dialog.impact_spin, Qt.Key.Key_Up)
        dialog.effort_spin.setFocus()
        qtbot.keyClick(dialog.effort_spin, Qt.Key.Key_Up)
        assert dialog.quick_wins.text() == "Quick wins: Checklist"
        dialog.item_list.setCurrentRow(1)  # Video tour: typed first, then dragged
        dialog.impact_spin.setFocus()
        qtbot.keyClick(dialog.impact_spin, Qt.Key.Key_Up)
        dialog.effort_spin.setFocus()
        qtbot.keyClick(dialog.effort_spin, Qt.Key.Key_Up)
        board = dialog.board
        start = board.to_point(1, 1).toPoint()
        end = board.to_point(2, 5).toPoint()
        drag_on(qtbot, board, start, end)  # press, moves with the button held, release
        dialog.accept()

    when_modal_opens(place)
    qtbot.mouseClick(window.voting.results.matrix_button, Qt.MouseButton.LeftButton)
    notes = {
        n.text: (n.impact, n.effort)
        for n in repository.load_session(window.document.session_id).notes
    }
    assert notes["Checklist"] == (5, 1)
    assert notes["Video tour"] == (2, 5)
    assert window.undo.undo_action.text() == "&Undo Place on impact and effort"


def press_undo(qtbot: QtBot, window: SessionWindow, redo: bool = False) -> None:
    window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if redo:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_Z, modifiers)


def test_opening_and_closing_a_round_are_undo_steps(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens)
    undo = window.undo.undo_action
    assert undo.text() == "&Undo Start vote round “Which small change first?”"
    vote_by_mouse(qtbot, window, "Ann", ["Checklist", "Video tour"])
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(window.voting.curtain.close_button, Qt.MouseButton.LeftButton)
    assert stored_round(repository, window).status is RoundStatus.CLOSED
    assert window.voting.currentWidget() is window.voting.results
    assert undo.text() == "&Undo Close “Which small change first?”"

    press_undo(qtbot, window)  # the round is open again, with Ann's ballot
    reopened = stored_round(repository, window)
    assert reopened.status is RoundStatus.OPEN and reopened.closed_at is None
    assert len(reopened.dots) == 2 and reopened.finished_voter_ids == (person(window, "Ann"),)
    assert window.voting.currentWidget() is window.voting.curtain

    press_undo(qtbot, window)  # no round at all
    assert repository.load_session(window.document.session_id).vote_rounds == ()
    assert window.document.voting.vote_rounds == ()
    assert window.voting.currentWidget() is window.voting.start_page

    press_undo(qtbot, window, redo=True)  # back, with every dot it had
    again = stored_round(repository, window)
    assert again.id == reopened.id and sorted(again.dots, key=str) == sorted(
        reopened.dots, key=str
    )
    assert again.finished_voter_ids == reopened.finished_voter_ids
    assert window.voting.currentWidget() is window.voting.curtain
    assert (
        window.document.session.vote_rounds
        == repository.load_session(window.document.session_id).vote_rounds
    )


def test_nobody_can_undo_the_facilitator_from_a_ballot(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens)
    undo = window.undo.undo_action
    assert undo.isEnabled()
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, "Bo")], Qt.MouseButton.LeftButton
    )
    assert not undo.isEnabled() and undo.text() == "&Undo"  # not even the step's name
    first = card(window, "Checklist")
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.keyClick(first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Bo's own undo
    assert window.voting.ballot.ballot.used == 0
    assert len(repository.load_session(window.document.session_id).vote_rounds) == 1
    qtbot.mouseClick(window.voting.ballot.done_button, Qt.MouseButton.LeftButton)
    assert undo.isEnabled() and "Start vote round" in undo.text()


def test_letting_someone_vote_again_can_be_undone(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens: Arrange
):
    start_round(qtbot, window, when_modal_opens)
    vote_by_mouse(qtbot, window, "Ann", ["Checklist", "Video tour"])
    before = stored_round(repository, window)

    def pick_ann(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QInputDialog

        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Ann")
        dialog.accept()

    when_modal_opens(pick_ann)
    qtbot.mouseClick(window.voting.curtain.redo_button, Qt.MouseButton.LeftButton)
    assert stored_round(repository, window).dots == ()
    assert window.undo.undo_action.text() == "&Undo Let Ann vote again"
    press_undo(qtbot, window)
    back = stored_round(repository, window)
    assert sorted(back.dots, key=str) == sorted(before.dots, key=str)
    assert back.finished_voter_ids == before.finished_voter_ids
    assert not window.voting.curtain.name_buttons[person(window, "Ann")].isEnabled()


def test_a_ballot_of_sixteen_fits_a_projector_without_scrolling(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    from app.core.demo import build_demo_session
    from app.core.types import VoteRound, VoteTarget, new_id, utc_now
    from app.ui.voting.commands import OpenRoundCommand

    demo = build_demo_session()
    repository.add_session(demo)
    window = SessionWindow(
        SessionDocument(repository, demo.id), settings, clock=FakeClock(), chime=FakeChime()
    )
    qtbot.addWidget(window)
    window.resize(1280, 680)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    document = window.document
    items = tuple(list(document.board.notes)[:16])
    sixteen = VoteRound(
        new_id(),
        "Sixteen",
        VoteTarget.NOTES,
        3,
        1,
        True,
        True,
        RoundStatus.OPEN,
        opened_at=utc_now(),
        item_ids=items,
    )
    document.undo_stack.push(OpenRoundCommand(document, sixteen))
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    curtain = window.voting.curtain
    assert window.voting.currentWidget() is curtain
    assert window.header.goal_label.isVisible() and not window.tools.isVisible()
    maya = next(p.id for p in demo.participants if p.name == "Maya Chen")
    qtbot.mouseClick(curtain.name_buttons[maya], Qt.MouseButton.LeftButton)
    ballot = window.voting.ballot
    qtbot.waitUntil(lambda: ballot.isVisible())
    assert len(ballot.cards) == 16 and ballot.columns == 4
    assert not ballot.item_scroll.verticalScrollBar().isVisible()
    assert all(
        card.visibleRegion().boundingRect().height() == card.height() for card in ballot.cards
    )
    assert not window.header.goal_label.isVisible()  # the header is one strip
    assert not window.timer_widget.start_button.isVisible()
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)
    assert window.header.goal_label.isVisible() and window.timer_widget.start_button.isVisible()


def test_the_curtain_and_the_header_show_the_goal_and_its_target(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
):
    from dataclasses import replace
    from datetime import date

    from app.core.types import Goal, new_id

    goal = Goal(
        new_id(),
        "Customers live within a week",
        metric="days to go live",
        unit="days",
        baseline=9,
        target=5,
        target_date=date(2027, 3, 31),
    )
    made = replace(
        build_session(
            NewSessionSpec(
                title="Faster onboarding",
                goal="Customers live within a week",
                participants=(("Ann", "Sales"), ("Bo", "Support")),
                phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.VOTE, "Vote", 300)),
            )
        ),
        goal_record=goal,
    )
    repository.add_session(made)
    window = open_session(qtbot, repository, settings, made.id)
    for idea in IDEAS:
        type_idea(qtbot, window, idea)
    line = "Goal: Customers live within a week  ·  days to go live: target 5 days by 31 Mar 2027"
    assert window.header.goal_label.text() == line
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)  # the room's view
    room = window.room_view.window
    assert room is not None
    qtbot.waitExposed(room)
    assert room.goal_label.text() == line and not room.goal_label.isHidden()
    room.activateWindow()
    qtbot.waitUntil(room.isActiveWindow)
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start_round(qtbot, window, when_modal_opens)
    curtain = window.voting.curtain
    assert curtain.goal_label.isVisible() and curtain.goal_label.text() == line
    # The goal edited while the laptop goes round (in the library, or another laptop):
    # the curtain and the header say the new target.
    repository.goals.update_goal(replace(repository.goals.goal(goal.id), target=4))
    window.document.reread_goal()
    edited = line.replace("target 5 days", "target 4 days")
    assert curtain.goal_label.text() == edited and window.header.goal_label.text() == edited
