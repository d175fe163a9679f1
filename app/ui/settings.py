"""User settings through QSettings, and window geometry restored onto a real screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


class AppSettings:
    """Typed access to Dotstorm's QSettings; the QSettings instance is passed in."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    def restore_geometry(self, window: QWidget, key: str) -> None:
        """Restore ``window``'s saved geometry, then make sure it is on a screen we have.

        A window last seen on a projector that is no longer plugged in comes back
        centred on the primary screen instead of somewhere nobody can see it.
        """
        saved = self._store.value(f"geometry/{key}")
        if isinstance(saved, QByteArray | bytes):
            window.restoreGeometry(QByteArray(saved))
        keep_on_screen(window)
        maximize_if_too_big(window)

    def save_geometry(self, window: QWidget, key: str) -> None:
        """Remember ``window``'s geometry under ``key``."""
        self._store.setValue(f"geometry/{key}", window.saveGeometry())
        self._store.sync()

    def string(self, key: str, default: str = "") -> str:
        """A stored text setting."""
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    def set_string(self, key: str, value: str) -> None:
        """Store a text setting."""
        self._store.setValue(key, value)

    def flag(self, key: str, default: bool = False) -> bool:
        """A stored yes/no setting."""
        value = self._store.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def set_flag(self, key: str, value: bool) -> None:
        """Store a yes/no setting at once."""
        self._store.setValue(key, value)
        self._store.sync()


FRAME_ALLOWANCE = QSize(16, 48)
"""Room for a window manager's borders and title bar, not yet known before the first show."""


def maximize_if_too_big(window: QWidget) -> None:
    """Open ``window`` maximized when it and its frame would not fit on its screen.

    A first start at 1280×720 on a 1280×720 projector would put the title bar and the
    status bar past the screen's edges; maximized, the window manager fits it exactly.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    available = screen.availableGeometry().size()
    needed = window.size() + FRAME_ALLOWANCE
    if needed.width() > available.width() or needed.height() > available.height():
        from PySide6.QtCore import Qt  # not before the first paint unless needed: 15 ms

        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` onto the primary screen if most of it is on no screen at all."""
    frame = window.frameGeometry()
    screens = QGuiApplication.screens()
    if not screens:
        return
    visible = max(
        (screen.availableGeometry().intersected(frame) for screen in screens),
        key=lambda overlap: overlap.width() * overlap.height(),
    )
    if visible.width() * visible.height() >= 0.5 * max(1, frame.width() * frame.height()):
        return
    available = screens[0].availableGeometry()
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    window.resize(width, height)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
