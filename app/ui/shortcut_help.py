"""F1: every keyboard shortcut, grouped by where it works, then the techniques in a line each.

Both come from :mod:`app.ui.shortcuts` (``ALL`` and ``TECHNIQUES``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.shortcuts import ALL, PLACES, TECHNIQUES, TECHNIQUES_PLACE


class ShortcutHelp(QDialog):
    """A window titled "Keyboard shortcuts": places, then each key and what it does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(760, 600)
        # A table, not a tree: a long description wraps inside its row (a tree's rows
        # keep one line and end in "…"), and each row grows to what it holds.
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for place in PLACES:
            self._heading(place)
            for shortcut in ALL:
                if shortcut.where == place:
                    self._row(shortcut.label, shortcut.what)
        self._heading(TECHNIQUES_PLACE)
        for name, lines in TECHNIQUES:
            for number, line in enumerate(lines):
                self._row(name if number == 0 else "", line)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.setFocus()

    def _heading(self, place: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        heading = QTableWidgetItem(place)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 0, heading)
        self.table.setSpan(row, 0, 1, 2)

    def _row(self, keys: str, what: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(keys))
        self.table.setItem(row, 1, QTableWidgetItem(what))

    def rows(self) -> list[tuple[str, str]]:
        """What the window lists, as (keys, what) pairs in order (headings have no what)."""
        return [(self._text(row, 0), self._text(row, 1)) for row in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()


def show_shortcuts(parent: QWidget) -> ShortcutHelp:
    """Open the shortcuts window (not modal: the facilitator can look and work)."""
    existing = parent.findChild(ShortcutHelp)
    window = existing if isinstance(existing, ShortcutHelp) else ShortcutHelp(parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
