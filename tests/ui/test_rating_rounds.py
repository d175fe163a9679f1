"""Rating rounds through the real window: set-up, ballots by keys and clicks, the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.rating import IMPACT_EFFORT, criteria_refusal
from app.core.types import RoundKind
from app.core.voting import SELF_VOTE_REFUSAL, voter_order
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.criteria_editor import OWN
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.round_helpers import (
    Arrange,
    authored_session,
    let_vote_again,
    note_id,
    open_ballot,
    person,
    press,
    press_undo,
    start_round,
    stored_round,
)
from tests.ui.windows import open_session


def ratings_of(window, vote_round) -> set[tuple[str, str, str, int]]:
    """The stored ratings as (voter, note text, criterion name, value)."""
    people = {p.id: p.name for p in window.document.people.values()}
    notes = {n.id: n.text for n in window.document.board.notes.values()}
    names = {c.id: c.name for c in vote_round.criteria}
    return {
        (people[r.voter_id], notes[r.item_id], names[r.criterion_id], r.value)
        for r in vote_round.ratings
    }


def test_a_whole_rating_round_by_keys_and_clicks(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.RATING)  # ICE: three 1-10 scales
    opened = stored_round(repository, window)
    assert opened.kind is RoundKind.RATING
    assert [(c.name, c.min, c.max) for c in opened.criteria] == [
        ("Impact", 1, 10),
        ("Confidence", 1, 10),
        ("Ease", 1, 10),
    ]
    assert all(c.id for c in opened.criteria)
    steps = window.document.undo_stack.count()

    # Ann, keys only: a digit gives a value and moves on; 0 is 10; Backspace clears.
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RatingBallotPage)
    assert [window.document.board.notes[i].text for i in ballot.item_ids] == [
        "Welcome call",
        "Checklist",
        "Pre-filled accounts",
        "Video tour",
    ]
    press(qtbot, ballot, "7053")  # Welcome call 7, 10, 5; Checklist's impact 3
    press(qtbot, ballot, "xv8")  # nothing to clear here; Pre-filled accounts' confidence 8
    press(qtbot, ballot, "<<^x")  # back to Checklist's impact, cleared
    assert ballot.counter.text() == "2 of 4 rated"
    # Stored as given, before Done.
    assert ratings_of(window, stored_round(repository, window)) == {
        ("Ann", "Welcome call", "Impact", 7),
        ("Ann", "Welcome call", "Confidence", 10),
        ("Ann", "Welcome call", "Ease", 5),
        ("Ann", "Pre-filled accounts", "Confidence", 8),
    }
    press(qtbot, ballot, "!")
    assert window.voting.currentWidget() is window.voting.curtain
    # The next voter learns what kind of ballot waits before picking their name.
    assert "1 of 3 have voted\nBlind and anonymous rating round on 3 criteria" in (
        window.voting.curtain.subtitle.text()
    )

    # Bo, by mouse: a cell, then a value under the grid; Done. He skips the rest.
    ballot = open_ballot(qtbot, window, "Bo")
    assert isinstance(ballot, RatingBallotPage)
    assert ballot.cells[0][0].text() == "·"  # nothing of Ann's shows
    for row, column, value in ((3, 0, 9), (3, 2, 2)):
        qtbot.mouseClick(ballot.cells[row][column], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ballot.value_buttons[value - 1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)

    # Cy types straight through ten cells.
    ballot = open_ballot(qtbot, window, "Cy")
    press(qtbot, ballot, "1234567890!")

    stored = stored_round(repository, window)
    assert ratings_of(window, stored) == {
        ("Ann", "Welcome call", "Impact", 7),
        ("Ann", "Welcome call", "Confidence", 10),
        ("Ann", "Welcome call", "Ease", 5),
        ("Ann", "Pre-filled accounts", "Confidence", 8),
        ("Bo", "Video tour", "Impact", 9),
        ("Bo", "Video tour", "Ease", 2),
        ("Cy", "Welcome call", "Impact", 1),
        ("Cy", "Welcome call", "Confidence", 2),
        ("Cy", "Welcome call", "Ease", 3),
        ("Cy", "Checklist", "Impact", 4),
        ("Cy", "Checklist", "Confidence", 5),
        ("Cy", "Checklist", "Ease", 6),
        ("Cy", "Pre-filled accounts", "Impact", 7),
        ("Cy", "Pre-filled accounts", "Confidence", 8),
        ("Cy", "Pre-filled accounts", "Ease", 9),
        ("Cy", "Video tour", "Impact", 10),
    }
    assert stored.dots == ()
    assert set(stored.finished_voter_ids) == {person(window, n) for n in ("Ann", "Bo", "Cy")}
    # Not one value went on the session's undo stack.
    assert window.document.undo_stack.count() == steps
    assert "Start vote round" in window.undo.undo_action.text()


def test_vote_again_clears_ratings_and_undo_gives_them_back(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.RATING)
    press(qtbot, open_ballot(qtbot, window, "Ann"), "456v7!")
    before = stored_round(repository, window)
    assert len(before.ratings) == 4

    let_vote_again(qtbot, window, when_modal_opens, "Ann")
    assert stored_round(repository, window).ratings == ()
    assert window.voting.curtain.name_buttons[person(window, "Ann")].isEnabled()
    assert window.undo.undo_action.text() == "&Undo Let Ann vote again"
    press_undo(qtbot, window)
    back = stored_round(repository, window)
    assert set(back.ratings) == set(before.ratings)
    assert back.finished_voter_ids == before.finished_voter_ids
    assert not window.voting.curtain.name_buttons[person(window, "Ann")].isEnabled()


def test_vote_again_names_the_right_one_of_two_people_called_alike(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    twins = (("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support"), ("Ann", "Support"))
    session = authored_session(repository, participants=twins)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.RATING)
    sales_ann, support_ann = (p.id for p in window.document.people.values() if p.name == "Ann")
    curtain = window.voting.curtain
    for ann, keys in ((sales_ann, "45!"), (support_ann, "78!")):
        qtbot.mouseClick(curtain.name_buttons[ann], Qt.MouseButton.LeftButton)
        page = window.voting.currentWidget()
        assert isinstance(page, RatingBallotPage)

        def has_the_keyboard(page: QWidget = page) -> bool:
            return QApplication.focusWidget() is page

        qtbot.waitUntil(has_the_keyboard)
        press(qtbot, page, keys)

    offered: list[str] = []

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        offered.extend(dialog.comboBoxItems())
        dialog.setTextValue("Ann (Support)")
        dialog.accept()

    when_modal_opens(pick)
    qtbot.mouseClick(curtain.redo_button, Qt.MouseButton.LeftButton)
    assert offered == ["Ann (Sales)", "Ann (Support)"]
    stored = stored_round(repository, window)
    assert {r.voter_id for r in stored.ratings} == {sales_ann}  # only hers are gone
    assert stored.finished_voter_ids == (sales_ann,)


def test_own_ideas_and_values_off_the_scale_are_refused_with_the_reason(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)

    def impact_and_effort(dialog: RoundDialog) -> None:
        combo = dialog.criteria_editor.template_combo
        combo.setFocus()
        while combo.currentData() != IMPACT_EFFORT.key:
            qtbot.keyClick(combo, Qt.Key.Key_Down)

    start_round(
        qtbot,
        window,
        when_modal_opens,
        RoundKind.RATING,
        arrange=impact_and_effort,
        no_self_votes=True,
    )
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RatingBallotPage)
    assert ballot.cells[0][0].text() == "your idea"  # Ann wrote the welcome call
    # The keyboard starts on the first item Ann may rate, the checklist.
    start = ballot.current()
    assert start is not None and start[0] == note_id(window, "Checklist")
    press(qtbot, ballot, "^3")
    assert ballot.message.text() == SELF_VOTE_REFUSAL
    press(qtbot, ballot, "v6")
    assert ballot.message.text() == "Impact goes from 1 to 5; 6 is not on its scale."
    press(qtbot, ballot, "42")
    assert ballot.message.text() == ""
    # Typing on passes over her own ideas: the video tour (hers) is never reached.
    press(qtbot, ballot, "3551")  # the last cell she may rate takes the last two values
    here = ballot.current()
    assert here is not None and here[0] == note_id(window, "Pre-filled accounts")
    assert here[1].name == "Effort"
    press(qtbot, ballot, "!")
    stored = stored_round(repository, window)
    effort = next(c for c in stored.criteria if c.name == "Effort")
    assert not effort.higher_is_better
    assert ratings_of(window, stored) == {
        ("Ann", "Checklist", "Impact", 4),
        ("Ann", "Checklist", "Effort", 2),
        ("Ann", "Pre-filled accounts", "Impact", 3),
        ("Ann", "Pre-filled accounts", "Effort", 1),
    }
    # The next round of the session starts with the same bias controls.
    following = RoundDialog(window.document, window)
    assert following.no_self_box.isChecked() and not following.shuffle_box.isChecked()
    following.deleteLater()


def test_each_voter_has_an_order_of_their_own_that_survives_a_crash(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository, ideas=8)
    window = open_session(qtbot, repository, settings, session.id)
    start_round(qtbot, window, when_modal_opens, RoundKind.RATING, shuffle=True)
    assert window.voting.curtain.subtitle.text().endswith("·  items in your own order")
    vote_round = stored_round(repository, window)
    board_order = window.document.voting.round_items(vote_round)
    ann, bo = person(window, "Ann"), person(window, "Bo")
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RatingBallotPage)
    anns = ballot.item_ids
    assert anns == voter_order(vote_round.id, ann, board_order) != board_order
    press(qtbot, ballot, "4")  # then the laptop dies, before Done
    first = anns[0]
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the test's cleanup
    window.close()

    window = open_session(qtbot, repository, settings, session.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_V, ctrl_shift)  # Ctrl+Shift+V: the open round's curtain
    assert window.voting.currentWidget() is window.voting.curtain
    ballot = open_ballot(qtbot, window, "Ann")
    assert isinstance(ballot, RatingBallotPage)
    assert ballot.item_ids == anns  # the same order again
    impact = ballot.ballot.criteria[0].id
    assert ballot.ballot.value(first, impact) == 4 and ballot.cells[0][0].text() == "4"
    press(qtbot, ballot, "!")
    ballot = open_ballot(qtbot, window, "Bo")
    assert isinstance(ballot, RatingBallotPage)
    assert ballot.item_ids == voter_order(vote_round.id, bo, board_order) != anns


def test_criteria_of_ones_own_are_refused_with_the_reason_until_they_can_be(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens: Arrange
):
    session = authored_session(repository)
    window = open_session(qtbot, repository, settings, session.id)
    seen: list[str] = []

    def own_criteria(dialog: RoundDialog) -> None:
        editor = dialog.criteria_editor
        combo = editor.template_combo
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_End)  # from ICE straight to criteria of one's own
        assert combo.currentData() == OWN and len(editor.rows) == 3
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
        assert len(editor.rows) == 2
        name = editor.rows[1].name
        name.selectAll()
        qtbot.keyClicks(name, "impact")
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        refusal = criteria_refusal(editor.criteria())
        assert refusal == "Two criteria are called “impact”: give each its own name."
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.error_label.text() == refusal
        seen.append(dialog.error_label.text())
        name.selectAll()
        qtbot.keyClicks(name, "Cost")
        high: QSpinBox = editor.rows[1].high
        high.lineEdit().selectAll()
        qtbot.keyClicks(high, "20")
        too_wide = "The scale of “Cost” has 20 steps; a scale has at most 11."
        assert dialog.error_label.text() == too_wide
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        high.lineEdit().selectAll()
        qtbot.keyClicks(high, "5")
        box = editor.rows[1].lower_better
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert dialog.error_label.isHidden()

    start_round(qtbot, window, when_modal_opens, RoundKind.RATING, arrange=own_criteria)
    assert seen
    stored = stored_round(repository, window)
    assert [(c.name, c.min, c.max, c.higher_is_better) for c in stored.criteria] == [
        ("Impact", 1, 10, True),
        ("Cost", 1, 5, False),
    ]
    assert len({c.id for c in stored.criteria}) == 2 and all(c.id for c in stored.criteria)
