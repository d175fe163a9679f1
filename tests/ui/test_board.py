"""The board, driven with real keys and mouse events, checked against the database."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.board import NOTE_HEIGHT, NOTE_WIDTH, note_rect
from app.core.demo import build_demo_session
from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind, Session
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.conftest import EXAMPLE_FILE
from tests.ui.board_helpers import drag, point_of, right_click, type_idea, wheel
from tests.ui.conftest import click_message_button
from tests.ui.windows import open_session

SPEC = NewSessionSpec(
    title="Faster onboarding",
    goal="Customers live within a week",
    question="How might we halve onboarding time?",
    facilitator="Maya Chen",
    participants=(
        ("Maya Chen", "Operations"),
        ("Jonas Weber", "Sales"),
        ("Amara Okafor", "Support"),
    ),
    phases=(
        (PhaseKind.IDEATE, "Ideate", 600),
        (PhaseKind.SILENT_IDEATE, "Silent ideas", 300),
        (PhaseKind.CLUSTER, "Cluster", 300),
    ),
)


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    made = build_session(SPEC)
    repository.add_session(made)
    return made


@pytest.fixture
def window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
) -> SessionWindow:
    return open_session(qtbot, repository, settings, session.id)


def notes_with_a_cluster(
    qtbot: QtBot, window: SessionWindow, texts: list[str], grouped: int | None
) -> list[str]:
    """Capture notes, group the first ``grouped`` of them (all when None); return ids."""
    for text in texts:
        type_idea(qtbot, window, text)
    ids = list(window.document.board.notes)
    window.scene.select_notes(ids[:grouped])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    window.scene.close_editor(commit=True)
    return ids


def stored(repository: SessionRepository, window: SessionWindow) -> Session:
    return repository.load_session(window.document.session_id)


def test_three_ideas_captured_with_enter_are_in_the_database(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    assert window.capture_bar.idea_edit.hasFocus()
    type_idea(qtbot, window, "Welcome call on day one")
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Down)  # author: Maya Chen
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Down)  # author: Jonas Weber
    type_idea(qtbot, window, "Shared onboarding checklist")
    type_idea(qtbot, window, "Pre-filled accounts")
    notes = stored(repository, window).notes
    assert [n.text for n in notes] == [
        "Welcome call on day one",
        "Shared onboarding checklist",
        "Pre-filled accounts",
    ]
    jonas = window.document.session.participants[1]
    assert [n.author_id for n in notes] == [None, jonas.id, jonas.id]
    assert notes[1].color == window.document.color_for(jonas.id) != notes[0].color
    rects = [note_rect((n.x, n.y)) for n in notes]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    assert window.capture_bar.idea_edit.text() == ""
    assert window.capture_bar.idea_edit.hasFocus()
    assert set(window.scene.note_items) == {n.id for n in notes}
    footer = window.scene.note_items[notes[1].id]._footer
    assert footer == "JW  ·  Sales"


def test_blank_text_adds_nothing_and_too_long_text_is_refused_visibly(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "   ")
    assert stored(repository, window).notes == ()
    window.capture_bar.idea_edit.setText("x" * 2001)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)
    assert stored(repository, window).notes == ()
    assert window.capture_bar.message_label.isVisible()
    assert "2,001 characters long; the limit is 2,000" in window.capture_bar.message_label.text()
    assert window.capture_bar.idea_edit.text() == "x" * 2001  # never cut, never lost
    window.capture_bar.idea_edit.setText("x" * 2000)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)
    assert stored(repository, window).notes[0].text == "x" * 2000


def test_unicode_and_markup_survive_a_round_trip(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    texts = ["<b>x</b> & y", "🚀 launch", "中文 想法", "مرحبا بالعالم", "שלום עולם", "a" * 300]
    type_idea(qtbot, window, texts[0])
    for text in texts[1:]:
        window.capture_bar.idea_edit.setText(text)
        qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)
    session = stored(repository, window)
    assert [n.text for n in session.notes] == texts
    again = parse_session_file(dump_session(session))
    assert [n.text for n in again.notes] == texts
    for note in session.notes:
        assert window.scene.note_items[note.id].note.text == note.text


def test_dragging_two_selected_notes_is_one_undo_step(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    for text in ("one", "two", "three"):
        type_idea(qtbot, window, text)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(400, 150))
    first, second, third = (window.scene.note_items[n] for n in window.document.board.notes)
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, first))
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        pos=point_of(window, second),
    )
    assert window.scene.selected_note_ids() == [first.note_id, second.note_id]
    before = {n.id: (n.x, n.y) for n in stored(repository, window).notes}
    steps_before = window.document.undo_stack.count()

    start = point_of(window, first)
    drag(qtbot, window, start, start + QPoint(0, 260))

    after = {n.id: (n.x, n.y) for n in stored(repository, window).notes}
    assert after[first.note_id][1] == pytest.approx(before[first.note_id][1] + 260, abs=2)
    assert after[second.note_id][1] == pytest.approx(before[second.note_id][1] + 260, abs=2)
    assert after[third.note_id] == before[third.note_id]
    assert window.document.undo_stack.count() == steps_before + 1
    assert window.undo.undo_action.text() == "&Undo Move 2 notes"

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {n.id: (n.x, n.y) for n in stored(repository, window).notes} == before
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert {n.id: (n.x, n.y) for n in stored(repository, window).notes} == after


def test_rubber_band_selects_and_arrow_nudges_merge(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    for text in ("one", "two"):
        type_idea(qtbot, window, text)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(400, 150))
    items = list(window.scene.note_items.values())
    top_left = window.view.mapFromScene(QPointF(10, 10))
    bottom_right = window.view.mapFromScene(QPointF(600, 250))
    drag(qtbot, window, top_left, bottom_right)
    assert set(window.scene.selected_note_ids()) == {item.note_id for item in items}
    window.view.setFocus()
    count = window.document.undo_stack.count()
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.document.undo_stack.count() == count + 1
    assert [n.x for n in stored(repository, window).notes] == [70, 334]


def test_group_rename_and_ungroup(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    for text in ("one", "two", "three"):
        type_idea(qtbot, window, text)
    ids = list(window.document.board.notes)
    window.scene.select_notes(ids[:2])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    (cluster,) = stored(repository, window).clusters
    assert [n.cluster_id for n in stored(repository, window).notes] == [
        cluster.id,
        cluster.id,
        None,
    ]
    editor = window.scene.editor
    assert editor is not None
    qtbot.keyClicks(window.view.viewport(), "Quick wins")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    assert stored(repository, window).clusters[0].title == "Quick wins"
    assert window.scene.cluster_items[cluster.id].isVisible()

    window.scene.select_notes(ids[:1])
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored(repository, window).clusters == ()
    assert all(n.cluster_id is None for n in stored(repository, window).notes)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = stored(repository, window)
    assert restored.clusters[0].title == "Quick wins"
    assert [n.cluster_id for n in restored.notes] == [cluster.id, cluster.id, None]


def test_dragging_a_note_out_of_its_cluster_and_back_in(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    ids = notes_with_a_cluster(qtbot, window, ["one", "two", "three"], grouped=2)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(500, 300))
    window.scene.clearSelection()
    second = window.scene.note_items[ids[1]]
    start = point_of(window, second)
    drag(qtbot, window, start, start + QPoint(0, 400))
    assert stored(repository, window).notes[1].cluster_id is None
    start = point_of(window, second)
    first = window.scene.note_items[ids[0]]
    drag(qtbot, window, start, point_of(window, first, dy=NOTE_HEIGHT / 2 - 20))
    assert (
        stored(repository, window).notes[1].cluster_id == stored(repository, window).clusters[0].id
    )


def test_grouping_never_changes_votes(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(example)
    window = open_session(qtbot, repository, settings, example.id)
    window.scene.select_notes([n.id for n in example.notes])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    window.scene.close_editor(commit=True)
    window.scene.select_notes([example.notes[0].id])
    window.view.setFocus()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_G, shift_ctrl)
    assert stored(repository, window).vote_rounds == example.vote_rounds


def test_silent_phase_hides_text_until_reveal(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    silent = window.document.session.phases[1]
    window.document.set_current_phase(silent.id)
    assert "face down" in window.capture_bar.idea_edit.placeholderText()
    type_idea(qtbot, window, "secret idea")
    type_idea(qtbot, window, "another")
    notes = stored(repository, window).notes
    assert all(n.hidden for n in notes)
    assert all(window.scene.note_items[n.id].note.hidden for n in notes)
    assert (
        window.header.reveal_button.isVisible()
        and window.header.reveal_button.text() == "Reveal 2 notes"
    )
    qtbot.keyClicks(window.find_bar.search_edit, "secret")
    assert window.find_bar.count_label.text() == "0 of 2 notes"
    window.find_bar.clear()

    qtbot.mouseClick(window.header.reveal_button, Qt.MouseButton.LeftButton)
    assert not any(n.hidden for n in stored(repository, window).notes)
    assert not window.header.reveal_button.isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(n.hidden for n in stored(repository, window).notes)


def test_edit_in_place_with_double_click_and_f2(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "first draft")
    window.view.reset_zoom()
    window.view.centerOn(QPointF(300, 150))
    item = next(iter(window.scene.note_items.values()))
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, item)
    )
    assert window.scene.editor is not None
    qtbot.keyClicks(window.view.viewport(), "better idea")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    assert stored(repository, window).notes[0].text == "better idea"

    window.scene.select_notes([item.note_id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.keyClicks(window.view.viewport(), "thrown away")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)
    assert window.scene.editor is None
    assert stored(repository, window).notes[0].text == "better idea"
    assert window.undo.undo_action.text() == "&Undo Edit note"


def test_double_click_on_empty_board_writes_a_note_there(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    window.view.reset_zoom()
    window.view.centerOn(QPointF(900, 600))
    spot = window.view.mapFromScene(QPointF(900, 600))
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.keyClicks(window.view.viewport(), "right here")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    (note,) = stored(repository, window).notes
    assert note.text == "right here"
    assert note.x + NOTE_WIDTH / 2 == pytest.approx(900, abs=2)
    assert note.y + NOTE_HEIGHT / 2 == pytest.approx(600, abs=2)


def test_delete_with_undo(qtbot: QtBot, window: SessionWindow, repository: SessionRepository):
    for text in ("keep", "drop"):
        type_idea(qtbot, window, text)
    drop = list(window.document.board.notes)[1]
    window.scene.select_notes([drop])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert [n.text for n in stored(repository, window).notes] == ["keep"]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [n.text for n in stored(repository, window).notes] == ["keep", "drop"]
    assert drop in window.scene.note_items


def test_delete_in_the_capture_bar_deletes_letters_not_notes(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "note")
    window.scene.select_notes(list(window.document.board.notes))
    window.capture_bar.focus_idea()
    qtbot.keyClicks(window.capture_bar.idea_edit, "ab")
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Home)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Delete)
    assert window.capture_bar.idea_edit.text() == "b"
    assert len(stored(repository, window).notes) == 1


def test_pasting_lines_adds_one_note_each_and_asks_above_twenty(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository, when_modal_opens
):
    QApplication.clipboard().setText("alpha\nbeta\n\ngamma\n")
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [n.text for n in stored(repository, window).notes] == ["alpha", "beta", "gamma"]

    QApplication.clipboard().setText("\n".join(f"idea {i}" for i in range(21)))
    questions: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Cancel, questions))
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert questions == ["Add 21 notes, one per line?"]
    assert len(stored(repository, window).notes) == 3


def test_duplicate_colour_and_tidy(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "original")
    original = next(iter(window.document.board.notes))
    window.scene.select_notes([original])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    notes = stored(repository, window).notes
    assert [n.text for n in notes] == ["original", "original"]
    assert notes[1].x == notes[0].x + 30
    # No key for a colour: it is picked from the note's menu (opened by keys in
    # tests/ui/shortcut_checks/board.py), so the menu's entry is triggered here.
    window.board.color_actions[1].trigger()
    assert stored(repository, window).notes[1].color == "#9FD3F5"
    count = window.document.undo_stack.count()
    window.arranging.tidy_grid_action.trigger()  # the Tidy button's menu; no key
    tidied = stored(repository, window).notes
    assert not note_rect((tidied[0].x, tidied[0].y)).intersects(
        note_rect((tidied[1].x, tidied[1].y))
    )
    assert window.document.undo_stack.count() == count + 1


def test_zoom_keys_wheel_and_label(qtbot: QtBot, window: SessionWindow):
    for text in ("one", "two"):
        type_idea(qtbot, window, text)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.view.zoom == pytest.approx(1.0)
    assert window.zoom_label.text() == "100%"
    qtbot.keyClick(window.view, Qt.Key.Key_Plus)
    assert window.view.zoom == pytest.approx(1.2)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus)
    assert window.view.zoom == pytest.approx(1 / 1.2)
    wheel(window, window.view.viewport().rect().center(), 1, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == pytest.approx(1.0)
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert window.view.zoom <= 1.0


def test_find_highlights_and_filters(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "Welcome call")
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Down)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Down)
    type_idea(qtbot, window, "Checklist for sales")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.search_edit.hasFocus()
    qtbot.keyClicks(window.find_bar.search_edit, "welcome")
    welcome, checklist = (window.scene.note_items[n] for n in window.document.board.notes)
    assert welcome.highlighted and not welcome.dimmed
    assert checklist.dimmed
    assert window.find_bar.count_label.text() == "1 of 2 notes"
    qtbot.keyClick(window.find_bar.search_edit, Qt.Key.Key_Escape)
    assert not checklist.dimmed
    combo = window.find_bar.filter_combo
    combo.setCurrentIndex(combo.findText("Department: Sales"))
    assert checklist.highlighted and welcome.dimmed


def test_anonymous_ideas_hide_authors(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Down)
    type_idea(qtbot, window, "mine")
    item = next(iter(window.scene.note_items.values()))
    assert item._footer == "MC  ·  Operations"
    window.board.anonymous_action.trigger()  # a Session menu entry; no key
    assert stored(repository, window).anonymous_ideas
    item = next(iter(window.scene.note_items.values()))
    assert item._footer == ""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not stored(repository, window).anonymous_ideas


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="scripts/setup.sh installs it")
def test_the_demo_board_looks_right(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, tmp_path: Path
):
    from app.core.demo import build_demo_session

    demo = build_demo_session()
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    assert len(window.scene.note_items) == 30
    assert all(item.isVisible() for item in window.scene.cluster_items.values())
    frames = [item.sceneBoundingRect() for item in window.scene.cluster_items.values()]
    assert not any(a.intersects(b) for i, a in enumerate(frames) for b in frames[i + 1 :])
    assert not any(item.is_elided for item in window.scene.note_items.values())
    image = window.grab().toImage()
    assert image.width() >= 1000
    assert len({image.pixel(x, 400) for x in range(0, image.width(), 7)}) > 10
    # It opens readable: every note in view is drawn with its text, 10 px or more.
    from PySide6.QtWidgets import QGraphicsItem

    from app.ui.board.note_item import PLAIN_CARD_BELOW, TEXT_PIXEL_SIZES

    assert window.view.zoom * min(TEXT_PIXEL_SIZES) >= 10
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    shown = [
        i for i in window.scene.note_items.values() if visible.contains(i.sceneBoundingRect())
    ]
    assert len(shown) >= 6
    assert not any(i.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents for i in shown)
    # And a reader can read them: OCR of the board as painted finds their words.
    seen = read_aloud(window.view.viewport().grab().toImage(), tmp_path)
    readable = [i for i in shown if words_of(i.note.text) and _mostly_in(i.note.text, seen)]
    assert len(readable) >= 0.8 * len(shown), [i.note.text for i in shown]
    # F shows the whole board; text is drawn down to 5 px on screen, plain cards below.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert window.view.zoom < 0.6

    def plain() -> list[bool]:
        no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        return [bool(i.flags() & no_contents) for i in shown]

    window.view.set_zoom(PLAIN_CARD_BELOW * 1.05)  # text at a little over 5 px
    assert not any(plain())
    window.view.set_zoom(PLAIN_CARD_BELOW * 0.9)  # under 5 px: a coloured card
    assert all(plain())


def test_far_out_the_overview_draws_and_notes_stay_selectable(qtbot: QtBot, window: SessionWindow):
    from PySide6.QtWidgets import QGraphicsItem

    for text in ("one", "two"):
        type_idea(qtbot, window, text)
    window.view.set_zoom(0.2)
    items = list(window.scene.note_items.values())
    assert all(item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents for item in items)
    top_left = window.view.mapFromScene(QPointF(0, 0))
    bottom_right = window.view.mapFromScene(QPointF(700, 260))
    drag(qtbot, window, top_left, bottom_right)
    assert len(window.scene.selected_note_ids()) == 2
    assert window.view.viewport().grab().width() > 0
    window.view.reset_zoom()
    assert not any(
        item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents for item in items
    )


def test_ctrl_wheel_zooms_around_the_pointer_and_the_wheel_scrolls(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    demo = build_demo_session()
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    window.view.reset_zoom()
    viewport = window.view.viewport().rect()
    pointer = QPoint(viewport.width() // 4, viewport.height() // 3)  # not the centre
    under = window.view.mapToScene(pointer)
    wheel(window, pointer, 1, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == pytest.approx(1.2)
    assert (window.view.mapFromScene(under) - pointer).manhattanLength() <= 1
    wheel(window, pointer, -2, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == pytest.approx(1 / 1.2)
    assert (window.view.mapFromScene(under) - pointer).manhattanLength() <= 1
    bar = window.view.verticalScrollBar()
    before = bar.value()
    wheel(window, pointer, -1)  # the wheel alone scrolls down
    assert bar.value() > before and window.view.zoom == pytest.approx(1 / 1.2)


def test_space_held_and_a_drag_pans_and_a_tap_of_space_selects(
    qtbot: QtBot, window: SessionWindow
):
    for text in ("one", "two"):
        type_idea(qtbot, window, text)
    window.view.setFocus()  # the board shows its keyboard's note, scrolled to
    window.view.set_zoom(3.0)  # far in: there is room to pan
    (first, _second) = window.scene.note_items.values()
    window.view.centerOn(first)  # the drag starts on a note
    bar = window.view.horizontalScrollBar()
    before = bar.value()
    positions = {n.id: (n.x, n.y) for n in window.document.board.notes.values()}
    selected_before = window.scene.selected_note_ids()
    qtbot.keyPress(window.view, Qt.Key.Key_Space)
    start = window.view.viewport().rect().center()
    drag(qtbot, window, start, start + QPoint(-150, 0), steps=3)
    qtbot.keyRelease(window.view, Qt.Key.Key_Space)
    assert bar.value() == before + 150
    assert window.scene.selected_note_ids() == selected_before  # a pan selects nothing
    assert {n.id: (n.x, n.y) for n in window.document.board.notes.values()} == positions


def test_right_click_on_a_note_opens_its_menu(qtbot: QtBot, window: SessionWindow):
    type_idea(qtbot, window, "Welcome call")
    (item,) = window.scene.note_items.values()
    seen: list[str] = []

    def read_and_leave() -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            QTimer.singleShot(10, read_and_leave)
            return
        seen.extend(action.text() for action in popup.actions())
        qtbot.keyClick(popup, Qt.Key.Key_Escape)

    QTimer.singleShot(0, read_and_leave)
    right_click(qtbot, window, point_of(window, item))
    assert "&Edit text" in seen and "&Delete" in seen and "Make an &action" in seen
    assert window.scene.selected_note_ids() == [item.note_id]


def test_middle_button_drag_pans(qtbot: QtBot, window: SessionWindow):
    window.view.reset_zoom()
    bar = window.view.horizontalScrollBar()
    bar.setValue((bar.minimum() + bar.maximum()) // 2)
    before = bar.value()
    start = window.view.viewport().rect().center()
    drag(
        qtbot, window, start, start + QPoint(-200, 0), steps=1, button=Qt.MouseButton.MiddleButton
    )
    assert bar.value() == before + 200


def test_every_acknowledged_note_is_already_committed(
    qtbot: QtBot, window: SessionWindow, db_path
):
    import sqlite3

    type_idea(qtbot, window, "said out loud")
    outside = sqlite3.connect(db_path)
    try:
        rows = outside.execute("SELECT text FROM notes").fetchall()
    finally:
        outside.close()
    assert rows == [("said out loud",)]


def test_a_captured_note_is_scrolled_into_view(qtbot: QtBot, window: SessionWindow):
    window.view.reset_zoom()
    for number in range(14):
        window.capture_bar.idea_edit.setText(f"idea {number}")
        qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Return)
    last = window.scene.note_items[next(reversed(window.document.board.notes))]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(last.sceneBoundingRect().center())


def test_dragging_a_cluster_by_its_title_moves_all_its_notes_in_one_step(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    ids = notes_with_a_cluster(qtbot, window, ["one", "two", "loose"], grouped=2)
    window.scene.clearSelection()
    window.view.reset_zoom()
    window.view.centerOn(QPointF(400, 300))
    cluster_item = next(iter(window.scene.cluster_items.values()))
    title = cluster_item.mapToScene(cluster_item.title_rect().center())
    before = {n.id: (n.x, n.y) for n in stored(repository, window).notes}
    count = window.document.undo_stack.count()
    start = window.view.mapFromScene(title)
    drag(qtbot, window, start, start + QPoint(0, 300))
    after = {n.id: (n.x, n.y) for n in stored(repository, window).notes}
    for note_id in ids[:2]:
        assert after[note_id][1] == pytest.approx(before[note_id][1] + 300, abs=2)
    assert after[ids[2]] == before[ids[2]]
    assert all(n.cluster_id for n in stored(repository, window).notes[:2])
    assert window.document.undo_stack.count() == count + 1


def test_deleting_a_whole_cluster_takes_the_empty_frame_in_the_same_step(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    ids = notes_with_a_cluster(qtbot, window, ["one", "two", "three"], grouped=2)
    (cluster,) = stored(repository, window).clusters
    count = window.document.undo_stack.count()
    window.scene.select_notes(ids[:2])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(repository, window).clusters == ()
    assert window.document.undo_stack.count() == count + 1
    assert window.undo.undo_action.text() == "&Undo Delete 2 notes"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = stored(repository, window)
    assert restored.clusters == (cluster,)
    assert [n.cluster_id for n in restored.notes] == [cluster.id, cluster.id, None]


def test_a_cluster_drag_with_its_notes_selected_is_still_one_step(
    qtbot: QtBot, window: SessionWindow
):
    ids = notes_with_a_cluster(qtbot, window, ["one", "two"], grouped=None)
    window.scene.select_notes(ids)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(400, 300))
    cluster_item = next(iter(window.scene.cluster_items.values()))
    start = window.view.mapFromScene(cluster_item.mapToScene(cluster_item.title_rect().center()))
    count = window.document.undo_stack.count()
    drag(qtbot, window, start, start + QPoint(120, 0))
    assert window.document.undo_stack.count() == count + 1


def covered(repository: SessionRepository, window: SessionWindow) -> list[tuple[str, str]]:
    from app.core.placement import board_layout, overlaps

    session = stored(repository, window)
    return overlaps(board_layout(session.notes, {c.id: c.title for c in session.clusters}))


def test_grouping_by_keyboard_and_dropping_into_a_cluster_cover_nothing(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    for number in range(1, 13):
        type_idea(qtbot, window, f"Idea number {number}")
    ids = list(window.document.board.notes)
    window.scene.select_notes([ids[0], ids[7], ids[8], ids[11]])  # over both rows
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    editor = window.scene.editor
    assert editor is not None
    qtbot.keyClicks(window.view.viewport(), "Self-service and onboarding for new customers")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    session = stored(repository, window)
    assert session.clusters[0].title == "Self-service and onboarding for new customers"
    assert covered(repository, window) == []

    # A loose note dropped right on a member takes a free slot of the cluster's grid.
    member = window.scene.note_items[ids[0]]
    loose = window.scene.note_items[ids[1]]
    window.view.set_zoom(0.5)
    window.view.centerOn(member)
    window.scene.clearSelection()
    drag(qtbot, window, point_of(window, loose), point_of(window, member, 10, 10), steps=10)
    assert stored(repository, window).notes[1].cluster_id == session.clusters[0].id
    assert covered(repository, window) == []
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(repository, window).notes[1].cluster_id is None
    assert covered(repository, window) == []


def test_a_long_cluster_title_wraps_whole_and_its_frame_grows(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetricsF

    from app.ui.board.cluster_item import TITLE_PIXEL_SIZE, title_font_fitting

    notes_with_a_cluster(qtbot, window, ["one", "two"], grouped=1)
    (item,) = window.scene.cluster_items.values()
    short = item.sceneBoundingRect().height()
    title = "Self-service and onboarding for every new customer in their first week"
    window.arranging.rename_cluster(item.cluster_id, title)
    assert stored(repository, window).clusters[0].title == title
    assert item.sceneBoundingRect().height() > short
    font = QFont()
    font.setPixelSize(TITLE_PIXEL_SIZE)
    font.setBold(True)
    area = item.title_rect().adjusted(14, 0, -14, 0)
    needed = QFontMetricsF(font).boundingRect(
        QRectF(0, 0, area.width(), 1e6), int(Qt.TextFlag.TextWordWrap), title
    )
    assert needed.height() <= area.height()  # every line of it fits at the usual size
    assert title_font_fitting(title, area).pixelSize() == TITLE_PIXEL_SIZE
    assert covered(repository, window) == []


def words_of(text: str) -> set[str]:
    """The words of four letters or more, as OCR is judged on."""
    return {word for word in re.findall(r"[a-z]+", text.lower()) if len(word) >= 4}


def _mostly_in(text: str, seen: set[str]) -> bool:
    return len(words_of(text) & seen) >= 0.6 * len(words_of(text))


def read_aloud(image: QImage, folder: Path) -> set[str]:
    """The words tesseract reads in ``image`` (scaled up twice, as a reader leans in)."""
    scaled = image.scaled(
        image.width() * 2,
        image.height() * 2,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    shot = folder / "board.png"
    scaled.save(str(shot))
    read = subprocess.run(
        ["tesseract", str(shot), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return words_of(read)
