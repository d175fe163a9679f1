"""The board: opening sessions of growing size, then dragging and repainting 2,000 notes.

The floor of the board figures is a bare QGraphicsScene of plain rectangles (one item
per note) in a QGraphicsView of the same size, dragged and painted the same way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from app.core.board import NOTE_HEIGHT, NOTE_WIDTH
from app.core.types import Session
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from bench.common import Figure, median, percentile, timed


def application() -> QApplication:
    """The one QApplication, with Dotstorm's look."""
    from app.ui.look import configure_application

    existing = QApplication.instance()
    made = existing if isinstance(existing, QApplication) else QApplication([])
    configure_application(made)
    return made


def open_window(repository: SessionRepository, session_id: str, folder: Path) -> SessionWindow:
    """A session window, shown and painted once."""
    settings = AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = SessionWindow(SessionDocument(repository, session_id), settings)
    window.resize(1280, 720)
    window.show()
    window.view.viewport().grab()
    return window


def open_figures(
    repository: SessionRepository, sessions: list[Session], folder: Path, runs: int
) -> list[Figure]:
    """Open each session ``runs`` times (a fresh window each time); medians, and growth."""
    figures = []
    for session in sessions:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            window = open_window(repository, session.id, folder)
            samples.append(time.perf_counter() - start)
            window.close()
            window.deleteLater()
            QApplication.processEvents()
        count = len(session.notes)
        per_note = median(samples) / count * 1000
        figure = Figure(
            f"open a session of {count:,} notes ({per_note:.2f} ms per note)",
            median(samples),
            "s",
            target="≤ 300 ms at 2,000" if count == 2000 else "report growth",
            met=median(samples) <= 0.300 if count == 2000 else None,
        )
        figures.append(figure)
    return figures


@dataclass
class BoardSamples:
    """Drag steps and repaints of one board (Dotstorm's or the bare floor)."""

    drag: list[float]
    at_100: list[float]
    whole: list[float]


def _send_mouse(viewport: QWidget, kind: QMouseEvent.Type, at: QPointF, held: bool) -> None:
    button = Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        at,
        viewport.mapToGlobal(at),
        button if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        button if held else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def measure_board(
    view: QGraphicsView,
    item: QGraphicsItem,
    steps: int,
    reset_zoom: Callable[[], None],
    fit_all: Callable[[], None],
) -> BoardSamples:
    """Drag ``item`` in steps (each painted), repaint at 100 %, repaint with all in view."""
    viewport = view.viewport()
    reset_zoom()
    view.centerOn(item)
    press = QPointF(view.mapFromScene(item.sceneBoundingRect().center()))
    _send_mouse(viewport, QMouseEvent.Type.MouseButtonPress, press, True)
    drag = []
    at = press
    for step in range(1, steps + 1):
        at = QPointF(press.x() + step * 3, press.y() + step * 2)
        start = time.perf_counter()
        _send_mouse(viewport, QMouseEvent.Type.MouseMove, at, True)
        viewport.grab()
        drag.append(time.perf_counter() - start)
    _send_mouse(viewport, QMouseEvent.Type.MouseButtonRelease, at, False)
    QApplication.processEvents()
    at_100 = [timed(viewport.grab) for _ in range(steps)]
    fit_all()
    whole = [timed(viewport.grab) for _ in range(steps)]
    return BoardSamples(drag, at_100, whole)


def bare_board(session: Session, size: tuple[int, int]) -> tuple[QGraphicsView, QGraphicsItem]:
    """The floor: plain movable rectangles where the notes are."""
    view = QGraphicsView()
    scene = QGraphicsScene(view)  # owned by the view, as the app's scene is by its window
    view.setScene(scene)
    first: QGraphicsItem | None = None
    for note in session.notes:
        rect = QGraphicsRectItem(QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT))
        rect.setPos(note.x, note.y)
        rect.setBrush(QBrush(QColor(note.color)))
        rect.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        scene.addItem(rect)
        first = first or rect
    view.resize(*size)
    view.show()
    assert first is not None
    return view, first


def board_figures(
    repository: SessionRepository, session: Session, folder: Path, steps: int
) -> list[Figure]:
    """Drag step p95, repaint at 100 %, repaint with everything in view: app and floor."""
    window = open_window(repository, session.id, folder)
    viewport = window.view.viewport()
    size = (viewport.width(), viewport.height())
    first_note = window.scene.note_items[session.notes[0].id]
    floor_view, floor_item = bare_board(session, size)

    def floor_fit() -> None:
        floor_view.fitInView(
            floor_view.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio
        )

    def floor_reset() -> None:
        floor_view.resetTransform()

    ours = measure_board(
        window.view, first_note, steps, window.view.reset_zoom, window.view.fit_all
    )
    floor = measure_board(floor_view, floor_item, steps, floor_reset, floor_fit)
    ours2 = measure_board(
        window.view, first_note, steps, window.view.reset_zoom, window.view.fit_all
    )
    floor2 = measure_board(floor_view, floor_item, steps, floor_reset, floor_fit)
    window.close()
    floor_view.close()
    count = len(session.notes)

    def p95(samples: list[float]) -> float:
        return percentile(samples, 0.95)

    rows = (
        ("drag step (p95)", ours.drag + ours2.drag, floor.drag + floor2.drag, 0.002, "≤ 2 ms"),
        (
            "repaint at 100 % (p95)",
            ours.at_100 + ours2.at_100,
            floor.at_100 + floor2.at_100,
            0.008,
            "≤ 8 ms",
        ),
        (
            "repaint, all in view (p95)",
            ours.whole + ours2.whole,
            floor.whole + floor2.whole,
            0.016,
            "≤ 16 ms",
        ),
    )
    return [
        Figure(f"board of {count:,}: {name}", p95(app), "s", p95(bare), target, p95(app) <= limit)
        for name, app, bare, limit, target in rows
    ]
