"""A rating or rank round's results on the room's view while the laptop shows them.

The session is tests/core/rating_sessions.py's, worked by hand there: the NUF round's
combined scores are Y 4.00 (discuss), X 3.67, Z 2.67 (discuss); the rank round's
points Y 6, X 5, Z 5, W 2.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.core.rating_sessions import (
    RANK_ROUND_ID,
    RATING_ROUND_ID,
    TEXTS,
    X,
    Y,
    Z,
    rating_session,
)
from tests.ui.windows import open_session


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = rating_session()
    repository.add_session(session)
    return open_session(qtbot, repository, settings, session.id)


def shown_texts(window: SessionWindow) -> list[str] | None:
    room = window.room_view.window
    assert room is not None
    spot = room.canvas._spotlight
    return None if spot is None else [card.text for group in spot for card in group.cards]


def test_the_room_sees_the_results_the_laptop_shows_and_the_board_after(
    qtbot: QtBot, window: SessionWindow
):
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    window.voting_controller.show_voting()
    voting = window.voting
    voting.show_results(window.document.voting.vote_round(RATING_ROUND_ID))
    qtbot.waitUntil(lambda: shown_texts(window) is not None)
    y, x, z = TEXTS[Y], TEXTS[X], TEXTS[Z]
    assert shown_texts(window) == [
        f"1. 4.00 · discuss\n{y}",
        f"2. 3.67\n{x}",
        f"3. 2.67 · discuss\n{z}",
    ]
    voting.show_results(window.document.voting.vote_round(RANK_ROUND_ID))
    qtbot.waitUntil(lambda: (shown_texts(window) or [""])[0] == f"1. 6 points\n{y}")
    texts = shown_texts(window)
    assert texts is not None and texts[1:3] == [f"2. 5 points\n{x}", f"2. 5 points\n{z}"]
    window.voting_controller.back_to_board()
    qtbot.waitUntil(lambda: shown_texts(window) is None)  # the board, whole


@pytest.mark.slow  # OCR of the room's view
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="scripts/setup.sh installs it")
def test_the_back_row_reads_a_rating_rounds_scores(
    qtbot: QtBot, window: SessionWindow, tmp_path: Path
):
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    window.voting_controller.show_voting()
    window.voting.show_results(window.document.voting.vote_round(RATING_ROUND_ID))
    qtbot.waitUntil(lambda: shown_texts(window) is not None)
    room = window.room_view.window
    assert room is not None
    qtbot.wait(50)
    shot = tmp_path / "room.png"
    assert room.grab().save(str(shot))
    read = subprocess.run(
        ["tesseract", str(shot), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    for score in ("4.00", "3.67", "2.67"):
        assert score in read, read
    assert len(re.findall(r"discuss", read)) == 2, read
