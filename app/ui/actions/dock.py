"""The actions panel docked beside the board, and the controller that opens and feeds it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from app.core.types import Phase, PhaseKind
from app.ui.actions.panel import ActionsPanel
from app.ui.board.controller import BoardController
from app.ui.document import SessionDocument
from app.ui.shortcuts import ACTIONS_PANEL
from app.ui.side_dock import SideDock

PANEL_WIDTH = 300  # leaves the board most of a 1280-pixel projector


class ActionsDock(SideDock):
    """Holds the :class:`ActionsPanel`, at a width that leaves the board most of the screen."""

    def __init__(self, document: SessionDocument, parent: QMainWindow) -> None:
        panel = ActionsPanel(document)
        super().__init__(
            "Actions",
            "ActionsDock",
            panel,
            PANEL_WIDTH,
            "&Actions panel",
            ACTIONS_PANEL,
            parent,
        )
        self.panel = panel


class ActionsController(QObject):
    """Opens the panel when the actions phase comes, and makes actions from notes."""

    message = Signal(str)
    """One line for the status bar (from the panel)."""

    def __init__(
        self, document: SessionDocument, dock: ActionsDock, board: BoardController
    ) -> None:
        super().__init__(dock)
        self.document = document
        self.dock = dock
        self.toggle_action = dock.toggle_action
        self.toggle_action.triggered.connect(self._focus_when_shown)
        dock.panel.message.connect(self.message)
        board.make_action_requested.connect(self.make_action_from_note)
        board.view.drop_targets.append(self.take_dropped_note)
        self._phase_id: str | None = None
        self.follow_phase(document.current_phase)

    def follow_phase(self, phase: Phase | None) -> None:
        """Reaching the actions phase opens the panel (once; closing it is respected)."""
        phase_id = phase.id if phase else None
        if phase_id == self._phase_id:
            return
        self._phase_id = phase_id
        if phase is not None and phase.kind is PhaseKind.ACTIONS:
            self.open_panel()

    def open_panel(self) -> None:
        """Show the panel with the cursor in the form."""
        self.dock.show_docked()
        self.dock.panel.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_when_shown(self, shown: bool) -> None:
        if shown:
            self.open_panel()

    def take_dropped_note(self, note_id: str, where: QPoint) -> bool:
        """A note dragged from the board onto the open panel becomes an action."""
        dock = self.dock
        if not dock.isVisible() or not dock.rect().contains(dock.mapFromGlobal(where)):
            return False
        # After the board has finished its release: the panel then takes the focus.
        QTimer.singleShot(0, self, lambda: self.make_action_from_note(note_id))
        return True

    def make_action_from_note(self, note_id: str) -> None:
        """Board → Make an action: the panel opens on the new action."""
        self.dock.show_docked()
        self.dock.panel.make_action_from_note(note_id)
