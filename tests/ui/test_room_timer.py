"""The room's view timer: its digits as tall as the README says, measured in pixels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind
from app.storage.repository import SessionRepository
from app.ui.room.window import AudienceWindow
from app.ui.settings import AppSettings
from tests.ui.windows import open_session

README = Path(__file__).resolve().parents[2] / "README.md"


def promised_share() -> float:
    """What the README says of the room's view timer: its digits' share of the height."""
    text = " ".join(README.read_text("utf-8").split())
    found = re.search(r"digits (\d+(?:\.\d+)?) % of the screen's height", text)
    assert found, "the README no longer says how tall the room's view digits are"
    return float(found.group(1)) / 100


def ink_rows(image: QImage, area: QRect) -> tuple[int, int]:
    """The first and last row of ``area`` with ink: a pixel that stands out from the
    box's ground by more than half of what the most different pixel does (the digits'
    edges are smoothed; the box's rounded corners differ far less)."""
    ground = QColor(image.pixel(area.left() + 3, area.center().y())).lightness()
    rows: dict[int, int] = {}
    for y in range(area.top(), area.bottom() + 1):
        rows[y] = max(
            abs(QColor(image.pixel(x, y)).lightness() - ground)
            for x in range(area.left(), area.right() + 1)
        )
    strongest = max(rows.values())
    inked = [y for y, difference in rows.items() if difference > strongest / 2]
    return inked[0], inked[-1]


@pytest.mark.parametrize("width, height", [(1280, 720), (1024, 768)])
def test_the_timers_digits_are_as_tall_as_the_readme_says(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    width: int,
    height: int,
):
    session = build_session(
        NewSessionSpec(
            title="Support that customers notice",
            goal="Answer every customer within one working day",
            question="How might we halve the number of repeat support tickets?",
            participants=(("Ana", "Support"), ("Ben", "Sales")),
            phases=((PhaseKind.IDEATE, "Ideate", 600),),
        )
    )
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    room: AudienceWindow = window.room_view.present()
    qtbot.waitExposed(room)
    # The window as the screen it fills (the room's view is full screen there).
    room.setWindowState(Qt.WindowState.WindowNoState)
    room.resize(width, height)
    qtbot.waitUntil(lambda: (room.width(), room.height()) == (width, height))
    assert room.digits.text() == "10:00"

    top, bottom = ink_rows(room.grab().toImage(), room.digits.geometry())
    share = (bottom - top + 1) / height
    assert share == pytest.approx(promised_share(), abs=0.005), (
        f"{bottom - top + 1} px of {height}"
    )
