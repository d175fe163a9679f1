"""The board view: zoom around the cursor, pan every way people expect, fit, 100 %."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from app.ui import shortcuts as K
from app.ui.board.note_item import NoteItem
from app.ui.board.scene import BoardScene

if TYPE_CHECKING:
    from app.ui.board.keyboard import BoardKeyboard

MIN_ZOOM = 0.1
MAX_ZOOM = 4.0
READABLE_ZOOM = 0.6
"""A board opens no further out than this: its smallest text is then about 11 px."""
ZOOM_STEP = 1.2
GRID = 40


class BoardView(QGraphicsView):
    """Shows the board; Ctrl+wheel, +, −, F, 1, space-drag and middle-drag navigate it."""

    zoom_changed = Signal(float)

    DropTarget = Callable[[str, QPoint], bool]
    """Offered a note let go outside the board (its id, the global point); True: taken."""

    def __init__(self, scene: BoardScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        # Zooming keeps the centre still; Ctrl+wheel moves the board back under the pointer.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setBackgroundBrush(QColor("#F4F1EA"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space_down = False
        self.zoom_changed.connect(scene.set_zoom)
        self._pan_from: QPoint | None = None
        self._pan_button: Qt.MouseButton | None = None
        self._panned_with_space = False
        self.drop_targets: list[BoardView.DropTarget] = []
        self.keyboard: BoardKeyboard | None = None
        """Set by the board controller: Tab, Space and Enter on notes."""

    @property
    def zoom(self) -> float:
        """The zoom level (1.0 is 100 %)."""
        return self.transform().m11()

    def set_zoom(self, zoom: float, around: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (clamped), around the view centre or a point of the viewport.

        The board under ``around`` (the pointer, for Ctrl+wheel) stays under it, as far
        as the scroll bars let it.
        """
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        held = self.mapToScene(around.toPoint()) if around is not None else None
        factor = zoom / self.zoom
        self.scale(factor, factor)
        if around is not None and held is not None:
            drift = self.mapFromScene(held) - around.toPoint()
            for bar, step in (
                (self.horizontalScrollBar(), drift.x()),
                (self.verticalScrollBar(), drift.y()),
            ):
                bar.setValue(bar.value() + step)
        self.zoom_changed.emit(self.zoom)

    def fit_all(self) -> None:
        """Show every note (never zoom in past 100 % to do it)."""
        scene = self.scene()
        assert isinstance(scene, BoardScene)
        items = [*scene.note_items.values(), *scene.cluster_items.values()]
        if not items:
            self.reset_zoom()
            return
        bounds = QRectF()
        for item in items:
            bounds = bounds.united(item.sceneBoundingRect())
        self.fitInView(bounds.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
            self.centerOn(bounds.center())
        self.zoom_changed.emit(self.zoom)

    def open_view(self) -> None:
        """How a board first appears: all of it if it can be read so, else readable.

        A big board opens at a zoom where every note's text can be read, on its top
        left corner (where the first clusters are); F then shows all of it.
        """
        self.fit_all()
        if self.zoom >= READABLE_ZOOM:
            return
        scene = self.scene()
        assert isinstance(scene, BoardScene)
        bounds = QRectF()
        for item in [*scene.note_items.values(), *scene.cluster_items.values()]:
            bounds = bounds.united(item.sceneBoundingRect())
        self.set_zoom(READABLE_ZOOM)
        viewport = self.viewport().rect()
        visible = self.mapToScene(viewport).boundingRect()
        self.centerOn(
            bounds.left() - 30 + visible.width() / 2, bounds.top() - 30 + visible.height() / 2
        )

    def reset_zoom(self) -> None:
        """Back to 100 %."""
        self.set_zoom(1.0)

    def zoom_in(self) -> None:
        """One step closer."""
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step further out."""
        self.set_zoom(self.zoom / ZOOM_STEP)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms around the cursor; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps, around=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab move between notes here; F6 is what leaves the board."""
        scene = self.scene()
        if self.keyboard is not None and not (isinstance(scene, BoardScene) and scene.editor):
            self.keyboard.move(1 if next else -1)
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """The board has the keyboard: show on which note."""
        super().focusInEvent(event)
        if self.keyboard is not None:
            self.keyboard.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and − zoom, F fits, 1 is 100 %, space held pans with the mouse.

        Space pressed and let go without a drag selects the keyboard's note instead.
        """
        scene = self.scene()
        editing = isinstance(scene, BoardScene) and scene.editor is not None
        keyboard = self.keyboard
        tap = K.pressed(K.SELECT_NOTE, event)  # held, it pans; tapped, it selects on release
        if not editing and not tap and keyboard and keyboard.handle(event):
            return
        if not editing:
            views = {
                K.ZOOM_IN: self.zoom_in,
                K.ZOOM_OUT: self.zoom_out,
                K.FIT: self.fit_all,
                K.HUNDRED: self.reset_zoom,
            }
            for shortcut, change_view in views.items():
                if K.pressed(shortcut, event):
                    change_view()
                    return
            if (
                K.pressed(K.CLEAR_SELECTION, event)
                and isinstance(scene, BoardScene)
                and scene.selectedItems()
            ):
                scene.clearSelection()  # the keyboard's note stays where it is
                return
            if K.pressed(K.SELECT_NOTE, event) and not event.isAutoRepeat():
                self._space_down = True
                self._panned_with_space = False
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
                return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Letting go of space ends panning."""
        if K.pressed(K.SELECT_NOTE, event) and not event.isAutoRepeat() and self._space_down:
            self._space_down = False
            if self._pan_button is None:
                self.viewport().unsetCursor()
            if not self._panned_with_space and self.keyboard is not None:
                self.keyboard.handle(event)  # a tap of Space: select the keyboard's note
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Middle button pans, and so does the left one while Space is held.

        The pan is the view's own, whatever is under the pointer: with Space held, a
        drag that starts on a note moves the board, not the note.
        """
        space_pan = self._space_down and event.button() == Qt.MouseButton.LeftButton
        if space_pan or event.button() == Qt.MouseButton.MiddleButton:
            self._panned_with_space = self._panned_with_space or space_pan
            self._pan_from = event.position().toPoint()
            self._pan_button = event.button()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan while the panning button is down."""
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Stop panning; a note let go over another widget may be taken by it."""
        if event.button() == self._pan_button and self._pan_from is not None:
            self._pan_from = None
            self._pan_button = None
            if self._space_down:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        scene = self.scene()
        grabbed = scene.mouseGrabberItem() if isinstance(scene, BoardScene) else None
        outside = not self.viewport().rect().contains(event.position().toPoint())
        if (
            event.button() == Qt.MouseButton.LeftButton
            and outside
            and isinstance(grabbed, NoteItem)
            and isinstance(scene, BoardScene)
        ):
            where = event.globalPosition().toPoint()
            if any(target(grabbed.note_id, where) for target in self.drop_targets):
                scene.put_back_dragged_notes()  # the drop is not a move
        super().mouseReleaseEvent(event)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """A faint dot grid, so that panning is visible on an empty board."""
        super().drawBackground(painter, rect)
        rect = QRectF(rect)
        if self.zoom < 0.3:
            return
        painter.setPen(QPen(QColor("#D8D2C4"), 2))
        left = int(rect.left()) - int(rect.left()) % GRID
        top = int(rect.top()) - int(rect.top()) % GRID
        for x in range(left, int(rect.right()) + GRID, GRID):
            for y in range(top, int(rect.bottom()) + GRID, GRID):
                painter.drawPoint(x, y)
