"""Build-on links in the window: the board's lines and tooltips, the room's spotlight,
the capture bar's default, and the backlog's column."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.backlog import IdeaEntry, IdeaStatus
from app.core.build_on import GREW_FROM_TITLE, GREW_INTO_TITLE
from app.core.demo import build_demo_session
from app.core.types import Session
from app.storage.repository import SessionRepository
from app.ui.backlog.models import idea_columns
from app.ui.board.commands import DeleteNotesCommand
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.board_helpers import point_of
from tests.ui.windows import open_session


def linked_demo() -> Session:
    """The demo with its second and third cards building on its first."""
    session = build_demo_session()
    first, second, third = [n for n in session.notes if n.merged_into is None][:3]
    changed = {
        second.id: replace(second, builds_on=first.id),
        third.id: replace(third, builds_on=second.id),
    }
    return replace(session, notes=tuple(changed.get(n.id, n) for n in session.notes))


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = linked_demo()
    repository.add_session(session)
    return open_session(qtbot, repository, settings, session.id)


def cards(window: SessionWindow) -> list[str]:
    return list(window.document.board.notes)


def test_the_board_draws_each_link_and_the_tooltips_say_them(window: SessionWindow):
    first, second, third = cards(window)[:3]
    scene = window.scene
    assert scene.links.count == 2
    assert not scene.links.path().isEmpty()
    assert scene.links.zValue() < min(item.zValue() for item in scene.note_items.values())
    first_words = " ".join(window.document.board.notes[first].text.split()[:3])
    assert f"Builds on: “{first_words}" in scene.note_items[second].toolTip()
    assert "built on by 1 note" in scene.note_items[second].toolTip()
    assert "Built on by 1 note" in scene.note_items[first].toolTip()
    window.document.undo_stack.push(DeleteNotesCommand(window.document, [second]))
    assert scene.links.count == 0
    assert "Builds on: a deleted note" in scene.note_items[third].toolTip()
    window.document.undo_stack.undo()
    assert scene.links.count == 2
    assert "Builds on: “" in scene.note_items[third].toolTip()


def test_the_spotlight_shows_a_notes_chain_and_the_bar_builds_on_it(
    qtbot: QtBot, window: SessionWindow
):
    first, second, third = cards(window)[:3]
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    room = window.room_view.window
    assert room is not None
    window.scene.select_notes([second])
    window.room_view.toggle_spotlight()
    spot = room.canvas._spotlight
    assert spot is not None
    shown = [(g.title, [c.note_id for c in g.cards]) for g in spot]
    # Read as the idea grew: what it grew from, the note itself, what grew from it.
    assert [shown[0], shown[1][1], shown[2]] == [
        (GREW_FROM_TITLE, [first]),
        [second],
        (GREW_INTO_TITLE, [third]),
    ]
    # By default, what is typed next builds on the spotlit note.
    bar = window.capture_bar
    assert bar.builds_on_id == second and bar.builds_on_label.text().startswith("Builds on: “")
    window.scene.clearSelection()
    qtbot.keyClicks(bar.idea_edit, "And a second one")
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    added = window.document.board.notes[cards(window)[-1]]
    assert (added.text, added.builds_on) == ("And a second one", second)
    # The button clears it; what is typed then builds on nothing.
    qtbot.mouseClick(bar.builds_on_clear, Qt.MouseButton.LeftButton)
    assert bar.builds_on_id is None and not bar.builds_on_row.isVisible()
    # Ctrl+B with nothing selected takes the last spotlit note again.
    window.capture.choose_builds_on()
    assert bar.builds_on_id == second
    window.document.undo_stack.push(DeleteNotesCommand(window.document, [second]))
    assert bar.builds_on_id is None  # a note that is gone is nothing to build on


def test_the_backlog_has_a_builds_on_column():
    columns = {c.title: c for c in idea_columns()}
    entry = IdeaEntry(
        "id", "s", "Session", "", None, "text", "", "", 0, IdeaStatus.NEW, builds_on="“A call”"
    )
    assert columns["Builds on"].text(entry) == "“A call”"
    assert columns["Builds on"].text(replace(entry, builds_on="")) == "—"


def test_a_link_follows_a_card_while_it_is_dragged(qtbot: QtBot, window: SessionWindow):
    second = cards(window)[1]
    scene = window.scene
    scene.clearSelection()
    item = scene.note_items[second]
    stored_y = window.document.board.notes[second].y
    before = scene.links.path().boundingRect()
    assert not before.intersects(item.sceneBoundingRect().translated(0, 240))
    viewport = window.view.viewport()
    start = point_of(window, item)
    end = start + QPoint(0, 240)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 7):
        at = start + (end - start) * (step / 6)
        move = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPointF(at),
            QPointF(viewport.mapToGlobal(at)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, move)
    # Mid-drag, nothing stored yet, and the lines already reach the card where it is.
    assert window.document.board.notes[second].y == stored_y
    assert item.pos().y() > stored_y
    touching = item.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    assert scene.links.path().boundingRect().intersects(touching)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    # Wherever the drop put it (a cluster keeps its order), the line reaches it.
    landed = item.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    assert scene.links.path().boundingRect().intersects(landed)
