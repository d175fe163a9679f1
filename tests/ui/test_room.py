"""The room's view: read back by OCR at 1280×720, and driven by its keys."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.room_layout import MIN_TEXT_PIXELS
from app.core.session_ops import build_session
from app.core.types import Cluster, NewSessionSpec, PhaseKind, Session
from app.storage.repository import SessionRepository
from app.ui.room.window import AudienceWindow
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.windows import open_session

CLUSTERS = {
    "Answer faster": [
        "Callback instead of hold music",
        "Show the expected waiting time before the call is answered",
        "Chat replies within five minutes during office hours",
        "Route billing questions straight to the billing team",
        "One inbox for email, chat and phone messages",
        "Canned replies reviewed every month",
    ],
    "Fewer repeat tickets": [
        "Close a ticket only after the customer confirms",
        "Weekly list of the ten most repeated questions",
        "Link every answer to a help page",
        "Ask why the customer came back",
        "Tag tickets that reopen within a week",
    ],
    "Onboarding": [
        "Welcome call in the first week",
        "A checklist for the first day of every new customer",
        "Video tour of the three screens people use most",
        "Named contact for the first month",
        "Sample data loaded in every new account",
        "Invite the admin to a short live session",
    ],
    "Sales and support together": [
        "Sales writes down what was promised to the customer",
        "Support joins one sales call each month",
        "Shared notes field visible to both teams",
        "Monthly review of lost customers with both teams",
    ],
    "Tools": [
        "Search across old tickets by customer name",
        "Keyboard shortcuts for the ticket tool",
        "Dark mode for the night shift",
        "Spell check in every reply box",
        "Templates for the twenty most common answers",
        "Alert when a ticket waits more than a day",
        "Show the customer's plan next to the ticket",
    ],
}

SCRIPT = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.ui.look import configure_application
configure_application(app)
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings

database = open_database("sqlite:///" + sys.argv[1])
settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window = SessionWindow(SessionDocument(SessionRepository(database.engine), sys.argv[3]), settings)
window.show()
app.processEvents()
room = window.room_view.present()
for _ in range(5):
    app.processEvents()
layout = room.canvas.room_layout
print("size", room.width(), room.height())
print("pages", len(layout.pages), "text", layout.text_pixels)
room.grab().save(sys.argv[4])
window.close()
database.close()
"""

SCREEN = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "projector",
            "x": 0,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        },
    ],
}


def unseen_session() -> Session:
    """A board no one tuned the layout on: 28 notes of 18 to 62 characters."""
    from dataclasses import replace

    from app.core.board import tidy_by_cluster
    from app.core.types import Note, new_id, utc_now

    session = build_session(
        NewSessionSpec(
            title="Support that customers notice",
            goal="Answer every customer within one working day",
            question="How might we halve the number of repeat support tickets?",
            participants=(("Ana", "Support"), ("Ben", "Sales"), ("Chi", "Operations")),
            phases=((PhaseKind.CLUSTER, "Cluster", 600),),
        )
    )
    colors = ["#FFE08A", "#9FD3F5", "#A8E6CF", "#F9C5A0", "#D7BDE2"]
    clusters = [Cluster(new_id(), title, colors[i]) for i, title in enumerate(CLUSTERS)]
    notes = [
        Note(new_id(), text, colors[(i + j) % 5], 0, 0, utc_now(), cluster_id=cluster.id)
        for i, cluster in enumerate(clusters)
        for j, text in enumerate(CLUSTERS[cluster.title])
    ]
    places = tidy_by_cluster(notes, [c.id for c in clusters], {c.id: c.title for c in clusters})
    notes = [replace(n, x=places[n.id][0], y=places[n.id][1]) for n in notes]
    return replace(session, clusters=tuple(clusters), notes=tuple(notes))


def words_of(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if len(word) >= 4}


@pytest.mark.slow  # OCR of the room's view
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="scripts/setup.sh installs it")
def test_the_back_row_can_read_every_note_at_1280x720(
    tmp_path: Path, repository: SessionRepository, db_path: Path, isolated_env: dict[str, str]
):
    session = unseen_session()
    repository.add_session(session)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    shot = tmp_path / "room.png"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(db_path),
            str(tmp_path / "s.ini"),
            session.id,
            str(shot),
        ],
        capture_output=True,
        text=True,
        env={**isolated_env, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "size 1280 720" in result.stdout
    pages, text = re.search(r"pages (\d+) text ([\d.]+)", result.stdout).groups()  # type: ignore[union-attr]
    assert pages == "1" and float(text) >= MIN_TEXT_PIXELS
    read = subprocess.run(
        ["tesseract", str(shot), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    seen = words_of(read)
    readable = [
        note.text
        for note in session.notes
        if len(words_of(note.text) & seen) >= 0.8 * len(words_of(note.text))
    ]
    missed = {n.text for n in session.notes} - set(readable)
    assert len(readable) >= 0.9 * len(session.notes), missed
    for title in CLUSTERS:
        assert words_of(title) <= seen, title  # every cluster's name, whole
    assert words_of(session.question) <= seen
    assert words_of("Answer every customer within one working day") <= seen  # the goal


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = unseen_session()
    repository.add_session(session)
    return open_session(qtbot, repository, settings, session.id)


def shown_ids(room: AudienceWindow) -> list[str]:
    """Every note on every page (the tests' screen is 1280×720)."""
    return [
        item.card.note_id
        for page in room.canvas.room_layout.pages
        for item in page.items
        if item.card is not None
    ]


def test_spotlight_pages_and_the_rooms_own_zoom_by_keys(qtbot: QtBot, window: SessionWindow):
    document = window.document
    first = next(iter(document.board.clusters.values()))
    window.scene.select_notes([n.id for n in document.board.cluster_members(first.id)])
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    room = window.room_view.window
    assert room is not None
    qtbot.waitExposed(room)
    room.activateWindow()
    qtbot.waitUntil(room.isActiveWindow)
    board = room.canvas.room_layout
    assert len(shown_ids(room)) == len(document.board.notes)  # the whole board

    qtbot.keyClick(room, Qt.Key.Key_F8)  # the selected cluster alone, larger
    assert set(shown_ids(room)) == {n.id for n in document.board.cluster_members(first.id)}
    assert room.canvas.room_layout.text_pixels > board.text_pixels
    assert "Spotlight" in room.page_label.text()
    qtbot.keyClick(room, Qt.Key.Key_PageDown)  # the next cluster
    second = list(document.board.clusters.values())
    assert window.room_view.spotlight is not None
    assert window.room_view.spotlight.cluster_id != first.id
    assert window.room_view.spotlight.cluster_id in {c.id for c in second}
    qtbot.keyClick(room, Qt.Key.Key_F8)  # the board again
    assert window.room_view.spotlight is None
    assert len(shown_ids(room)) == len(document.board.notes)

    for _ in range(4):  # larger type: the board no longer fits, it pages
        qtbot.keyClick(room, Qt.Key.Key_BracketRight)
    assert room.canvas.page_count > 1
    assert "page 1 of" in room.page_label.text()
    qtbot.keyClick(room, Qt.Key.Key_PageDown)
    assert room.canvas.page == 1 and "page 2 of" in room.page_label.text()
    qtbot.keyClick(room, Qt.Key.Key_0)  # back to the largest that fits
    assert window.room_view.text_pixels is None
    assert not window.timer.running  # none of these is a timer key
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    assert window.room_view.window is None


def test_the_room_follows_the_board_as_it_changes(qtbot: QtBot, window: SessionWindow):
    from tests.ui.board_helpers import type_idea

    room = window.room_view.present()
    qtbot.waitExposed(room)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    type_idea(qtbot, window, "A new idea the room should see")
    new_id = next(reversed(window.document.board.notes))
    qtbot.waitUntil(
        lambda: any(
            new_id in [i.card.note_id for i in p.items if i.card]
            for p in room.canvas.room_layout.pages
        )
    )
    # Alt+] and Alt+[ work from the session window, for the projector's view.
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier
    )
    larger = window.room_view.text_pixels
    assert larger is not None
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier
    )
    smaller = window.room_view.text_pixels
    assert smaller is not None and smaller < larger
    room.close()
