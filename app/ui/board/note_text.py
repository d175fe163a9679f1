"""A note's text on its card: in the largest size that fits, or cut with "…"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption


def text_font(pixel_size: int, bold: bool = False) -> QFont:
    """The card's font at ``pixel_size`` (pixels: the same on any screen)."""
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


def _text_option() -> QTextOption:
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    return option


class TextBlock:
    """Text laid out once, in the largest size that fits the card.

    Text too long for the card at the smallest size shows as many whole lines as fit,
    the last one cut with "…" (the tooltip shows it all): never a line over another,
    never a line past the card's text area.
    """

    def __init__(self, text: str, width: float, height: float, sizes: Sequence[int]) -> None:
        self.area = QRectF(0, 0, width, height)
        self.lines: list[tuple[QTextLayout, QPointF]] = []
        self.elided = False
        for size in sizes:
            laid_out = self._lay_out(text.split("\n"), width, height, text_font(size))
            if laid_out is not None:
                self.lines = laid_out
                return
        self.elided = True
        self.lines = self._cut(text, width, height, text_font(min(sizes)))

    @staticmethod
    def _lay_out(
        paragraphs: list[str], width: float, height: float, font: QFont
    ) -> list[tuple[QTextLayout, QPointF]] | None:
        """Every paragraph, line under line; ``None`` if they do not fit ``height``."""
        laid_out: list[tuple[QTextLayout, QPointF]] = []
        option = _text_option()
        y = 0.0
        line_height = QFontMetricsF(font).lineSpacing()
        for paragraph in paragraphs:
            layout = QTextLayout(paragraph, font)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                if y + line_height > height:
                    layout.endLayout()
                    return None
                line.setPosition(QPointF(0, y))
                y += line_height
            layout.endLayout()
            laid_out.append((layout, QPointF(0, 0)))
        return laid_out

    @classmethod
    def _cut(
        cls, text: str, width: float, height: float, font: QFont
    ) -> list[tuple[QTextLayout, QPointF]]:
        """The lines that fit ``height``, the last one ending in "…"."""
        metrics = QFontMetricsF(font)
        line_height = metrics.lineSpacing()
        room = max(1, int(height // line_height))
        paragraphs = text.split("\n")
        # Where the last line that fits starts: what comes before it is laid out as
        # usual (it wraps the same way), the rest is cut to one line.
        option = _text_option()
        counted = 0
        last = (len(paragraphs) - 1, 0)
        for number, paragraph in enumerate(paragraphs):
            layout = QTextLayout(paragraph, font)
            layout.setTextOption(option)
            layout.beginLayout()
            starts = []
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                starts.append(line.textStart())
            layout.endLayout()
            if counted + len(starts) >= room:
                last = (number, starts[room - 1 - counted])
                break
            counted += len(starts)
        number, start = last
        before = paragraphs[:number] + ([paragraphs[number][:start]] if start else [])
        laid_out = cls._lay_out(before, width, height, font) or []
        rest = " ".join([paragraphs[number][start:], *paragraphs[number + 1 :]]).strip()
        # (Whole, if it fits one line: paragraphs, not length, were what overflowed.)
        cut = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        layout = QTextLayout(cut, font)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(width)
        line.setPosition(QPointF(0, (room - 1) * line_height))
        layout.endLayout()
        laid_out.append((layout, QPointF(0, 0)))
        return laid_out

    def drawn(self) -> list[tuple[str, QRectF]]:
        """Each line drawn, with where it is (relative to the text area's top left)."""
        found = []
        for layout, offset in self.lines:
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                start = line.textStart()
                words = layout.text()[start : start + line.textLength()]
                found.append((words, line.rect().translated(offset)))
        return found

    def draw(self, painter: QPainter, origin: QPointF) -> None:
        """Every line, kept inside the text area whatever the zoom."""
        painter.save()
        painter.setClipRect(self.area.translated(origin), Qt.ClipOperation.IntersectClip)
        for layout, offset in self.lines:
            layout.draw(painter, origin + offset)
        painter.restore()
