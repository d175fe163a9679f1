"""The room's view in its real font: the fewest pages at 18 px, each cluster named once a page."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from app.core.room_cards import IDEAS_TITLE, room_groups
from app.core.room_layout import CONTINUED, MIN_TEXT_PIXELS
from app.core.types import Note
from app.ui.room.canvas import RoomCanvas
from tests.ui.test_room import unseen_session

BOARD_AREAS = {"1024×768": (984, 535), "1280×720": (1240, 532)}
"""The room's board area on each screen, as the audience window lays it out."""


def canvas_for(qtbot: QtBot, notes: list[Note], area: tuple[int, int]) -> RoomCanvas:
    session = unseen_session()
    canvas = RoomCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(*area)
    canvas.set_groups(room_groups(notes, list(session.clusters), {}))
    return canvas


@pytest.mark.parametrize("screen", BOARD_AREAS)
def test_twenty_four_notes_are_one_page_of_18_px_or_more(qtbot: QtBot, screen: str):
    notes = list(unseen_session().notes)[:24]
    layout = canvas_for(qtbot, notes, BOARD_AREAS[screen]).room_layout
    assert len(layout.pages) == 1 and layout.text_pixels >= MIN_TEXT_PIXELS
    names = [item.text for item in layout.pages[0].items if item.card is None]
    assert len(names) == len(set(names)) and not any(n.endswith(CONTINUED) for n in names)


@pytest.mark.parametrize("screen", BOARD_AREAS)
def test_a_board_of_121_notes_takes_the_fewest_pages_and_names_itself_once_a_page(
    qtbot: QtBot, screen: str
):
    seen = list(unseen_session().notes)
    notes = [
        replace(seen[n % len(seen)], id=f"n{n}", text=f"{seen[n % len(seen)].text} ({n})")
        for n in range(121)
    ]
    loose = [
        replace(note, cluster_id=None, x=(n % 11) * 260, y=(n // 11) * 200)
        for n, note in enumerate(notes)
    ]
    canvas = canvas_for(qtbot, loose, BOARD_AREAS[screen])
    layout = canvas.room_layout
    names = [[item.text for item in page.items if item.card is None] for page in layout.pages]
    assert names == [[IDEAS_TITLE]] + [[IDEAS_TITLE + CONTINUED]] * (len(names) - 1)
    canvas.set_text_pixels(MIN_TEXT_PIXELS)
    assert len(layout.pages) == len(canvas.room_layout.pages) <= 5  # it took 7 at 24 px
    clustered = canvas_for(qtbot, notes, BOARD_AREAS[screen]).room_layout
    for page in clustered.pages:
        titles = [item.text.removesuffix(CONTINUED) for item in page.items if item.card is None]
        assert len(titles) == len(set(titles)), titles
