"""The program's pages driven through the real library window, in a process of their own.

    python -m bench.program_probe DATABASE_URL

Prints one JSON object: the CPU seconds of this process for each step (what other
work on the machine does is not counted), and its peak memory in MB. Each step is
what a facilitator does: Ctrl+2 opens the backlog, a click on a header sorts, a
letter typed in the search box (and Enter, which applies it without the typing
pause), the box cleared; Ctrl+3 opens the goals page, a click on the next goal.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import peak_megabytes

SEARCHED = "invo"
"""Typed letter by letter: a prefix of a common word, so each letter still matches many."""


def cpu_seconds(step: Callable[[], object]) -> float:
    """CPU seconds of ``step`` and of the events it leaves for Qt to handle."""
    QApplication.processEvents()
    started = time.process_time()
    step()
    QApplication.processEvents()
    return time.process_time() - started


def measure(url: str) -> dict[str, float]:
    """Every step's CPU seconds (medians where a step repeats), and the peak memory."""
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository
    from app.ui.library.window import LibraryWindow
    from app.ui.settings import AppSettings
    from app.ui.workspace import Workspace

    application = QApplication.instance() or QApplication([])
    assert isinstance(application, QApplication)
    folder = Path(tempfile.mkdtemp(prefix="dotstorm-program-"))
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    database = open_database(url)
    window = LibraryWindow(settings)
    window.resize(1280, 720)
    window.show()
    window.attach(Workspace(SessionRepository(database.engine)))
    window.activateWindow()
    QApplication.processEvents()
    figures: dict[str, float] = {}
    figures["backlog"] = cpu_seconds(
        lambda: QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    )
    page = window.backlog
    page.tabs.setCurrentIndex(1)  # the ideas: the long table
    QApplication.processEvents()
    header = page.ideas_table.horizontalHeader()

    def sort_by(column: int, order: Qt.SortOrder) -> Callable[[], None]:
        return lambda: page.ideas_table.sortByColumn(column, order)

    sorts = [
        cpu_seconds(sort_by(column, order))
        for column, order in (
            (0, Qt.SortOrder.AscendingOrder),
            (0, Qt.SortOrder.DescendingOrder),
            (2, Qt.SortOrder.DescendingOrder),
        )
    ]
    assert header.sortIndicatorSection() == 2
    figures["sort"] = statistics.median(sorts)
    box = page.filters.search_edit
    box.setFocus()

    def typed(letter: str) -> Callable[[], None]:
        def type_and_apply() -> None:
            QTest.keyClicks(box, letter)
            QTest.keyClick(box, Qt.Key.Key_Return)

        return type_and_apply

    def cleared() -> None:
        box.clear()
        QTest.keyClick(box, Qt.Key.Key_Return)

    figures["keystroke"] = statistics.median(cpu_seconds(typed(letter)) for letter in SEARCHED)
    figures["clear"] = cpu_seconds(cleared)
    figures["goals"] = cpu_seconds(
        lambda: QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    )
    goals = window.goals.list
    assert goals.count() > 1, "the program's goals are listed"

    def goal_at(row: int) -> Callable[[], None]:
        return lambda: goals.setCurrentRow(row)

    figures["next goal"] = statistics.median(
        cpu_seconds(goal_at(row)) for row in range(1, min(goals.count(), 6))
    )
    figures["peak MB"] = peak_megabytes()  # its own, not the benchmark's (see there)
    window.close()
    database.close()
    return figures


def main(argv: list[str]) -> int:
    """Measure the database named by ``argv[0]`` and print the JSON line."""
    print(json.dumps(measure(argv[0])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
