"""The board with 2,000 notes: open, drag, repaint, against the issue's targets.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_board

Targets (issue 3): open ≤ 300 ms; a drag step ≤ 2 ms at p95; a repaint at 100 %
≤ 8 ms; with the whole board in view ≤ 16 ms. The floor is what plain QPainter needs
to draw the same cards and text into an image of the same size, with no scene.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication

from app.core.board import tidy_grid
from app.core.demo import build_demo_session
from app.core.types import Note, Session, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.application import configure_application
from app.ui.session_document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings

NOTES = 2000
REPEATS = 60


def board_session() -> Session:
    demo = build_demo_session()
    people = demo.participants
    template = demo.notes[0]
    notes = [
        Note(
            id=new_id(),
            text=f"Idea {i}: a small concrete improvement to try next week",
            color=template.color,
            x=0,
            y=0,
            created_at=template.created_at,
            author_id=people[i % len(people)].id,
            cluster_id=None,
        )
        for i in range(NOTES)
    ]
    places = tidy_grid([n.id for n in notes], columns=50)
    notes = [replace(n, x=places[n.id][0], y=places[n.id][1]) for n in notes]
    return replace(demo, id=new_id(), notes=tuple(notes), vote_rounds=(), action_items=())


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def repaint_times(window: SessionWindow) -> list[float]:
    viewport = window.view.viewport()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        viewport.grab()  # paints the whole viewport into a pixmap
        samples.append(time.perf_counter() - start)
    return samples


def floor_paint(count: int, size: tuple[int, int]) -> float:
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
    start = time.perf_counter()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i in range(count):
        rect = QRectF((i % 8) * 60.0, (i // 8) * 40.0 % size[1], 56, 36)
        painter.setBrush(QColor("#FFE08A"))
        painter.drawRoundedRect(rect, 4, 4)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, "Idea text")
    painter.end()
    return time.perf_counter() - start


def main() -> None:
    application = QApplication.instance() or QApplication([])
    assert isinstance(application, QApplication)
    configure_application(application)
    session = board_session()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        repository = SessionRepository(database.engine)
        repository.add_session(session)
        settings = AppSettings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))

        start = time.perf_counter()
        window = SessionWindow(SessionDocument(repository, session.id), settings)
        window.show()
        window.view.viewport().grab()
        opened = time.perf_counter() - start

        window.view.reset_zoom()
        window.view.centerOn(QPointF(600, 400))
        at_100 = repaint_times(window)
        visible_at_100 = len(window.view.items(window.view.viewport().rect()))

        item = next(iter(window.scene.note_items.values()))
        viewport = window.view.viewport()
        press = window.view.mapFromScene(item.sceneBoundingRect().center())
        window.view.centerOn(item)
        press = window.view.mapFromScene(item.sceneBoundingRect().center())
        window.scene.clearSelection()
        press_event = QMouseEvent(
            QMouseEvent.Type.MouseButtonPress,
            QPointF(press),
            QPointF(press),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        application.sendEvent(viewport, press_event)
        drag_steps = []
        for step in range(1, REPEATS + 1):
            at = QPointF(press.x() + step * 3, press.y() + step * 2)
            move = QMouseEvent(
                QMouseEvent.Type.MouseMove,
                at,
                at,
                Qt.MouseButton.NoButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            begin = time.perf_counter()
            application.sendEvent(viewport, move)
            viewport.grab()
            drag_steps.append(time.perf_counter() - begin)
        release = QMouseEvent(
            QMouseEvent.Type.MouseButtonRelease,
            at,
            at,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        application.sendEvent(viewport, release)

        window.view.fit_all()
        whole = repaint_times(window)
        size = (viewport.width(), viewport.height())
        floor_visible = floor_paint(visible_at_100, size)
        floor_all = floor_paint(NOTES, size)
        window.close()
        database.close()

    print(
        f"board with {NOTES:,} notes, viewport {size[0]}x{size[1]}, zoom to fit "
        f"{window.view.zoom:.0%}"
    )
    rows = (
        ("open the session", opened, 0.300, None),
        ("drag step (p95)", p95(drag_steps), 0.002, None),
        ("repaint at 100% (p95)", p95(at_100), 0.008, floor_visible),
        ("repaint, all in view (p95)", p95(whole), 0.016, floor_all),
    )
    for name, seconds, target, floor in rows:
        verdict = "ok" if seconds <= target else "OVER"
        floor_text = (
            f"floor {floor * 1000:6.2f} ms  ratio {seconds / floor:5.1f}x" if floor else ""
        )
        print(
            f"{name:<28} {seconds * 1000:8.2f} ms  target {target * 1000:5.0f} ms  "
            f"{verdict:<4}  {floor_text}"
        )


if __name__ == "__main__":
    main()
