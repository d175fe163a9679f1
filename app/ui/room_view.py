"""Showing the room its view: presentation mode on this screen, or the projector."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.document import SessionDocument
from app.ui.presentation import AudienceWindow
from app.ui.qt_actions import make_action
from app.ui.timer.phase_timer import PhaseTimer


class RoomView(QObject):
    """Opens and closes the audience window for one session window; owns F11 and Ctrl+F11."""

    screens_changed = Signal()
    """A screen was plugged in or out (whether a projector is there may have changed)."""
    message = Signal(str)
    """One line for the status bar (a projector came, or there is none)."""

    def __init__(
        self,
        owner: QWidget,
        document: SessionDocument,
        timer: PhaseTimer,
        scene: BoardScene,
        view: BoardView,
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._document = document
        self._timer = timer
        self._scene = scene
        self._view = view
        self.window: AudienceWindow | None = None
        self.present_action = make_action(
            self, "&Presentation mode", self.present, keys="F11", keys_work_in=owner
        )
        self.project_action = make_action(
            self,
            "&Audience window on the projector",
            self._project,
            keys="Ctrl+F11",
            keys_work_in=owner,
        )
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.screenAdded.connect(lambda _screen: self.screens_changed.emit())
            application.screenRemoved.connect(lambda _screen: self.screens_changed.emit())
        self.screens_changed.connect(self.offer_projector)

    def offer_projector(self) -> None:
        """Say so when a second screen is there; Ctrl+F11 works only then."""
        other = self.other_screen()
        self.project_action.setEnabled(other is not None)
        if other is not None and self.window is None:
            self.message.emit(
                "A second screen is connected: View → Audience window on the projector (Ctrl+F11)."
            )

    def _project(self) -> None:
        if self.project() is None:
            self.message.emit(
                "Only one screen is connected: Presentation mode (F11) shows the room's view here."
            )

    def other_screen(self) -> QScreen | None:
        """A screen other than the one the facilitator's window is on (the projector)."""
        here = self._owner.screen()
        return next((s for s in QGuiApplication.screens() if s is not here), None)

    def present(self) -> AudienceWindow:
        """Presentation mode: the room's view full screen here; the timer keys work in it."""
        return self._open(self._owner.screen(), controls=True)

    def project(self) -> AudienceWindow | None:
        """The room's view full screen on the other screen; controls stay on the laptop."""
        screen = self.other_screen()
        if screen is None:
            return None
        window = self._open(screen, controls=False)
        self._owner.activateWindow()
        return window

    def close(self) -> None:
        """Close the room's view if it is open."""
        if self.window is not None:
            self.window.close()

    def _open(self, screen: QScreen, controls: bool) -> AudienceWindow:
        self.close()
        window = AudienceWindow(self._document, self._timer, self._scene, self._view, controls)
        window.closed.connect(self._forget)
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        window.follow()
        if controls:
            window.activateWindow()
            window.setFocus()
        self.window = window
        return window

    def _forget(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
        self.window = None
