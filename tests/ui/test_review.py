"""The review of last time: its notice, and the outcomes recorded from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaStatus
from app.core.demo import build_demo_session
from app.core.types import ActionStatus, Decision, OutcomeResult
from app.storage.repository import SessionRepository
from app.ui.outcome_dialog import OutcomeDialog
from app.ui.review import ReviewOutcomesDialog
from app.ui.settings import AppSettings
from tests.ui.windows import open_session


def test_the_review_asks_for_missing_outcomes_and_records_them_on_last_times_actions(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, when_modal_opens
):
    demo = build_demo_session()
    repository.add_session(demo)
    brought_back = [a for a in demo.action_items if a.status is not ActionStatus.DONE]
    follow_up = repository.duplicate_as_template(demo.id, review=True)
    window = open_session(qtbot, repository, settings, follow_up.id)
    notice = window.review.notice
    # The agenda starts with the review: the notice says what is missing.
    assert window.timer.phase is not None
    window.review.follow_phase(window.timer.phase)
    qtbot.waitUntil(notice.isVisible)
    count = len(brought_back)
    assert notice.text() == (
        f"{count} experiments came back from last time; {count} without an outcome yet. "
        "Ctrl+Shift+O records the outcomes."
    )
    first = brought_back[0]
    done: list[bool] = []

    def in_the_outcome(dialog: QWidget) -> None:
        assert isinstance(dialog, OutcomeDialog)
        dialog.decision_combo.setFocus()
        qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Down)  # Adopt
        qtbot.keyClick(dialog.decision_combo, Qt.Key.Key_Return)
        done.append(True)

    def in_the_list(dialog: QWidget) -> None:
        assert isinstance(dialog, ReviewOutcomesDialog)
        assert dialog.list.currentRow() == 0 and dialog.list.hasFocus()
        assert "not tried yet" in dialog.list.item(0).text()
        when_modal_opens(in_the_outcome)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        assert "Worked · adopt" in dialog.list.item(0).text()
        assert dialog.list.currentRow() == 1  # on to the next one without an outcome
        qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)

    when_modal_opens(in_the_list)
    qtbot.keyClick(
        window.capture_bar.idea_edit,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert done == [True]
    stored = next(a for a in repository.actions.action_items(demo.id) if a.id == first.id)
    assert stored.outcome is not None
    assert (stored.outcome.result, stored.outcome.decision) == (
        OutcomeResult.WORKED,
        Decision.ADOPT,
    )
    assert stored.status is ActionStatus.DONE
    if first.source_note_id:
        assert (
            repository.actions.idea_statuses(demo.id)[first.source_note_id] is IdeaStatus.ADOPTED
        )
    assert f"{count - 1} without an outcome yet" in notice.text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert next(a for a in repository.actions.action_items(demo.id) if a.id == first.id) == first
    assert f"{count} without an outcome yet" in notice.text()


def test_the_review_with_every_panel_open_fits_a_1280_pixel_screen(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    demo = build_demo_session()
    repository.add_session(demo)
    follow_up = repository.duplicate_as_template(demo.id, review=True)
    window = open_session(qtbot, repository, settings, follow_up.id)
    window.review.follow_phase(window.timer.phase)
    window.actions_controller.open_panel()
    qtbot.waitUntil(lambda: window.review.notice.isVisible() and window.actions_dock.isVisible())
    # The review's long phase title wraps in the timer instead of widening the window.
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 720
