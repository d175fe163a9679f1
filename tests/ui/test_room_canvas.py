"""The room's text measuring: the real font's lines, with its fonts made once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from app.ui.room import canvas
from app.ui.room.fonts import room_font

TEXTS = [f"note {n}: offer a callback instead of hold music for customer {n}" for n in range(20)]


def fresh_lines(text: str, width: float, pixels: float, bold: bool) -> int:
    """Counted the plain way: a new font, a new layout."""
    layout = QTextLayout(text, room_font(pixels, bold))
    option = layout.textOption()
    option.setWrapMode(option.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
    layout.endLayout()
    return max(1, layout.lineCount())


def test_a_layout_makes_each_size_of_the_font_once(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[float, bool]] = []

    def counted(pixel_size: float, bold: bool = False) -> QFont:
        made.append((pixel_size, bold))
        return room_font(pixel_size, bold)

    monkeypatch.setattr(canvas, "room_font", counted)
    canvas._font.cache_clear()
    canvas.measure_lines.cache_clear()
    try:
        lines = [
            canvas.measure_lines(text, 180.0, 23.5, bold)
            for text in TEXTS
            for bold in (False, True)
        ]
    finally:
        canvas._font.cache_clear()
        canvas.measure_lines.cache_clear()
    assert sorted(set(made)) == made == [(23.5, False), (23.5, True)]
    assert lines == [
        fresh_lines(text, 180.0, 23.5, bold) for text in TEXTS for bold in (False, True)
    ]
    assert max(lines) > 1  # the texts wrap: the counts say something
