"""The room's typeface: the bundled Noto Sans, the same on every laptop."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from app.assets import resource

FALLBACK = "Sans Serif"


@cache
def room_family() -> str:
    """Load Noto Sans (regular and bold) once; the family name to ask for."""
    family = FALLBACK
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        loaded = QFontDatabase.addApplicationFont(str(resource(f"fonts/{name}")))
        families = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
        if families:
            family = families[0]
    return family


def room_font(pixel_size: float, bold: bool = False) -> QFont:
    """The room's font at ``pixel_size`` (pixels, so it is the same on any screen)."""
    font = QFont(room_family())
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    return font
