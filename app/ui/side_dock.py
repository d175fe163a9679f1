"""A panel docked beside the board, at a width that leaves the board most of the screen."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

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
        keys: Shortcut | None,
        parent: QMainWindow,
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        # Opens at ``width``; on a small screen it may narrow down to what its own
        # contents need (its layout's minimum), the board first.
        self._width = width
        # In a scroll area: on a 720-pixel screen below the header, a panel's list and
        # form scroll instead of making the window taller than the screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(panel)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(panel.minimumSizeHint().width() + bar)  # never cut across
        self.setWidget(scroll)
        self.toggle_action = self.toggleViewAction()
        self.toggle_action.setText(toggle_text)
        if keys is not None:
            self.toggle_action.setShortcuts(keys.sequences)
        parent.addAction(self.toggle_action)
        self.hide()

    @property
    def preferred_width(self) -> int:
        """The width it opens at, in pixels."""
        return self._width

    def show_docked(self) -> None:
        """On screen, at its width."""
        self.show()
        self.raise_()
        window = self.parentWidget()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [self._width], Qt.Orientation.Horizontal)


BOARD_SHARE = 0.6
"""The share of the window's width the board keeps when a side panel opens."""


class PeopleStepAside(QObject):
    """While a side panel is open on a narrow window, the people panel makes room.

    On a 1280- or 1024-pixel projector the people and agenda panel and a side panel
    (actions, similar ideas) together would leave the board two columns of notes. When a
    side panel opens and the board would keep less than :data:`BOARD_SHARE` of the width,
    the people panel is hidden (its View menu entry unticks, so one key brings it back),
    and it comes back when the last side panel closes, unless someone chose otherwise
    in between.
    """

    stepped_aside = Signal(str)
    """One line saying why the people panel went, and how to bring it back."""

    def __init__(
        self, window: QMainWindow, docks: list[SideDock], people: QWidget, toggle: QAction
    ) -> None:
        super().__init__(window)
        self._window = window
        self._docks = docks
        self._people = people
        self._toggle = toggle
        self._hidden_by_us = False
        toggle.toggled.connect(self._chosen)
        for dock in docks:
            dock.visibilityChanged.connect(self._follow)

    def _open_docks(self) -> list[SideDock]:
        return [dock for dock in self._docks if not dock.isHidden() and not dock.isFloating()]

    def _follow(self, _visible: bool = True) -> None:
        docks = self._open_docks()
        if docks and self._toggle.isChecked():
            width = self._window.width()
            taken = max(dock.preferred_width for dock in docks) + self._people.width()
            if width - taken < BOARD_SHARE * width:
                self._hidden_by_us = True
                self._toggle.setChecked(False)
                keys = self._toggle.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                self.stepped_aside.emit(
                    "People and agenda panel hidden to give the board room"
                    + (f" ({keys} brings it back)" if keys else "")
                )
        elif not docks and self._hidden_by_us:
            self._hidden_by_us = False
            self._toggle.setChecked(True)

    def _chosen(self, checked: bool) -> None:
        if checked:  # brought back by hand (or by us): ours to hide no more
            self._hidden_by_us = False
