"""The 2×2's grid: impact up, effort across, numbered markers that never cover each other."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from app.core.matrix_fill import is_quick_win

ITEM_MIME = "application/x-dotstorm-note"
QUICK_WIN = QColor("#D1FADF")
MARKER_RADIUS = 11
MARKER_STEP = 2 * MARKER_RADIUS + 4
"""From one marker's centre to the next one's in a shared cell."""
Scores = dict[str, tuple[int | None, int | None]]


class MatrixBoard(QWidget):
    """Impact up, effort across; drop or drag an item to score it (snapped to 1..5)."""

    scored = Signal(str, int, int)

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.numbers = {item_id: number for number, item_id in enumerate(labels, start=1)}
        """Each item's number on its marker and in the list, in the ranking's order."""
        self.scores: Scores = {}
        self.current: str | None = None
        """The item picked in the list, ringed on the grid."""
        self.from_round: set[str] = set()
        """Items whose place came from a rating round: their markers have a dashed ring."""
        self.setAcceptDrops(True)
        self.setMinimumSize(520, 420)
        self._dragging: str | None = None

    def _area(self) -> QRectF:
        return QRectF(60, 20, self.width() - 80, self.height() - 70)

    def to_point(self, impact: int, effort: int) -> QPointF:
        """Where a score pair sits on the grid."""
        area = self._area()
        return QPointF(
            area.left() + (effort - 0.5) / 5 * area.width(),
            area.bottom() - (impact - 0.5) / 5 * area.height(),
        )

    def to_scores(self, point: QPointF) -> tuple[int, int]:
        """The (impact, effort) a point on the grid stands for."""
        area = self._area()
        effort = int((point.x() - area.left()) / area.width() * 5) + 1
        impact = int((area.bottom() - point.y()) / area.height() * 5) + 1
        return max(1, min(5, impact)), max(1, min(5, effort))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Quadrants, axes, and the placed items."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        half_w, half_h = area.width() * 2 / 5, area.height() * 2 / 5
        painter.fillRect(QRectF(area.left(), area.top(), half_w, half_h), QUICK_WIN)
        painter.setPen(QColor("#9AA5B1"))
        painter.drawRect(area)
        painter.drawLine(
            QPointF(area.center().x(), area.top()), QPointF(area.center().x(), area.bottom())
        )
        painter.drawLine(
            QPointF(area.left(), area.center().y()), QPointF(area.right(), area.center().y())
        )
        font = QFont(self.font())
        font.setPixelSize(16)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#027A48"))
        painter.drawText(area.adjusted(8, 6, 0, 0), "Quick wins")
        painter.setPen(QColor("#52606D"))
        painter.drawText(area.adjusted(area.width() / 2 + 8, 6, 0, 0), "Big bets")
        painter.drawText(
            QRectF(area.left(), area.bottom() + 8, area.width(), 24),
            Qt.AlignmentFlag.AlignCenter,
            "Effort →  (1 low … 5 high)",
        )
        painter.save()
        painter.translate(18, area.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-150, -12, 300, 24), Qt.AlignmentFlag.AlignCenter, "Impact →  (1 low … 5 high)"
        )
        painter.restore()
        font.setPixelSize(13)
        painter.setFont(font)
        current = self.current
        for item_id, center in self.marker_points().items():
            painter.setPen(Qt.PenStyle.NoPen)
            if item_id == current:
                painter.setBrush(QColor("#F59E0B"))
                painter.drawEllipse(center, MARKER_RADIUS + 4, MARKER_RADIUS + 4)
            impact, effort = self.scores[item_id]
            painter.setBrush(
                QColor("#12B76A") if is_quick_win(impact, effort) else QColor("#2563EB")
            )
            painter.drawEllipse(center, MARKER_RADIUS, MARKER_RADIUS)
            if item_id in self.from_round:
                ring = QPen(QColor("#1F2933"), 2, Qt.PenStyle.DotLine)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(center, MARKER_RADIUS + 2, MARKER_RADIUS + 2)
            painter.setPen(QColor("white"))
            box = QRectF(center.x() - MARKER_RADIUS, center.y() - MARKER_RADIUS, 0, 0)
            box.setSize(QSizeF(2 * MARKER_RADIUS, 2 * MARKER_RADIUS))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self.numbers.get(item_id, "")))
        painter.end()

    def marker_points(self) -> dict[str, QPointF]:
        """Where each scored item's numbered marker is drawn.

        Items with the same scores sit side by side in their cell (wrapping to a second
        row), so that no marker hides another; the numbers match the list beside the grid,
        where every item's whole text is, instead of labels that would overlap.
        """
        cells: dict[tuple[int, int], list[str]] = {}
        for item_id, (impact, effort) in self.scores.items():
            if impact is not None and effort is not None:
                cells.setdefault((impact, effort), []).append(item_id)
        area = self._area()
        per_row = max(1, int(area.width() / 5 // MARKER_STEP))
        points: dict[str, QPointF] = {}
        for (impact, effort), ids in cells.items():
            center = self.to_point(impact, effort)
            rows = (len(ids) + per_row - 1) // per_row
            for index, item_id in enumerate(ids):
                row, column = divmod(index, per_row)
                in_row = min(per_row, len(ids) - row * per_row)
                points[item_id] = QPointF(
                    center.x() + (column - (in_row - 1) / 2) * MARKER_STEP,
                    center.y() + (row - (rows - 1) / 2) * MARKER_STEP,
                )
        return points

    def _item_at(self, point: QPointF) -> str | None:
        for item_id, center in self.marker_points().items():
            if (center - point).manhattanLength() < MARKER_RADIUS * 1.5:
                return item_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick up a placed item."""
        self._dragging = self._item_at(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Put it down where the mouse is."""
        if self._dragging is not None:
            impact, effort = self.to_scores(event.position())
            self.scored.emit(self._dragging, impact, effort)
            self._dragging = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept items dragged from the list."""
        if event.mimeData().hasFormat(ITEM_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        """Keep accepting while over the grid."""
        if event.mimeData().hasFormat(ITEM_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Score the dropped item by where it landed."""
        item_id = bytes(event.mimeData().data(ITEM_MIME).data()).decode()
        impact, effort = self.to_scores(event.position())
        self.scored.emit(item_id, impact, effort)
        event.acceptProposedAction()
