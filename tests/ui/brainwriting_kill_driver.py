"""A facilitator running 6-3-5 on the real Dotstorm window, killed mid-round by the test.

Run as ``python -m tests.ui.brainwriting_kill_driver DB SESSION_ID SETTINGS_INI`` from the
project folder. It starts Dotstorm as ``dotstorm --db DB --open SESSION_ID`` does, starts
the rounds (Ctrl+Space in the capture bar), waits until the window says the sheets were
passed (a round ended while it ran), prints what the timer shows, then prints
``{"waiting": true}`` and waits to be killed. With a fourth argument ``skip`` it is on
the paper capture instead: it presses Enter on an empty capture bar twice (two slots
skipped), prints the slot the bar shows, then waits to be killed.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.application import start_application
from app.ui.capture_bar import CaptureBar
from app.ui.look import configure_application
from app.ui.settings import AppSettings
from tests.ui.crash_driver import opened


def wait_until(condition: Callable[[], object]) -> None:
    """Let the event loop run until ``condition`` holds (a person looking at the screen)."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the window never showed it")
        QApplication.processEvents()
        time.sleep(0.005)


def main(argv: list[str]) -> int:
    """Start Dotstorm, start the rounds, see a rotation, and wait for the SIGKILL."""
    db, session_id, settings_file, *mode = argv
    application = QApplication([sys.argv[0]])
    configure_application(application)
    settings = AppSettings(QSettings(settings_file, QSettings.Format.IniFormat))
    library, _loader = start_application(db, settings=settings, open_reference=session_id)

    def drive() -> None:
        try:
            run()
        except Exception as error:  # the test must hear of it, not wait for ever
            print(json.dumps({"waiting": False, "error": repr(error)}), flush=True)
            application.exit(1)

    def run() -> None:
        window = opened(library, session_id)
        if mode == ["skip"]:
            skip(window.capture_bar)
            return
        before = window.timer_widget.state_label.text()
        QTest.keyClick(
            window.capture_bar.idea_edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier
        )
        wait_until(lambda: "Pass your sheet" in window.statusBar().currentMessage())
        wait_until(lambda: "Round 3 of 3" in window.timer_widget.state_label.text())
        print(
            json.dumps(
                {
                    "before": before,
                    "state": window.timer_widget.state_label.text(),
                    "message": window.statusBar().currentMessage(),
                }
            ),
            flush=True,
        )
        print(json.dumps({"waiting": True}), flush=True)

    def skip(bar: CaptureBar) -> None:
        for _ in range(2):
            QTest.keyClick(bar.idea_edit, Qt.Key.Key_Return)
        print(json.dumps({"slot": bar.slot_label.text()}), flush=True)
        print(json.dumps({"waiting": True}), flush=True)

    QTimer.singleShot(0, drive)
    application.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
