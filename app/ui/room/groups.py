"""1-2-4-All's groups on the room's view: who works with whom, under the step's prompt.

Shown during a pair or four step only, one line a group ("Group A: Ana Ruiz, Ben
Okafor"), in columns: the grid (:mod:`app.core.group_grid`) takes the largest type that
fits its share of the screen, never under the room's smallest; if even that does not
fit, it takes the room it needs from the board rather than cut a name. The lines are
measured and painted with the board's own text engine (:mod:`app.ui.room.canvas`), so
what is painted is what was measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.group_grid import GroupGrid, fit_group_grid
from app.core.room_layout import LINE_SPACING, MIN_TEXT_PIXELS
from app.core.techniques.one_two_four_all import Group, members_words
from app.ui.room.canvas import draw_wrapped, measure_text
from app.ui.room.fonts import room_font

LINE_COLOR = QColor("#E5EDF5")
SIZE_STEP = 2
NO_BREAK = "\u00a0"
"""Between the words of one name: a line wraps between names, never inside one."""


def _unbroken(text: str) -> str:
    return NO_BREAK.join(text.split())


def widest_word(text: str, pixels: int) -> float:
    """The widest word of ``text`` in the room's font at ``pixels``."""
    metrics = QFontMetricsF(room_font(pixels))
    return max((metrics.horizontalAdvance(word) for word in text.split(" ")), default=0.0)


class RoomGroups(QWidget):
    """The groups of the step, in as many columns as let them fit, in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Groups")
        self._lines: tuple[str, ...] = ()
        self._painted: tuple[str, ...] = ()
        """The lines as painted: each name (and "Group A") unbreakable."""
        self._largest = 24
        self._budget = 200.0
        self.grid = GroupGrid(self._largest, 1, 0, (), True)
        """Where each line is painted now, and at what size."""
        self.hide()

    @property
    def lines(self) -> tuple[str, ...]:
        """The groups shown, one line each ("Group A: Ana Ruiz, Ben Okafor")."""
        return self._lines

    def set_groups(self, groups: Sequence[Group], names: Mapping[str, str]) -> None:
        """Show these groups, their people named by ``names`` (no groups: the widget goes)."""
        lines = tuple(members_words(group, names) for group in groups)
        if lines == self._lines:
            return
        self._lines = lines
        unbroken = {person: _unbroken(name) for person, name in names.items()}
        self._painted = tuple(
            members_words(Group(_unbroken(group.name), group.member_ids), unbroken)
            for group in groups
        )
        self.setAccessibleDescription("\n".join(lines))
        self.setVisible(bool(lines))
        self._fit()

    def set_room(self, largest: int, budget: float) -> None:
        """The largest text size wanted and the height the groups may take, in pixels."""
        if (largest, budget) != (self._largest, self._budget):
            self._largest, self._budget = largest, budget
            self._fit()

    def _sizes(self) -> list[int]:
        largest = max(MIN_TEXT_PIXELS, self._largest)
        return list(range(largest, MIN_TEXT_PIXELS - 1, -SIZE_STEP))

    def _fit(self) -> None:
        self.grid = fit_group_grid(
            self._painted,
            float(self.width()),
            self._budget,
            self._sizes(),
            measure_text,
            widest_word,
        )
        self.setFixedHeight(math.ceil(self.grid.height) if self._lines else 0)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may take more columns, or fewer."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def cell_boxes(self) -> list[QRectF]:
        """Where each line is painted, in the widget's coordinates (as wide as its column)."""
        grid = self.grid
        width = round(grid.column_width(float(self.width())), 1)
        pitch = grid.pixels * LINE_SPACING
        tops = [0.0]
        for lines in grid.row_lines:
            tops.append(tops[-1] + lines * pitch + grid.gap / 4)
        boxes = []
        for index in range(len(self._painted)):
            row, column = grid.cell(index)
            left = column * (width + grid.gap)
            boxes.append(QRectF(left, tops[row], width, grid.row_lines[row] * pitch))
        return boxes

    def paintEvent(self, event: QPaintEvent) -> None:
        """Each group's line in its cell, wrapped as it was measured."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(LINE_COLOR)
        for box, line in zip(self.cell_boxes(), self._painted, strict=True):
            draw_wrapped(painter, box, line, self.grid.pixels)
        painter.end()
