"""F1's list ends with the techniques: each in a line, with the keys it runs on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.shortcut_help import ShortcutHelp
from tests.ui.brainwriting_sessions import brainwriting_session
from tests.ui.windows import open_session


def test_f1_explains_each_technique_with_its_keys(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=True)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F1)
    shown = window.findChild(ShortcutHelp)
    assert shown is not None and shown.isVisible()
    rows = shown.rows()
    heading = rows.index(("Techniques (what each runs, and its keys)", ""))
    techniques: dict[str, str] = {}
    name = ""
    for keys, what in rows[heading + 1 :]:
        name = keys or name
        techniques[name] = f"{techniques.get(name, '')} {what}".strip()
    assert list(techniques) == [
        "6-3-5 brainwriting",
        "1-2-4-All",
        "Nominal Group Technique",
        "SCAMPER",
    ]
    assert "Ctrl+Space starts the rounds" in techniques["6-3-5 brainwriting"]
    assert "Enter on an empty box skips the slot" in techniques["6-3-5 brainwriting"]
    assert "Ctrl+PgDown is the next step" in techniques["1-2-4-All"]
    nominal = techniques["Nominal Group Technique"]
    assert "Ctrl+Shift+R turns up the next person's notes" in nominal
    assert "F7 / Shift+F7: the next / previous of 7 prompts" in techniques["SCAMPER"]


def test_every_description_is_whole_in_f1_at_its_opening_size(qtbot: QtBot):
    shown = ShortcutHelp()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    table = shown.table
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(1) - 2 * margin  # what a cell gives its text (Qt's delegate)
    metrics = table.fontMetrics()
    wrap = int(Qt.TextFlag.TextWordWrap.value)
    cut = []
    for row in range(table.rowCount()):
        item = table.item(row, 1)
        if item is None or not item.text():
            continue
        needed = metrics.boundingRect(0, 0, width, 10_000, wrap, item.text()).height()
        if needed > table.rowHeight(row):
            cut.append(item.text())
    assert not cut  # a long one wraps onto a second line rather than ending in "…"
    assert any(table.rowHeight(row) > metrics.height() * 1.5 for row in range(table.rowCount()))
