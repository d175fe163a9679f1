"""The timer in the window: every control by key and mouse, cues, persistence, the room."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.agenda import AGENDA_TEMPLATES
from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, Phase, PhaseStatus, Session, SessionStatus
from app.storage.repository import SessionRepository
from app.ui.room.window import DIGITS_SHARE, AudienceWindow
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.timer.agenda_dialog import AgendaDialog
from tests.fakes import FakeChime, FakeClock
from tests.ui.board_helpers import type_idea
from tests.ui.conftest import click_message_button
from tests.ui.windows import open_session

SPEC = NewSessionSpec(
    title="Faster onboarding",
    question="How might we halve onboarding time?",
    participants=(("Maya Chen", "Operations"), ("Jonas Weber", "Sales")),
    phases=AGENDA_TEMPLATES["Classic brainstorm"],  # Ideate 10 / Cluster 5 / Vote 5 / Actions 10
)

Opener = Callable[..., SessionWindow]


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    made = build_session(SPEC)
    repository.add_session(made)
    return made


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def chime() -> FakeChime:
    return FakeChime()


@pytest.fixture
def open_window(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    session: Session,
    clock: FakeClock,
    chime: FakeChime,
) -> Opener:
    def open_it(ask: Callable[[Phase, float], bool] | None = None) -> SessionWindow:
        return open_session(
            qtbot,
            repository,
            settings,
            session.id,
            clock=clock,
            chime=chime,
            ask_about_gap=ask or (lambda _phase, _gap: pytest.fail("no question expected")),
        )

    return open_it


def press_start(qtbot: QtBot, window: SessionWindow) -> None:
    """Ctrl+Space from the capture bar, where the keyboard is during a session."""
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier
    )


def go_to_phase(qtbot: QtBot, window: SessionWindow, index: int) -> None:
    """Ctrl+PgDown or Ctrl+PgUp until the phase numbered ``index`` (from 0) is on."""
    while (number := window.timer.position()[0] - 1) != index:
        key = Qt.Key.Key_PageDown if number < index else Qt.Key.Key_PageUp
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def stored_phases(repository: SessionRepository, session: Session) -> tuple[Phase, ...]:
    return repository.load_session(session.id).phases


def press(qtbot: QtBot, window: SessionWindow, key: Qt.Key) -> None:
    window.timer_widget.setFocus()
    qtbot.keyClick(window.timer_widget, key)


def digits(window: SessionWindow) -> str:
    return window.timer_widget.digits.text()


def test_every_control_by_mouse_and_key(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
):
    window = open_window()
    assert digits(window) == "10:00"
    qtbot.mouseClick(window.timer_widget.start_button, Qt.MouseButton.LeftButton)
    first = stored_phases(repository, session)[0]
    assert first.status is PhaseStatus.RUNNING and first.started_at == clock.now()
    assert repository.load_session(session.id).status is SessionStatus.RUNNING

    clock.advance(30)
    window.timer.check()
    assert digits(window) == "9:30"
    press(qtbot, window, Qt.Key.Key_Space)
    first = stored_phases(repository, session)[0]
    assert (first.status, first.elapsed_seconds, first.running_since) == (
        PhaseStatus.PAUSED,
        30,
        None,
    )
    clock.advance(500)  # paused: nothing counts
    window.timer.check()
    assert digits(window) == "9:30"

    press(qtbot, window, Qt.Key.Key_Plus)
    assert digits(window) == "10:30"
    assert stored_phases(repository, session)[0].adjust_seconds == 60
    qtbot.mouseClick(window.timer_widget.plus_button, Qt.MouseButton.LeftButton)
    assert digits(window) == "11:30"
    press(qtbot, window, Qt.Key.Key_Minus)
    press(qtbot, window, Qt.Key.Key_Minus)
    qtbot.mouseClick(window.timer_widget.minus_button, Qt.MouseButton.LeftButton)
    assert digits(window) == "8:30"

    press(qtbot, window, Qt.Key.Key_N)
    phases = stored_phases(repository, session)
    assert phases[0].status is PhaseStatus.DONE and phases[0].elapsed_seconds == 30
    assert window.timer.phase is not None and window.timer.phase.title == "Cluster"
    assert digits(window) == "5:00"
    assert repository.load_session(session.id).current_phase_id == phases[1].id

    press(qtbot, window, Qt.Key.Key_P)
    back = stored_phases(repository, session)[0]
    assert back.status is PhaseStatus.PAUSED and back.elapsed_seconds == 30  # nothing lost
    assert digits(window) == "8:30"
    press(qtbot, window, Qt.Key.Key_R)
    assert digits(window) == "9:00"  # full time again, the minute taken away still taken
    assert stored_phases(repository, session)[0].elapsed_seconds == 0

    qtbot.mouseClick(window.timer_widget.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.timer_widget.previous_button, Qt.MouseButton.LeftButton)
    assert window.timer.phase is not None and window.timer.phase.title == "Ideate"


def test_global_shortcuts_work_while_typing(qtbot: QtBot, open_window: Opener, clock: FakeClock):
    window = open_window()
    edit = window.capture_bar.idea_edit
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(edit, Qt.Key.Key_Space, control)
    assert window.timer.running
    qtbot.keyClick(edit, Qt.Key.Key_Equal, control)
    assert window.timer.remaining() == 660
    qtbot.keyClick(edit, Qt.Key.Key_Minus, control)
    qtbot.keyClick(edit, Qt.Key.Key_Minus, control)
    assert window.timer.remaining() == 540
    qtbot.keyClick(edit, Qt.Key.Key_PageDown, control)
    assert window.timer.phase is not None and window.timer.phase.title == "Cluster"
    qtbot.keyClick(edit, Qt.Key.Key_PageUp, control)
    assert window.timer.phase is not None and window.timer.phase.title == "Ideate"
    assert edit.text() == ""


def test_cues_chime_once_and_overtime(
    qtbot: QtBot, open_window: Opener, clock: FakeClock, chime: FakeChime
):
    window = open_window()
    press_start(qtbot, window)
    clock.advance(9 * 60 + 1)
    window.timer.check()
    assert "#FFB020" in window.timer_widget.digits.styleSheet()  # amber: last minute
    clock.advance(50)
    window.timer.check()
    assert "#D92D20" in window.timer_widget.digits.styleSheet()  # red: last ten seconds
    assert chime.played == 0
    clock.advance(14)
    window.timer.check()
    window.timer.check()
    assert chime.played == 1
    assert digits(window) == "+0:05"
    assert "over time" in window.timer_widget.state_label.text()
    assert "Time is up for Ideate" in window.statusBar().currentMessage()


def test_mute_is_remembered_and_silences_the_chime(
    qtbot: QtBot, open_window: Opener, clock: FakeClock, chime: FakeChime, settings: AppSettings
):
    window = open_window()
    qtbot.mouseClick(window.timer_widget.mute_button, Qt.MouseButton.LeftButton)
    assert settings.flag("timer/muted")
    again = open_window()
    assert again.timer_widget.mute_button.isChecked()
    press_start(qtbot, again)
    clock.advance(601)
    again.timer.check()
    assert chime.played == 0


def test_the_timer_survives_a_restart_of_the_window(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
):
    window = open_window()
    press_start(qtbot, window)
    clock.advance(100)
    # No close, no goodbye: the window is simply gone, as after a kill.
    window.timer._repaint.stop()
    window.timer._checkpoint.stop()
    clock.advance(45)
    again = open_window()
    assert again.timer.running
    assert again.timer.remaining() == 600 - 145
    clock.advance(5)
    again.timer.check()
    assert digits(again) == "7:30"


def test_after_a_long_gap_the_facilitator_chooses(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
):
    window = open_window()
    press_start(qtbot, window)
    clock.advance(60)
    window.timer.checkpoint()
    window.timer.stop()
    clock.advance(12 * 60)
    asked: list[float] = []

    def pause_please(_phase: Phase, gap: float) -> bool:
        asked.append(gap)
        return False

    again = open_window(ask=pause_please)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [720]
    assert not again.timer.running and again.timer.remaining() == 540
    assert stored_phases(repository, session)[0].status is PhaseStatus.PAUSED


def test_the_long_gap_question_asks_in_plain_words(
    qtbot: QtBot, open_window: Opener, clock: FakeClock, when_modal_opens
):
    window = open_window()
    questions: list[str] = []

    def keep(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        questions.append(widget.text())
        (keep_button,) = [b for b in widget.buttons() if b.text() == "Keep counting"]
        qtbot.mouseClick(keep_button, Qt.MouseButton.LeftButton)

    when_modal_opens(keep)
    assert window.timer_controller._ask_gap_question(window.document.phases[0], 15 * 60) is True
    assert "was running when Dotstorm closed, 15 minutes ago" in questions[0]


def test_the_board_locks_at_zero_until_unlocked(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
):
    from dataclasses import replace

    phases = list(stored_phases(repository, session))
    phases[0] = replace(phases[0], lock_at_zero=True)
    repository.save_phases(session.id, tuple(phases), phases[0].id)
    window = open_window()
    press_start(qtbot, window)
    clock.advance(601)
    window.timer.check()
    assert window.timer.board_locked
    type_idea(qtbot, window, "too late")
    assert repository.load_session(session.id).notes == ()
    assert window.capture_bar.idea_edit.text() == "too late"  # kept, not lost
    assert "board is locked" in window.capture_bar.message_label.text()
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)
    assert [n.text for n in repository.load_session(session.id).notes] == ["too late"]
    assert stored_phases(repository, session)[0].lock_released


def test_phases_drive_the_capture_bar_and_silence(
    qtbot: QtBot, open_window: Opener, repository: SessionRepository, session: Session
):
    window = open_window()
    assert window.capture_bar.isVisible()
    go_to_phase(qtbot, window, 2)  # Vote
    assert not window.capture_bar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.capture_bar.isVisible()  # the facilitator can always bring it back
    go_to_phase(qtbot, window, 0)
    assert window.capture_bar.isVisible() and not window.document.is_silent


def test_presentation_mode_is_large_and_takes_the_timer_keys(
    qtbot: QtBot, open_window: Opener, clock: FakeClock
):
    window = open_window()
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    room = window.room_view.window
    assert isinstance(room, AudienceWindow)
    qtbot.waitExposed(room)
    assert room.isFullScreen()
    assert room.question_label.text() == "How might we halve onboarding time?"
    assert room._digit_pixels == int(room.height() * DIGITS_SHARE)
    assert room.goal_label.isHidden() == (not window.document.session.goal)
    room.activateWindow()
    qtbot.waitUntil(room.isActiveWindow)
    qtbot.keyClick(room, Qt.Key.Key_Space)
    assert window.timer.running
    clock.advance(61)
    window.timer.check()
    assert room.digits.text() == "8:59"
    qtbot.keyClick(room, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)  # "+" as typed
    assert room.digits.text() == "9:59"
    qtbot.keyClick(room, Qt.Key.Key_N)
    assert room.phase_label.text().startswith("Cluster")
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    assert window.room_view.window is None


def test_with_one_screen_the_projector_view_says_what_to_do(qtbot: QtBot, open_window: Opener):
    window = open_window()
    assert window.room_view.other_screen() is None
    qtbot.keyClick(window, Qt.Key.Key_F11, Qt.KeyboardModifier.ControlModifier)
    assert window.room_view.window is None
    assert "Presentation mode (F11)" in window.statusBar().currentMessage()


def test_the_agenda_can_change_during_the_session(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
    when_modal_opens,
):
    window = open_window()
    press_start(qtbot, window)
    clock.advance(120)

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, AgendaDialog)
        editor = dialog.editor
        editor.table.selectRow(3)  # Actions
        qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        title = editor.table.item(4, 1)
        assert title is not None
        title.setText("Wrap-up")
        dialog.accept()

    when_modal_opens(edit)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_A, shift_ctrl)
    phases = stored_phases(repository, session)
    assert [p.title for p in phases] == ["Ideate", "Cluster", "Actions", "Vote", "Wrap-up"]
    assert phases[0].status is PhaseStatus.RUNNING and phases[0].elapsed_seconds == 120
    assert window.timer.running and window.timer.remaining() == 480
    assert window.undo.undo_action.text() == "&Undo Edit the agenda"

    # A minute later the facilitator undoes the edit from the board: the agenda is as
    # it was, and the minute that ran is still counted.
    clock.advance(60)
    window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    phases = stored_phases(repository, session)
    assert [p.title for p in phases] == ["Ideate", "Cluster", "Vote", "Actions"]
    assert window.timer.running and window.timer.remaining() == 420
    assert [p.title for p in window.document.phases] == [p.title for p in phases]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, shift_ctrl)
    assert [p.title for p in stored_phases(repository, session)][-1] == "Wrap-up"
    assert window.timer.running and window.timer.remaining() == 420


def test_ending_after_the_last_phase(
    qtbot: QtBot,
    open_window: Opener,
    repository: SessionRepository,
    session: Session,
    when_modal_opens,
):
    window = open_window()
    go_to_phase(qtbot, window, len(window.document.phases) - 1)
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    stored = repository.load_session(session.id)
    assert stored.status is SessionStatus.FINISHED and stored.ended_at is not None
    assert "Backed up to" in window.statusBar().currentMessage()  # a verified copy at the end
    assert digits(window) == "—"
    assert window.timer_widget.state_label.text() == "All phases done"


def test_ctrl_z_takes_a_phase_move_back_and_each_phase_keeps_its_time(
    qtbot: QtBot,
    open_window: Opener,
    clock: FakeClock,
    repository: SessionRepository,
    session: Session,
):
    window = open_window()
    press_start(qtbot, window)
    clock.advance(90)
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    ideate, cluster = stored_phases(repository, session)[:2]
    assert (ideate.status, ideate.elapsed_seconds) == (PhaseStatus.DONE, 90)
    assert window.document.undo_stack.undoText() == f"Move to “{cluster.title}”"
    press_start(qtbot, window)  # the cluster phase runs for a minute
    clock.advance(60)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    ideate, cluster = stored_phases(repository, session)[:2]
    assert window.timer.phase is not None and window.timer.phase.id == ideate.id
    assert (ideate.status, ideate.elapsed_seconds) == (PhaseStatus.PAUSED, 90)
    assert (cluster.status, cluster.elapsed_seconds) == (PhaseStatus.PAUSED, 60)
    assert repository.load_session(session.id).current_phase_id == ideate.id
    assert digits(window) == "8:30" and not window.timer.running


def test_ctrl_z_opens_an_ended_session_again_on_its_last_phase(
    qtbot: QtBot,
    open_window: Opener,
    repository: SessionRepository,
    session: Session,
    when_modal_opens,
):
    window = open_window()
    go_to_phase(qtbot, window, len(window.document.phases) - 1)
    last = window.document.phases[-1]
    press_start(qtbot, window)
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert "Ctrl+Z opens it again" in window.statusBar().currentMessage()
    assert window.document.undo_stack.undoText() == "End the session"
    window.activateWindow()  # offscreen Qt gives the keyboard back only when asked
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = repository.load_session(session.id)
    assert stored.status is SessionStatus.RUNNING and stored.ended_at is None
    assert stored.current_phase_id == last.id
    assert window.timer.phase is not None and window.timer.phase.id == last.id
    assert window.timer_widget.state_label.text() != "All phases done"
    qtbot.keyClick(
        window.capture_bar.idea_edit,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert repository.load_session(session.id).status is SessionStatus.FINISHED


def test_the_real_chime_never_raises_without_audio():
    import subprocess
    import sys

    code = (
        "import logging; logging.basicConfig(level=logging.WARNING)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.ui.timer.phase_timer import SoundChime\n"
        "SoundChime().play(); SoundChime().play()\n"
        "print('quiet and fine')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "quiet and fine"
    # Silent because there is nowhere to play, not because playing failed and was hushed.
    assert "could not be played" not in result.stderr, result.stderr


def test_the_bundled_chime_is_a_sound_a_laptop_can_play():
    import wave

    from app.assets import resource

    with wave.open(str(resource("sounds/chime.wav"))) as chime:
        seconds = chime.getnframes() / chime.getframerate()
        assert chime.getnchannels() in (1, 2) and chime.getsampwidth() in (2, 3)
        assert 0.3 <= seconds <= 5  # heard, and over before the room talks again


def test_a_running_session_is_backed_up_every_half_hour(
    qtbot: QtBot, open_window: Opener, db_path, clock: FakeClock
):
    window = open_window()
    window.timer_controller.periodic_backup()
    backups = db_path.parent / "backups"
    assert not list(backups.glob("*-periodic.sqlite3"))  # not running: nothing to do
    press_start(qtbot, window)
    window.timer_controller.periodic_backup()
    assert len(list(backups.glob("*-periodic.sqlite3"))) == 1
    assert window.timer_controller.backup_timer.interval() == 30 * 60 * 1000
    assert "Backed up" not in window.statusBar().currentMessage()  # a good one stays quiet
    # An old backup the rotation cannot delete is named in the status bar.
    from datetime import datetime, timedelta

    stamp = (datetime.now() - timedelta(days=30)).strftime("%Y%m%d-%H%M%S-%f")
    (backups / f"dotstorm-{stamp}-periodic.sqlite3").mkdir()
    for hours in range(1, 11):
        newer = (datetime.now() - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S-%f")
        (backups / f"dotstorm-{newer}-periodic.sqlite3").write_bytes(b"copy")
    window.timer_controller.periodic_backup()
    shown = window.statusBar().currentMessage()
    assert "old backups could not be removed" in shown and stamp in shown
