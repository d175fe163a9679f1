"""A note's card: a long note shows whole lines ending in "…", never a line over another."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from app.core.board import NOTE_HEIGHT, NOTE_WIDTH
from app.core.limits import MAX_NOTE_TEXT
from app.core.types import Note, Participant
from app.ui.board.note_item import NoteItem

WHEN = datetime(2026, 12, 1, tzinfo=UTC)
SAID = (
    "We keep losing a day between the signed order and the install because nobody owns "
    "the hand-off: sales closes the deal on Friday afternoon, the order sits in a shared "
    "inbox over the weekend, operations only sees it on Monday when the weekly report "
    "runs, and by then the customer has already called twice. "
)
LONG = (SAID * 8)[:1671].strip()
"""1,671 characters, as a participant pasted them (the app accepts them)."""
FILL = "#FFE08A"


def card(text: str, author: Participant | None) -> tuple[NoteItem, QGraphicsScene]:
    scene = QGraphicsScene()
    item = NoteItem(Note("n1", text, FILL, 0, 0, WHEN, author_id="p1"), author, False)
    scene.addItem(item)
    return item, scene


def words(text: str) -> str:
    return " ".join(text.split())


def letters(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("author", [None, Participant("p1", "Ana Lima", "Support")])
@pytest.mark.parametrize(
    "text",
    [LONG, "\n".join(f"Step {n}: check the order" for n in range(40)), "x" * 600],
    ids=["a long paragraph", "many short lines", "one long word"],
)
def test_a_long_note_shows_whole_lines_one_under_another_and_ends_with_an_ellipsis(
    qapp: QApplication, text: str, author: Participant | None
):
    assert len(LONG) == 1671 <= MAX_NOTE_TEXT
    item, _scene = card(text, author)
    lines = item.drawn_lines()
    area = item.text_area
    assert item.is_elided and len(lines) >= 3
    for (_, above), (_, below) in itertools.pairwise(lines):
        assert below.top() >= above.bottom() - 0.01, (above, below)  # never over another
    for _, box in lines:
        assert area.top() - 0.01 <= box.top() and box.bottom() <= area.bottom() + 0.01
    assert lines[-1][0].rstrip().endswith("…")
    shown = letters("".join(line for line, _ in lines)).removesuffix("…")
    assert letters(text).startswith(shown)  # in order, none lost, none twice


def test_a_note_that_fits_is_drawn_whole_without_an_ellipsis(qapp: QApplication):
    item, _scene = card("Offer a callback instead of hold music", None)
    assert not item.is_elided
    assert words(" ".join(line for line, _ in item.drawn_lines())) == (
        "Offer a callback instead of hold music"
    )


@pytest.mark.parametrize("zoom", [0.4, 0.75, 1.0, 1.6, 3.0])
def test_no_text_is_drawn_outside_the_card_text_area_at_any_zoom(qapp: QApplication, zoom: float):
    item, scene = card(LONG, None)
    area = item.text_area
    image = QImage(int(NOTE_WIDTH * zoom), int(NOTE_HEIGHT * zoom), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(
        painter,
        QRectF(0, 0, image.width(), image.height()),
        QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT),
        Qt.AspectRatioMode.IgnoreAspectRatio,
    )
    painter.end()
    fill = QColor(FILL)

    def ink(x: float, y: float) -> bool:
        pixel = image.pixelColor(int(x * zoom), int(y * zoom))
        return abs(pixel.red() - fill.red()) + abs(pixel.blue() - fill.blue()) > 60

    inside = [
        ink(x, y)
        for x in range(int(area.left()), int(area.right()))
        for y in range(int(area.top()), int(area.bottom()))
    ]
    assert any(inside)  # the text is there
    below = range(int(area.bottom()) + 2, int(NOTE_HEIGHT) - 4)
    right = range(int(area.right()) + 2, int(NOTE_WIDTH) - 4)
    outside = [(x, y) for x in range(8, int(NOTE_WIDTH) - 8) for y in below if ink(x, y)]
    outside += [(x, y) for x in right for y in range(8, int(NOTE_HEIGHT) - 8) if ink(x, y)]
    assert outside == []
