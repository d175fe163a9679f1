"""Dotstorm's look: names, style, the bundled fonts, the style sheet and the icon.

A leaf: what it imports imports nothing of the window, so the start-up module, the
command line's offscreen board picture, tests and scripts can all give an application
the same look without reaching into one another.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app import __version__
from app.assets import resource_bytes, resource_text
from app.ui.fonts import use_bundled_fonts

ICON = "icons/dotstorm-128.png"


def configure_application(application: QApplication) -> None:
    """Names, style, the bundled fonts and the stylesheet of every Dotstorm window.

    The icon comes after the first paint.
    """
    application.setApplicationName("Dotstorm")
    application.setOrganizationName("Dotstorm")
    application.setApplicationVersion(__version__)
    style = application.style()
    if style is None or style.name().casefold() != "fusion":  # making one costs 8 ms
        application.setStyle("Fusion")
    use_bundled_fonts(application, point_size=11)  # before any widget: one typeface throughout
    application.setStyleSheet(resource_text("styles/dotstorm.qss"))


def set_window_icon(application: QApplication) -> None:
    """Dotstorm's icon on every window (set on the turn after the first paint)."""
    from PySide6.QtGui import QIcon, QPixmap

    # A PNG rendered from icons/dotstorm.svg: decoding SVG would load Qt's SVG plugin.
    pixmap = QPixmap()
    if pixmap.loadFromData(resource_bytes(ICON), "PNG"):
        application.setWindowIcon(QIcon(pixmap))
