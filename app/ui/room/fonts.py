"""The room's typeface: the application's own (every bundled font), at the room's sizes."""

from __future__ import annotations

from PySide6.QtGui import QFont


def room_font(pixel_size: float, bold: bool = False) -> QFont:
    """The room's font at ``pixel_size`` (pixels, so it is the same on any screen).

    ``QFont()`` is the application font: the bundled families the window uses, set
    once at start (``app/ui/fonts.py``), so the room's view never changes the typeface.
    """
    font = QFont()
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    return font
