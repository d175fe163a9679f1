"""A voter at the keyboard of the real Dotstorm window, killed mid-ballot by the test.

Run as ``python -m tests.ui.voting.rating_kill_driver DB SESSION_ID SETTINGS_INI FIRST
SECOND COUNT`` from the project folder. It starts Dotstorm as ``dotstorm --db DB --open
SESSION_ID`` does, shows the open round's curtain (Ctrl+Shift+V), lets FIRST rate every
item they may (digits) and press Enter, then opens SECOND's ballot and types COUNT
values. After each value it prints what the ballot shows: the items' order and every
cell's text. Then it prints ``{"waiting": true}`` and waits to be killed.
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
from app.ui.look import configure_application
from app.ui.settings import AppSettings
from app.ui.voting.rating_ballot import RatingBallotPage
from tests.ui.crash_driver import opened


def wait_until(condition: Callable[[], object]) -> None:
    """Let the event loop run until ``condition`` holds (a person looking at the screen)."""
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the window never showed it")
        QApplication.processEvents()
        time.sleep(0.001)


def shown(page: RatingBallotPage) -> dict[str, object]:
    """What the ballot shows: the items top to bottom and each cell's text."""
    return {"order": page.item_ids, "cells": [[c.text() for c in row] for row in page.cells]}


def main(argv: list[str]) -> int:
    """Start Dotstorm, vote, and wait for the SIGKILL."""
    db, session_id, settings_file, first, second, count = argv
    application = QApplication([sys.argv[0]])
    configure_application(application)
    settings = AppSettings(QSettings(settings_file, QSettings.Format.IniFormat))
    library, _loader = start_application(db, settings=settings, open_reference=session_id)

    def ballot_of(name: str) -> RatingBallotPage:
        window = opened(library, session_id)
        voting = window.voting
        if voting.currentWidget() is not voting.curtain:
            QTest.keyClick(
                QApplication.focusWidget() or window,
                Qt.Key.Key_V,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            wait_until(lambda: voting.currentWidget() is voting.curtain)
        person = next(p.id for p in window.document.people.values() if p.name == name)
        button = voting.curtain.name_buttons[person]
        button.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(button, Qt.Key.Key_Space)
        wait_until(lambda: voting.currentWidget() is voting.rating_ballot)
        return voting.rating_ballot

    def type_values(page: RatingBallotPage, how_many: int, report: bool) -> None:
        typed = 0
        while typed < how_many:
            row, column = page.row, page.column
            if page.cells[row][column].text() == "your idea":
                QTest.keyClick(page, Qt.Key.Key_Down)
                continue
            QTest.keyClick(page, Qt.Key(Qt.Key.Key_1.value + (row + column) % 5))
            typed += 1
            if report:
                print(json.dumps({"ack": typed, **shown(page)}), flush=True)

    def drive() -> None:
        page = ballot_of(first)
        type_values(page, 9, report=False)
        QTest.keyClick(page, Qt.Key.Key_Return)
        page = ballot_of(second)
        print(json.dumps({"ack": 0, **shown(page)}), flush=True)
        type_values(page, int(count), report=True)
        print(json.dumps({"waiting": True}), flush=True)

    QTimer.singleShot(0, drive)
    application.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
