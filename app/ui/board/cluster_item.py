"""A cluster on the board: a titled frame drawn around its notes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsObject,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.core.board import (
    CLUSTER_TITLE_INSET,
    CLUSTER_TITLE_PIXELS,
    Rect,
    cluster_title_height,
)
from app.core.types import Cluster

TITLE_PIXEL_SIZE = int(CLUSTER_TITLE_PIXELS)


def title_font_fitting(title: str, area: QRectF) -> QFont:
    """The title's font: its usual size, a little smaller only if it would not fit whole.

    The frame's title bar is sized from an estimate (the core has no fonts); should a
    font run wider than that, the title shrinks rather than lose its last line.
    """
    font = QFont()
    font.setBold(True)
    flags = int(Qt.TextFlag.TextWordWrap)
    for size in range(TITLE_PIXEL_SIZE, 11, -1):
        font.setPixelSize(size)
        needed = QFontMetricsF(font).boundingRect(QRectF(0, 0, area.width(), 1e6), flags, title)
        if needed.height() <= area.height():
            break
    return font


class ClusterItem(QGraphicsObject):
    """Draws a cluster's frame; its title bar drags the whole cluster."""

    drag_moved = Signal(str, QPointF)
    """The title bar was dragged by this much since the press (cluster id, offset)."""
    drag_finished = Signal(str)
    """The drag of the whole cluster ended."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__()
        self.setZValue(-10)
        self.cluster = cluster
        self._frame = QRectF()
        self._press: QPointF | None = None

    @property
    def cluster_id(self) -> str:
        """The id of the cluster shown."""
        return self.cluster.id

    def set_cluster(self, cluster: Cluster) -> None:
        """Show a new title or colour (the scene then gives the frame its new size)."""
        self.cluster = cluster
        self.update()

    def set_frame(self, frame: Rect | None) -> None:
        """Place the frame (``None`` hides a cluster that has no notes)."""
        self.prepareGeometryChange()
        self._frame = QRectF() if frame is None else QRectF(0, 0, frame.width, frame.height)
        self.setVisible(frame is not None)
        if frame is not None:
            self.setPos(frame.x, frame.y)

    def title_rect(self) -> QRectF:
        """Where the title is drawn (and where a drag or a double-click starts).

        As tall as the title wraps to: a title is never cut.
        """
        width = self._frame.width()
        return QRectF(0, 0, width, cluster_title_height(self.cluster.title, width))

    def boundingRect(self) -> QRectF:
        """The frame."""
        return self._frame.adjusted(-2, -2, 2, 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """A tinted frame with the title on top."""
        color = QColor(self.cluster.color)
        fill = QColor(color)
        fill.setAlpha(70)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color.darker(115), 3))
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(self._frame, 12, 12)
        if option.levelOfDetailFromTransform(painter.worldTransform()) * TITLE_PIXEL_SIZE < 4:
            return  # a title under 4 pixels high cannot be read; laying it out still costs
        painter.setPen(QColor("#1F2933"))
        title = self.cluster.title or "Untitled cluster"
        inset = CLUSTER_TITLE_INSET
        area = self.title_rect().adjusted(inset, 0, -inset, 0)
        painter.setFont(title_font_fitting(title, area))
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            title,
        )

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Start dragging the cluster from its title bar; elsewhere let clicks through."""
        if event.button() == Qt.MouseButton.LeftButton and self.title_rect().contains(event.pos()):
            self._press = event.scenePos()
            event.accept()
            return
        event.ignore()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Move the cluster's notes along with the pointer."""
        if self._press is not None:
            self.drag_moved.emit(self.cluster.id, event.scenePos() - self._press)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Finish the drag: the scene turns it into one undo step."""
        if self._press is not None:
            self._press = None
            self.drag_finished.emit(self.cluster.id)
