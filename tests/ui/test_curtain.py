"""The curtain between voters: its words say what happens next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from tests.ui.test_ballot import board_session, open_ballot, open_curtain
from tests.ui.windows import open_session


def test_the_curtain_says_who_is_next_and_when_everyone_has_voted(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = board_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    curtain = window.voting.curtain
    ballot = open_ballot(qtbot, window)  # the first voter's turn
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)
    assert curtain.heading.text() == "Pass the laptop to the next voter"
    assert "1 of 3 have voted" in curtain.subtitle.text()
    for _ in range(2):
        name = next(button for button in curtain.name_buttons.values() if button.isEnabled())
        qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)
    assert curtain.heading.text() == "Everyone has voted: close the round"
    assert "3 of 3 have voted" in curtain.subtitle.text()
    assert "next voter" not in curtain.heading.text()


def test_before_anyone_votes_the_curtain_asks_for_the_first_voter(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = board_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    curtain = open_curtain(qtbot, window)
    assert curtain.heading.text() == "Pass the laptop to the first voter"
    assert "0 of 3 have voted" in curtain.subtitle.text()
