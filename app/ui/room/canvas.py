"""The board as the room sees it: clusters and their notes in columns, in large type.

The layout is the core's (:mod:`app.core.room_layout`); this widget measures text with
the real font, keeps the page the facilitator is on, and paints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.room_cards import RoomCard, RoomGroup
from app.core.room_layout import (
    CARD_PADDING,
    DOTS_ROOM,
    LINE_SPACING,
    TITLE_INSET,
    RoomLayout,
    layout_room,
    layout_spotlight,
)
from app.ui.room.fonts import room_font

BACKGROUND = QColor("#0B0F14")
TITLE_COLOR = QColor("#F5F7FA")
TEXT_COLOR = QColor("#111827")
FACE_DOWN = QColor("#5B6B7A")
BAR_WIDTH = 8.0


@lru_cache(maxsize=64)
def _font(pixel_size: float, bold: bool) -> QFont:
    """The room's font at a size, made once (a layout measures hundreds of texts in it)."""
    return room_font(pixel_size, bold)


@lru_cache(maxsize=1)
def _wrapping() -> QTextOption:
    """Wrapped at spaces, or anywhere in a word too long; each paragraph's own direction."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    return option


def _layouts(text: str, width: float, pixel_size: float, bold: bool) -> list[QTextLayout]:
    """``text`` laid out at ``width``: wrapped at spaces, or anywhere in a word too long."""
    font = _font(pixel_size, bold)
    option = _wrapping()
    layouts = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
        layout.endLayout()
        layouts.append(layout)
    return layouts


@lru_cache(maxsize=4096)
def measure_lines(text: str, width: float, pixel_size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in the room's font (exactly what is painted)."""
    return sum(max(1, layout.lineCount()) for layout in _layouts(text, width, pixel_size, bold))


def draw_wrapped(
    painter: QPainter, box: QRectF, text: str, pixel_size: float, bold: bool = False
) -> None:
    """Paint ``text`` in ``box`` as :func:`measure_lines` counted its lines.

    One line every ``LINE_SPACING`` text heights: the layout reserved that much.
    """
    pitch = pixel_size * LINE_SPACING
    y = box.top()
    for layout in _layouts(text, box.width(), pixel_size, bold):
        for index in range(max(1, layout.lineCount())):
            if index < layout.lineCount():
                line = layout.lineAt(index)
                line.setPosition(QPointF(0, 0))
                line.draw(painter, QPointF(box.left(), y + (pitch - line.height()) / 2))
            y += pitch


def measure_text(text: str, width: float, pixel_size: float) -> int:
    """A note's lines in the room (the :class:`~app.core.typesetting.Measure` for notes)."""
    return measure_lines(text, round(width, 1), round(pixel_size, 1))


def measure_title_text(text: str, width: float, pixel_size: float) -> int:
    """A cluster name's lines in the room: bold."""
    return measure_lines(text, round(width, 1), round(pixel_size, 1), bold=True)


class RoomCanvas(QWidget):
    """Paints one page of the room's layout; pages and spotlight come from outside."""

    paged = Signal(int, int)
    """The page shown and how many there are (both from 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._groups: tuple[RoomGroup, ...] = ()
        self._spotlight: tuple[RoomGroup, ...] | None = None
        self._text_pixels: float | None = None
        self._layout: RoomLayout | None = None
        self.page = 0

    @property
    def room_layout(self) -> RoomLayout:
        """The layout for the canvas's size now (made when first asked for)."""
        if self._layout is None:
            width, height = float(self.width()), float(self.height())
            if self._spotlight is not None:
                self._layout = layout_spotlight(
                    self._spotlight, width, height, measure_text, measure_title_text
                )
            else:
                self._layout = layout_room(
                    self._groups,
                    width,
                    height,
                    measure_text,
                    self._text_pixels,
                    measure_title_text,
                )
            self.page = min(self.page, len(self._layout.pages) - 1)
            self.paged.emit(self.page + 1, len(self._layout.pages))
        return self._layout

    @property
    def page_count(self) -> int:
        """How many pages the board takes at this size."""
        return len(self.room_layout.pages)

    def set_groups(self, groups: Sequence[RoomGroup]) -> None:
        """The board changed: lay it out again (the page kept if it still exists)."""
        self._groups = tuple(groups)
        self._relayout()

    def set_spotlight(self, groups: Sequence[RoomGroup] | None) -> None:
        """Show only these (large), or the whole board again with ``None``."""
        self._spotlight = tuple(groups) if groups is not None else None
        self.page = 0
        self._relayout()

    def set_text_pixels(self, pixels: float | None) -> None:
        """The room's zoom: a chosen text size, or ``None`` for the largest that fits."""
        self._text_pixels = pixels
        self._relayout()

    def turn(self, step: int) -> bool:
        """Go ``step`` pages on; ``False`` (and nothing changes) at either end."""
        target = self.page + step
        if not 0 <= target < self.page_count:
            return False
        self.page = target
        self.paged.emit(self.page + 1, self.page_count)
        self.update()
        return True

    def _relayout(self) -> None:
        self._layout = None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new size means a new layout."""
        super().resizeEvent(event)
        self._relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The page: cluster names with their colour, then each note on its card."""
        layout = self.room_layout
        painter = QPainter(self)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        painter.fillRect(self.rect(), BACKGROUND)
        if not layout.pages[self.page].items:
            painter.setPen(QColor("#9FB3C8"))
            painter.setFont(room_font(28))
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No notes on the board yet."
            )
            painter.end()
            return
        for item in layout.pages[self.page].items:
            box = QRectF(item.x, item.y, item.width, item.height)
            if item.card is None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(item.color))
                # The colour bar marks the first line only: beside a wrapped line it
                # reads as a letter.
                first_line = layout.title_pixels * LINE_SPACING
                painter.drawRoundedRect(
                    QRectF(box.x(), box.y() + 3, BAR_WIDTH, first_line - 6), 3, 3
                )
                painter.setPen(TITLE_COLOR)
                title_box = box.adjusted(TITLE_INSET, 0, 0, 0)
                draw_wrapped(painter, title_box, item.text, layout.title_pixels, bold=True)
                continue
            fill = FACE_DOWN if item.card.face_down else QColor(item.color)
            painter.setPen(QPen(fill.darker(125), 1.5))
            painter.setBrush(fill)
            painter.drawRoundedRect(box, 8, 8)
            inner = box.adjusted(CARD_PADDING, CARD_PADDING, -CARD_PADDING, -CARD_PADDING)
            if item.card.badged:
                inner.setRight(inner.right() - layout.text_pixels * DOTS_ROOM)
            if item.card.dots:
                self._paint_dots(painter, box, item.card.dots, layout.text_pixels)
            if item.card.said > 1:
                self._paint_stack(painter, box, item.card, layout.text_pixels)
            painter.setPen(QColor("#E8EDF2") if item.card.face_down else TEXT_COLOR)
            draw_wrapped(painter, inner, item.text, layout.text_pixels)
        painter.end()

    @staticmethod
    def _paint_stack(painter: QPainter, card: QRectF, room_card: RoomCard, pixels: float) -> None:
        """A stack's count ("×3"): under the dots when the card is tall enough."""
        size = pixels * LINE_SPACING
        top = card.top() + 6
        if room_card.dots:
            if card.height() < 2 * size + 14:
                return  # one line: its dots say more; the board shows the count
            top += size + 4
        badge = QRectF(card.right() - size * 1.9 - 6, top, size * 1.9, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#22313F"))
        painter.drawRoundedRect(badge, size / 2, size / 2)
        painter.setPen(QColor("white"))
        painter.setFont(room_font(pixels * 0.85, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"×{room_card.said}")

    @staticmethod
    def _paint_dots(painter: QPainter, card: QRectF, dots: int, pixels: float) -> None:
        size = pixels * LINE_SPACING
        badge = QRectF(card.right() - size * 1.9 - 6, card.top() + 6, size * 1.9, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#B42318"))
        painter.drawRoundedRect(badge, size / 2, size / 2)
        painter.setPen(QColor("white"))
        painter.setFont(room_font(pixels * 0.85, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"● {dots}")
