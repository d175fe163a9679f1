"""6-3-5 on one laptop, through the real window by keys: the rounds, then the sheets typed up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.techniques.brainwriting_phase import phase_ideas, phase_settings
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.fakes import FakeChime, FakeClock
from tests.ui.board_helpers import type_idea
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session
from tests.ui.windows import open_session


def _open(qtbot, repository, settings, session, clock=None, chime=None) -> SessionWindow:
    return open_session(
        qtbot,
        repository,
        settings,
        session.id,
        clock=clock or FakeClock(),
        chime=chime or FakeChime(),
        ask_about_gap=lambda _phase, _gap: pytest.fail("no question expected"),
    )


def _names(window: SessionWindow) -> dict[str, str]:
    return {p.name: p.id for p in window.document.people.values()}


def test_the_laptop_runs_the_rounds_and_says_pass_your_sheet(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=True)
    repository.add_session(session)
    clock, chime = FakeClock(), FakeChime()
    window = _open(qtbot, repository, settings, session, clock, chime)
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier
    )
    stored = phase_settings(repository.load_session(session.id).phases[0])
    assert stored is not None
    names = _names(window)
    assert stored.people == (names["Ana"], names["Bo"], names["Cy"])
    assert window.timer_widget.digits.text() == "1:00"
    assert "Round 1 of 3" in window.timer_widget.state_label.text()

    clock.advance(ROUND + 5)
    window.timer.check()
    assert window.timer_widget.digits.text() == "0:55"
    assert "Round 2 of 3" in window.timer_widget.state_label.text()
    assert window.statusBar().currentMessage() == "Pass your sheet to the left. Round 2 of 3."
    assert chime.played == 1

    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)  # the room's view
    room = window.room_view.window
    assert room is not None
    assert "Round 2 of 3" in room.phase_label.text()
    assert room.digits.text() == "0:55"
    clock.advance(ROUND)
    window.timer.check()
    assert room.notice.text() == "Pass your sheet to the left. Round 3 of 3."


def test_the_capture_takes_a_sheet_at_a_time_each_idea_on_the_one_before(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=True, capture_first=True)
    repository.add_session(session)
    window = _open(qtbot, repository, settings, session)
    bar = window.capture_bar
    names = _names(window)
    assert bar.slot_label.text().startswith("Sheet 1, round 1, written by Ana")
    assert bar.author_id() == names["Ana"]
    assert bar.builds_on_id is None

    type_idea(qtbot, window, "Buddy for week one")
    type_idea(qtbot, window, "Buddy picks the lunch")
    first, second = sorted(window.document.board.notes.values(), key=lambda n: n.created_at)
    assert (second.author_id, second.builds_on) == (names["Ana"], first.id)
    assert bar.builds_on_id == second.id

    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)  # empty: Ana wrote two, next slot
    assert bar.slot_label.text().startswith("Sheet 1, round 2, written by Bo")
    assert (bar.author_id(), bar.builds_on_id) == (names["Bo"], second.id)
    type_idea(qtbot, window, "Lunch with the team lead")
    third = repository.load_session(session.id).notes[-1]
    assert (third.author_id, third.builds_on) == (names["Bo"], second.id)

    # One undo step per note: Ctrl+Z takes the last one off and the bar goes back to it.
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(repository.load_session(session.id).notes) == 2
    assert bar.builds_on_id == second.id


def test_a_sheet_started_late_is_kept_and_a_reopened_window_is_at_the_same_slot(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=True, capture_first=True)
    repository.add_session(session)
    window = _open(qtbot, repository, settings, session)
    bar = window.capture_bar
    for _ in range(3):  # sheet 1 left blank: rounds 1 to 3
        qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)  # sheet 2, round 1 (Bo) blank too
    assert bar.slot_label.text().startswith("Sheet 2, round 2, written by Cy")
    type_idea(qtbot, window, "Welcome video")
    stored = repository.load_session(session.id)
    settings_now = phase_settings(stored.phases[1])
    assert settings_now is not None
    (note,) = stored.notes
    assert settings_now.late_starts == ((note.id, 1),)
    (idea,) = phase_ideas(settings_now, stored.phases[1].id, stored.notes)
    assert (idea.sheet, idea.round) == (1, 2)

    again = _open(qtbot, repository, settings, session)  # read afresh from the database
    assert again.capture_bar.slot_label.text().startswith("Sheet 2, round 2, written by Cy")
    assert again.capture_bar.builds_on_id == note.id


def test_a_skipped_slot_is_kept_and_a_reopened_window_is_past_it(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=True, capture_first=True)
    repository.add_session(session)
    window = _open(qtbot, repository, settings, session)
    bar = window.capture_bar
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)  # Ana's round 1 on sheet 1: blank
    assert bar.slot_label.text().startswith("Sheet 1, round 2, written by Bo")
    stored = phase_settings(repository.load_session(session.id).phases[1])
    assert stored is not None and stored.skipped_to == 1

    again = _open(qtbot, repository, settings, session)  # read afresh, nothing typed
    assert again.capture_bar.slot_label.text().startswith("Sheet 1, round 2, written by Bo")
    assert again.capture_bar.author_id() == _names(again)["Bo"]
