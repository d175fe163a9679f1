"""The board as a picture for the minutes: the scene the window shows, rendered to PNG.

The window hands its own scene over; the command line (``dotstorm export``) builds the
same scene offscreen from the database, so both minutes show the same board.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from app.storage.repository import SessionRepository
from app.ui.board.scene import BoardScene
from app.ui.document import SessionDocument

BOARD_IMAGE_MAX = 3000


def board_image(scene: BoardScene, view_zoom: float) -> bytes | None:
    """The board at print resolution (2 px per board unit, at most 3000 px a side), PNG.

    The scene is put in full detail while it renders (far out, cards leave their
    drawing to the overview), then back to what the view shows. What only the
    facilitator's view shows (the selection, the keyboard's ring, the find bar's
    dimming and outlines) is left out of the picture and put back after.
    """
    bounds = QRectF()
    for item in [*scene.note_items.values(), *scene.cluster_items.values()]:
        bounds = bounds.united(item.sceneBoundingRect())
    if bounds.isEmpty():
        return None
    bounds.adjust(-20, -20, 20, 20)
    scale = min(2.0, BOARD_IMAGE_MAX / max(bounds.width(), bounds.height()))
    image = QImage(
        int(bounds.width() * scale), int(bounds.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("#F4F1EA"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    selected = scene.selectedItems()
    notes = list(scene.note_items.values())
    focused = [item for item in notes if item.keyboard_focus]
    found = [(item, item.dimmed, item.highlighted) for item in notes]
    scene.clearSelection()
    for item in focused:
        item.set_keyboard_focus(False)
    for item, dimmed, highlighted in found:
        if dimmed or highlighted:
            item.set_find_state(False, False)
    scene.set_zoom(1.0)
    try:
        scene.render(painter, QRectF(0, 0, image.width(), image.height()), bounds)
    finally:
        scene.set_zoom(view_zoom)
        painter.end()
        for item in selected:
            item.setSelected(True)
        for item in focused:
            item.set_keyboard_focus(True)
        for item, dimmed, highlighted in found:
            if dimmed or highlighted:
                item.set_find_state(dimmed, highlighted)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
    return bytes(buffer.data().data())


def stored_board_image(repository: SessionRepository, session_id: str) -> bytes | None:
    """The board of a stored session as :func:`board_image` draws it, with no window.

    Needs a running Qt application with Dotstorm's look (the command line starts an
    offscreen one: ``app.cli_common.offscreen_application``); the scene is the
    window's own.
    """
    if QApplication.instance() is None:
        raise RuntimeError("the board picture needs a running Qt application")
    document = SessionDocument(repository, session_id)
    scene = BoardScene(document)
    try:
        return board_image(scene, 1.0)
    finally:
        scene.deleteLater()
        document.deleteLater()
