"""The actions panel docked beside the board: opened by the actions phase or at any time."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from app.core.types import PhaseKind
from app.ui.actions.panel import ActionsPanel
from app.ui.board.controller import BoardController
from app.ui.session_document import SessionDocument

PANEL_WIDTH = 300  # leaves the board most of a 1280-pixel projector


class ActionsDock(QDockWidget):
    """Holds the :class:`ActionsPanel`; shows itself when the session reaches its actions."""

    def __init__(
        self, window: QMainWindow, document: SessionDocument, board: BoardController
    ) -> None:
        super().__init__("Actions", window)
        self.setObjectName("ActionsDock")
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.document = document
        self.panel = ActionsPanel(document)
        self.panel.setMinimumWidth(PANEL_WIDTH)
        self.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.toggle_action: QAction = self.toggleViewAction()
        self.toggle_action.setText("&Actions panel")
        self.toggle_action.setShortcut("Ctrl+Shift+E")
        window.addAction(self.toggle_action)
        self.toggle_action.triggered.connect(self._focus_when_shown)
        board.make_action_requested.connect(self.make_action_from_note)
        board.view.drop_targets.append(self.take_dropped_note)
        document.agenda_changed.connect(self._follow_phase)
        self._phase_id: str | None = None
        self.hide()
        self._follow_phase()

    def _follow_phase(self) -> None:
        """Reaching the actions phase opens the panel (once; closing it is respected)."""
        phase = self.document.current_phase
        phase_id = phase.id if phase else None
        if phase_id == self._phase_id:
            return
        self._phase_id = phase_id
        if phase is not None and phase.kind is PhaseKind.ACTIONS:
            self.open_panel()

    def open_panel(self) -> None:
        """Show the panel with the cursor in the form."""
        self._show_docked()
        self.raise_()
        self.panel.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_docked(self) -> None:
        self.show()
        self.raise_()
        window = self.parentWidget()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)

    def _focus_when_shown(self, shown: bool) -> None:
        if shown:
            self.open_panel()

    def take_dropped_note(self, note_id: str, where: QPoint) -> bool:
        """A note dragged from the board onto the open panel becomes an action."""
        if not self.isVisible() or not self.rect().contains(self.mapFromGlobal(where)):
            return False
        # After the board has finished its release: the panel then takes the focus.
        QTimer.singleShot(0, lambda: self.make_action_from_note(note_id))
        return True

    def make_action_from_note(self, note_id: str) -> None:
        """Board → Make an action: the panel opens on the new action."""
        self._show_docked()
        self.panel.make_action_from_note(note_id)
