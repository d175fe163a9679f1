"""A panel docked beside the board, at a width that leaves the board most of the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from app.ui.shortcuts import Shortcut


class SideDock(QDockWidget):
    """Holds one panel, hidden until asked; its toggle action carries the panel's keys."""

    def __init__(
        self,
        title: str,
        name: str,
        panel: QWidget,
        width: int,
        toggle_text: str,
        keys: Shortcut,
        parent: QMainWindow,
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self._width = width
        panel.setMinimumWidth(width)
        self.setWidget(panel)
        self.toggle_action = self.toggleViewAction()
        self.toggle_action.setText(toggle_text)
        self.toggle_action.setShortcuts(keys.sequences)
        parent.addAction(self.toggle_action)
        self.hide()

    def show_docked(self) -> None:
        """On screen, at its width."""
        self.show()
        self.raise_()
        window = self.parentWidget()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [self._width], Qt.Orientation.Horizontal)
