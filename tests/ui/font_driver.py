"""Dotstorm started afresh on a session in every script, for the font tests.

Run as ``python -m tests.ui.font_driver DB SESSION_ID SETTINGS_INI OUT_DIR`` from the
project folder. It starts Dotstorm as ``dotstorm --db DB --open SESSION_ID`` does, in a
process that has drawn nothing before, and prints one JSON report: the text of every
label and button on screen with the font of each of its runs and its glyphs missing
(library, session window, the room's view after F11, the curtain, a ballot); the
typeface before and after F11, and how many font changes F11 caused. It saves the
room's view and a ballot as PNG files in OUT_DIR. It loads no font itself: what it
sees is what Dotstorm set up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QFont, QFontInfo, QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from app.ui.application import start_application
from app.ui.look import configure_application
from app.ui.settings import AppSettings
from tests.ui.crash_driver import opened, wait_until

SAMPLE = "Hello 你好 안녕 مرحبا שלום"


def drawn_with(text: str, font: QFont) -> list[tuple[str, int]]:
    """Each run of ``text`` as Qt draws it in ``font``: (family, glyphs missing)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    layout.endLayout()
    return [
        (run.rawFont().familyName(), sum(1 for glyph in run.glyphIndexes() if glyph == 0))
        for run in layout.glyphRuns()
    ]


def texts_drawn(root: QWidget) -> list[dict[str, Any]]:
    """Every visible label and button under ``root``: its text and how Qt draws it."""
    found = []
    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        text = widget.text()
        if text.strip():
            found.append({"text": text, "runs": drawn_with(text, widget.font())})
    return found


def typeface(widget: QWidget) -> dict[str, Any]:
    """The family Qt matched for ``widget``'s font, and the fonts a mixed line takes."""
    return {
        "family": QFontInfo(widget.font()).family(),
        "runs": sorted({family for family, _ in drawn_with(SAMPLE, widget.font())}),
    }


class FontChanges(QObject):
    """Counts changes to the fonts Qt knows or the application's font.

    Either makes Qt lay every window out again, in another typeface if it changed.
    """

    def __init__(self, application: QApplication) -> None:
        super().__init__()
        self.count = 0
        application.fontDatabaseChanged.connect(self._changed)
        application.installEventFilter(self)

    def _changed(self) -> None:
        self.count += 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Count the application's own ApplicationFontChange events (widgets get copies)."""
        application = QApplication.instance()
        if event.type() == QEvent.Type.ApplicationFontChange and watched is application:
            self.count += 1
        return False


def settle() -> None:
    """Let Qt lay out and paint what was just shown."""
    for _ in range(10):
        QApplication.processEvents()


def main(argv: list[str]) -> int:
    """Start Dotstorm on the session, look at every window, and print the report."""
    db, session_id, settings_file, out = argv
    application = QApplication([sys.argv[0]])
    configure_application(application)
    changes = FontChanges(application)
    settings = AppSettings(QSettings(settings_file, QSettings.Format.IniFormat))
    library, loader = start_application(db, settings=settings, open_reference=session_id)
    report: dict[str, Any] = {}

    def look() -> None:
        window = opened(library, session_id)
        settle()
        report["first_window"] = typeface(library)
        report["drawn"] = texts_drawn(library) + texts_drawn(window)
        report["before_f11"] = typeface(window)
        changes.count = 0
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F11)
        wait_until(lambda: window.room_view.window is not None, "the room's view")
        room = window.room_view.window
        assert room is not None
        settle()
        report["after_f11"] = typeface(window)
        report["room"] = typeface(room)
        report["font_changes_at_f11"] = changes.count
        report["drawn"] += texts_drawn(room)
        room.grab().save(str(Path(out) / "room.png"))
        room.close()
        settle()
        window.voting_controller.vote()  # Ctrl+Shift+V: the open round's curtain
        settle()
        report["drawn"] += texts_drawn(window)
        window.voting.start_ballot(next(iter(window.document.people)))
        settle()
        report["drawn"] += texts_drawn(window)
        window.voting.grab().save(str(Path(out) / "ballot.png"))
        print(json.dumps(report), flush=True)
        window.close()
        library.close()
        application.quit()

    QTimer.singleShot(0, look)
    application.exec()
    loader.close()
    return 0 if "drawn" in report else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
