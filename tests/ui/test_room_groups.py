"""1-2-4-All's groups in the window: the capture bar's choices, the cards and the room's view.

A note keeps its real author; its group follows from the phase it was written in.
Everything is driven by keys in the real window, as a facilitator does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.room_layout import MIN_TEXT_PIXELS
from app.core.techniques.one_two_four_all import Group, members_words
from app.core.techniques.phase_line import phase_groups
from app.storage.repository import SessionRepository
from app.ui.room.canvas import measure_text
from app.ui.room.window import AudienceWindow
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.board_helpers import type_idea
from tests.ui.technique_sessions import from_template
from tests.ui.windows import open_session

CONTROL = Qt.KeyboardModifier.ControlModifier


def next_phase(qtbot: QtBot, window: SessionWindow) -> None:
    """Ctrl+PgDown in the capture bar: the agenda's next phase."""
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_PageDown, CONTROL)


def choices(window: SessionWindow) -> list[str]:
    combo = window.capture_bar.author_combo
    return [combo.itemText(index) for index in range(combo.count())]


def room_of(window: SessionWindow) -> AudienceWindow:
    room = window.room_view.window
    assert room is not None
    return room


def step_groups(window: SessionWindow) -> tuple[Group, ...]:
    """The groups of the current phase, as stored in its settings."""
    groups = phase_groups(window.document.current_phase)
    assert groups
    return groups


def names_of(window: SessionWindow) -> dict[str, str]:
    return {pid: person.name for pid, person in window.document.people.items()}


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = from_template("1-2-4-All")
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)  # the room's view, here
    window.activateWindow()
    return window


def test_a_pair_step_names_the_groups_in_the_bar_on_the_card_and_in_the_room(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    edit = window.capture_bar.idea_edit
    combo = window.capture_bar.author_combo
    room = room_of(window)
    alone = choices(window)
    assert alone[0] == "Anonymous" and not any(" · " in label for label in alone)
    assert not room.groups.isVisible() and room.groups.lines == ()  # nothing extra alone

    next_phase(qtbot, window)  # 2: in pairs
    pairs = step_groups(window)
    names = names_of(window)
    by_group = [
        f"{group.name} · {names[person]}" for group in pairs for person in group.member_ids
    ]
    assert choices(window)[1 : 1 + len(by_group)] == by_group  # group by group
    assert choices(window)[1 + len(by_group) :] == ["Maya Chen — Operations"]  # the facilitator
    for label in by_group[:3]:  # Up/Down walks the groups from Anonymous
        qtbot.keyClick(edit, Qt.Key.Key_Down)
        assert combo.currentText() == label
    writer = pairs[1].member_ids[0]
    assert combo.currentData() == writer
    type_idea(qtbot, window, "Shadow a new customer for a day")

    note = next(reversed(window.document.board.notes.values()))
    assert note.author_id == writer  # the real author is kept
    stored = repository.load_session(window.document.session_id)
    assert [n.author_id for n in stored.notes if n.id == note.id] == [writer]
    card = window.scene.note_items[note.id]
    assert card._footer == "Group B"
    partner = names[pairs[1].member_ids[1]]
    assert card.toolTip() == (
        "Shadow a new customer for a day\n"
        f"— Group B: {names[writer]}, {partner} · written by {names[writer]}"
    )

    expected = [members_words(group, names) for group in pairs]
    qtbot.waitUntil(lambda: room.groups.lines == tuple(expected))
    assert room.groups.isVisible() and room.groups.accessibleDescription() == "\n".join(expected)

    next_phase(qtbot, window)  # 4: in fours: the fours' names, the same person chosen
    fours = step_groups(window)
    assert combo.currentData() == writer
    assert combo.currentText() == f"{fours[0].name} · {names[writer]}"
    qtbot.waitUntil(lambda: room.groups.lines == (members_words(fours[0], names),))

    next_phase(qtbot, window)  # All: plain names again, nothing under the prompt
    assert not any(" · " in label for label in choices(window))
    assert combo.currentData() == writer
    qtbot.waitUntil(lambda: not room.groups.isVisible())
    assert card._footer == "Group B"  # written in a pair, it stays that pair's


def test_anonymous_ideas_hide_the_group_on_the_card_and_undo_brings_it_back(
    qtbot: QtBot, window: SessionWindow
):
    next_phase(qtbot, window)  # 2: in pairs
    edit = window.capture_bar.idea_edit
    qtbot.keyClick(edit, Qt.Key.Key_Down)  # the first group's first person
    type_idea(qtbot, window, "Shadow a new customer for a day")
    note = next(reversed(window.document.board.notes.values()))
    card = window.scene.note_items[note.id]
    assert card._footer == "Group A"
    window.board.anonymous_action.trigger()  # Board → Anonymous ideas (the board is redrawn)
    assert window.document.anonymous_ideas
    card = window.scene.note_items[note.id]
    assert card._footer == "" and "Group A" not in card.toolTip()  # a group names people
    window.document.undo_stack.undo()
    assert window.scene.note_items[note.id]._footer == "Group A"


def test_thirty_people_in_fifteen_pairs_fit_the_room_uncut_at_both_screen_sizes(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    first = ["Ana", "Ben", "Carla", "Dario", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
    last = ["Ruiz", "Okafor", "Lindqvist", "Fontaine", "Adeyemi", "Petrov"]
    departments = ("Sales", "Support", "Finance")
    people = (
        ("Maya Chen", "Operations"),
        *((f"{first[i % 10]} {last[i % 6]}{i}", departments[i % 3]) for i in range(30)),
    )
    session = from_template("1-2-4-All", people=people)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    next_phase(qtbot, window)
    room = window.room_view.present()
    assert len(step_groups(window)) == 15
    for width, height in ((1280, 720), (1024, 768)):
        room.showNormal()
        room.setFixedSize(width, height)
        groups = room.groups

        def settled(size: tuple[int, int] = (width, height), spacing: int = 10) -> bool:
            """The window at its size, laid out again: the board right under the groups."""
            gap = room.canvas.geometry().top() - room.groups.geometry().bottom() - 1
            return (room.width(), room.height()) == size and gap == spacing

        qtbot.waitUntil(settled)
        assert groups.width() == width - 40  # the window's whole width, margins aside
        grid = groups.grid
        assert len(groups.lines) == 15
        assert grid.fits and grid.pixels >= MIN_TEXT_PIXELS
        assert room.canvas.height() > height // 3  # and the board keeps most of its room
        boxes = groups.cell_boxes()
        painted = groups._painted
        for box, line in zip(boxes, painted, strict=True):
            assert box.left() >= 0 and box.right() <= groups.width() + 0.5
            assert box.bottom() <= groups.height() + 0.5
            lines = measure_text(line, round(box.width(), 1), grid.pixels)
            assert lines * grid.pixels * 1.2 <= box.height() + 0.5  # every line of it drawn
        room.setMinimumSize(0, 0)
        room.setMaximumSize(16777215, 16777215)


@pytest.mark.slow  # OCR of the room's view
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="scripts/setup.sh installs it")
def test_the_back_row_reads_a_pair_and_its_people(
    qtbot: QtBot, window: SessionWindow, tmp_path: Path
):
    next_phase(qtbot, window)
    room = room_of(window)
    room.showNormal()
    room.resize(1280, 720)
    first = members_words(step_groups(window)[0], names_of(window))
    qtbot.waitUntil(lambda: room.groups.lines[:1] == (first,) and room.groups.width() == 1240)
    qtbot.wait(50)
    shot = tmp_path / "room.png"
    assert room.grab().save(str(shot))
    read = subprocess.run(
        ["tesseract", str(shot), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert first in read, read
