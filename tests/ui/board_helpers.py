"""Helpers for driving the board as a person does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.board.note_item import NoteItem
from app.ui.session_window import SessionWindow


def point_of(window: SessionWindow, item: NoteItem, dx: float = 0, dy: float = 0) -> QPoint:
    """Where a note's centre is in the board view's viewport."""
    center = item.sceneBoundingRect().center() + QPointF(dx, dy)
    return window.view.mapFromScene(center)


def drag(
    qtbot: QtBot,
    window: SessionWindow,
    start: QPoint,
    end: QPoint,
    steps: int = 6,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> None:
    """Press, move in steps with the button held, release: a real drag on the board."""
    drag_on(qtbot, window.view.viewport(), start, end, steps, button)


def drag_on(
    qtbot: QtBot,
    widget: QWidget,
    start: QPoint,
    end: QPoint,
    steps: int = 6,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> None:
    """Press, move in steps with the button held, release, on any widget."""
    qtbot.mousePress(widget, button, pos=start)
    for step in range(1, steps + 1):
        at = start + (end - start) * (step / steps)
        event = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPointF(at),
            QPointF(widget.mapToGlobal(at)),
            Qt.MouseButton.NoButton,
            button,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)
    qtbot.mouseRelease(widget, button, pos=end)


def type_idea(qtbot: QtBot, window: SessionWindow, text: str) -> None:
    """Type into the capture bar and press Enter."""
    qtbot.keyClicks(window.capture_bar.idea_edit, text)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)


def wheel(
    window: SessionWindow,
    at: QPoint,
    notches: int,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Turn the mouse wheel over the board at ``at`` (a notch is 120; up is positive)."""
    viewport = window.view.viewport()
    event = QWheelEvent(
        QPointF(at),
        QPointF(viewport.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def right_click(qtbot: QtBot, window: SessionWindow, at: QPoint) -> None:
    """A right click as a desktop delivers it: press, release, then the context-menu event."""
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=at)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    QApplication.sendEvent(viewport, event)
