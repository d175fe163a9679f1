"""With a projector attached, the room's view goes there and follows the facilitator.

Qt's offscreen platform can pretend to have two screens (a config file), but only
when the application starts, so this runs in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCREENS = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        },
        {
            "name": "projector",
            "x": 1366,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        },
    ],
}

SCRIPT = """
import sys
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.core.demo import build_demo_session
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings

database = open_database("sqlite:///" + sys.argv[1])
repository = SessionRepository(database.engine)
demo = build_demo_session()
repository.add_session(demo)
settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window = SessionWindow(SessionDocument(repository, demo.id), settings)
window.show()
app.processEvents()
print("offered:", "second screen is connected" in window.statusBar().currentMessage())
window.activateWindow()
QTest.keyClick(window, Qt.Key.Key_F11, Qt.KeyboardModifier.ControlModifier)
for _ in range(3):
    app.processEvents()
room = window.room_view.window
print("room on:", room.screen().name(), "full screen:", room.isFullScreen())
print("facilitator on:", window.screen().name())
print("controls hint shown:", room.hint.isVisible())
print("digits share:", round(room._digit_pixels / room.height(), 2))
layout = room.canvas.room_layout
shown = {i.card.note_id for page in layout.pages for i in page.items if i.card is not None}
print("every note:", shown == set(window.document.board.notes), "text px:", layout.text_pixels)
window.close()
database.close()
"""


def test_the_audience_window_goes_to_the_projector(tmp_path: Path, isolated_env: dict[str, str]):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "db.sqlite3"), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env={**isolated_env, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "offered: True" in lines
    assert "room on: projector full screen: True" in lines
    assert "facilitator on: laptop" in lines
    assert "controls hint shown: False" in lines
    assert "digits share: 0.13" in lines
    assert "every note: True text px: 18" in lines  # the demo's 30 notes on one page
