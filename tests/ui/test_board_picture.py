"""The board picture in the minutes: the board, not the facilitator's view of it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.repository import SessionRepository
from app.ui.board.note_item import KEYBOARD_COLOR, SELECTION_COLOR
from app.ui.board.picture import board_image
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.windows import open_session


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    demo = build_demo_session()
    repository.add_session(demo)
    return open_session(qtbot, repository, settings, demo.id)


def pixels_near(image: QImage, color: QColor, tolerance: int = 40) -> int:
    """How many pixels (one in nine: a ring is 10 px wide) are near ``color`` in R+G+B."""
    found = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            pixel = image.pixelColor(x, y)
            distance = (
                abs(pixel.red() - color.red())
                + abs(pixel.green() - color.green())
                + abs(pixel.blue() - color.blue())
            )
            found += distance <= tolerance
    return found


def test_the_picture_shows_no_keyboard_ring_selection_or_find_marks(window: SessionWindow):
    scene = window.scene
    notes = list(scene.note_items.values())
    window.board.keyboard.focus(notes[0].note_id)  # the keyboard's ring on one note
    notes[1].setSelected(True)  # the selection's outline on another
    notes[2].set_find_state(dimmed=False, highlighted=True)  # a find's outline
    notes[3].set_find_state(dimmed=True, highlighted=False)

    data = board_image(scene, window.view.zoom)

    assert data is not None
    image = QImage.fromData(data)
    assert pixels_near(image, KEYBOARD_COLOR) == 0
    assert pixels_near(image, SELECTION_COLOR) == 0
    # The window still shows what it showed.
    assert notes[0].keyboard_focus and notes[1].isSelected()
    assert notes[2].highlighted and notes[3].dimmed and notes[3].opacity() < 1
