"""F1: every keyboard shortcut, grouped by where it works, then the techniques in a line each.

Both come from :mod:`app.ui.shortcuts` (``ALL`` and ``TECHNIQUES``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
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
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What they do"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
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
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.tree.setFocus()

    def _heading(self, place: str) -> None:
        heading = QTreeWidgetItem([place, ""])
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)

    def _row(self, keys: str, what: str) -> None:
        row = QTreeWidgetItem([keys, what])
        row.setToolTip(1, what)
        self.tree.addTopLevelItem(row)

    def rows(self) -> list[tuple[str, str]]:
        """What the window lists, as (keys, what) pairs in order (headings have no what)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0), item.text(1)) for item in items if item is not None]


def show_shortcuts(parent: QWidget) -> ShortcutHelp:
    """Open the shortcuts window (not modal: the facilitator can look and work)."""
    existing = parent.findChild(ShortcutHelp)
    window = existing if isinstance(existing, ShortcutHelp) else ShortcutHelp(parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
