"""Build-on links on the board: a thin line with an arrow from an idea to what it grew from.

One path item under every card draws them all, so that a board of thousands of notes
costs one item; it is redrawn when notes are added, changed or removed, and while
cards are dragged (from where the cards are on screen, not yet stored). A note in a
stack is drawn at its stack's card.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from app.core.board import NOTE_HEIGHT, NOTE_WIDTH
from app.core.build_on import children_of, link_summary
from app.core.types import Note

if TYPE_CHECKING:
    from app.ui.board.note_item import NoteItem

LINK_COLOR = QColor(90, 100, 120, 170)
ARROW = 9.0
"""The arrow head's length, in board units."""


class BuildOnLinks(QGraphicsPathItem):
    """Every link of the board, drawn under the cards (child → parent, the arrow at the parent)."""

    def __init__(self) -> None:
        super().__init__()
        pen = QPen(LINK_COLOR, 1.6)
        pen.setCosmetic(True)  # one thin line at any zoom
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setBrush(LINK_COLOR)
        self.setZValue(-1)  # under every card (cards stack from 0 up)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.count = 0
        """How many links are drawn (for tests and the status line)."""

    def sync(
        self, cards: dict[str, Note], stacked: dict[str, Note], items: dict[str, NoteItem]
    ) -> None:
        """Draw the links between ``cards`` (notes in a stack at their stack's card).

        Each card's tooltip says what it builds on and how many notes build on it.
        """
        every = {**cards, **stacked}
        children = children_of(every.values())
        for note_id, item in items.items():
            built_on_by = len(children.get(note_id, ()))
            item.set_links(link_summary(cards[note_id], every, built_on_by))
        self.draw(cards, stacked, items)

    def draw(
        self, cards: dict[str, Note], stacked: dict[str, Note], items: dict[str, NoteItem]
    ) -> None:
        """Draw the links from where the cards' items are now (mid-drag too)."""
        path = QPainterPath()
        count = 0

        def card_of(note_id: str) -> Note | None:
            note = cards.get(note_id)
            if note is None and note_id in stacked:
                note = cards.get(stacked[note_id].merged_into or "")
            return note

        for note in (*cards.values(), *stacked.values()):
            if note.builds_on is None:
                continue
            child, parent = card_of(note.id), card_of(note.builds_on)
            if child is None or parent is None or child.id == parent.id:
                continue
            _arrow(path, _box(child, items), _box(parent, items))
            count += 1
        self.count = count
        self.setPath(path)


def _box(note: Note, items: dict[str, NoteItem]) -> QRectF:
    item = items.get(note.id)
    at = item.pos() if item is not None else QPointF(note.x, note.y)
    return QRectF(at.x(), at.y(), NOTE_WIDTH, NOTE_HEIGHT)


def _edge_point(box: QRectF, toward: QPointF) -> QPointF:
    """Where the line from ``box``'s centre toward ``toward`` leaves the box."""
    centre = box.center()
    dx, dy = toward.x() - centre.x(), toward.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (box.width() / 2) / abs(dx) if dx else math.inf,
        (box.height() / 2) / abs(dy) if dy else math.inf,
    )
    return QPointF(centre.x() + dx * scale, centre.y() + dy * scale)


def _arrow(path: QPainterPath, child: QRectF, parent: QRectF) -> None:
    """A line from the child's edge to the parent's edge, an arrow head at the parent."""
    start = _edge_point(child, parent.center())
    end = _edge_point(parent, child.center())
    length = math.hypot(end.x() - start.x(), end.y() - start.y())
    if length < 1:
        return  # the cards overlap: no line to draw
    path.moveTo(start)
    path.lineTo(end)
    ux, uy = (end.x() - start.x()) / length, (end.y() - start.y()) / length
    base = QPointF(end.x() - ux * ARROW, end.y() - uy * ARROW)
    side = QPointF(-uy * ARROW / 2, ux * ARROW / 2)
    head = QPainterPath()
    head.moveTo(end)
    head.lineTo(base + side)
    head.lineTo(base - side)
    head.closeSubpath()
    path.addPath(head)
