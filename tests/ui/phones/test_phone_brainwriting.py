"""6-3-5 on phones in a real session window: real HTTP, the bridge, the database.

Each named phone holds a sheet; when a round's time is up the sheets rotate; a phone
sees the ideas on the sheet it holds now, never another sheet's; the room's view
counts ideas per sheet and shows no text.
"""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from app.core.techniques.brainwriting_phase import phase_ideas, phase_settings
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.fakes import FakeClock
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session
from tests.ui.phones.phone_client import Phone
from tests.ui.windows import open_session

LOCAL = "127.0.0.1"
PEOPLE = ("Ana", "Bo", "Cy", "Di")


def _setup(qtbot: QtBot, repository: SessionRepository, settings: AppSettings):
    session = brainwriting_session(on_paper=False, people=PEOPLE)
    repository.add_session(session)
    clock = FakeClock()
    window = open_session(qtbot, repository, settings, session.id, clock=clock)
    window.phones.start(LOCAL)
    names = {p.name: p.id for p in window.document.people.values()}
    phones = {}
    for name in ("Ana", "Bo", "Cy"):  # Di has no phone: she holds no sheet
        address = window.phones.join_address
        assert address is not None
        phone = Phone(qtbot, address)
        assert phone.join().status == 200
        assert phone.pick(names[name]).status == 200
        phones[name] = phone
    return session, window, clock, names, phones


def _start(window: SessionWindow) -> None:
    window.timer.toggle()


def test_sheets_rotate_and_each_phone_sees_only_the_sheet_it_holds(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session, window, clock, names, phones = _setup(qtbot, repository, settings)
    _start(window)
    stored = phase_settings(repository.load_session(session.id).phases[0])
    assert stored is not None
    assert stored.people == (names["Ana"], names["Bo"], names["Cy"])

    ana, bo, cy = phones["Ana"], phones["Bo"], phones["Cy"]
    assert ana.idea("Ana: buddy system").status == 200
    assert bo.idea("Bo: welcome video").status == 200
    sheet = ana.state()["sheet"]
    assert (sheet["name"], sheet["words"], sheet["ideas"]) == (
        "Sheet 1",
        "Round 1 of 3",
        ["Ana: buddy system"],
    )
    assert "Bo: welcome video" not in json.dumps(ana.state())

    clock.advance(ROUND + 1)
    window.timer.check()
    # Round 2: Bo holds Ana's sheet, Cy holds Bo's, Ana holds Cy's (empty).
    bo_now = bo.state()
    assert (bo_now["sheet"]["name"], bo_now["sheet"]["ideas"]) == (
        "Sheet 1",
        ["Ana: buddy system"],
    )
    assert "Bo: welcome video" not in json.dumps(bo_now)
    assert cy.state()["sheet"]["ideas"] == ["Bo: welcome video"]
    assert ana.state()["sheet"]["ideas"] == []
    assert window.statusBar().currentMessage() == "Pass your sheet to the left. Round 2 of 3."

    assert bo.idea("Bo: the buddy takes them to lunch").status == 200
    notes = {n.text: n for n in repository.load_session(session.id).notes}
    built = notes["Bo: the buddy takes them to lunch"]
    assert built.builds_on == notes["Ana: buddy system"].id
    assert built.author_id == names["Bo"]
    assert built.hidden  # face down on the laptop's board until the phase ends

    # Ana starts Cy's empty sheet in round 2: a late start, kept with the note.
    assert ana.idea("Ana: a map of who is who").status == 200
    loaded = repository.load_session(session.id)
    settings_now = phase_settings(loaded.phases[0])
    assert settings_now is not None
    late = next(n for n in loaded.notes if n.text == "Ana: a map of who is who")
    assert settings_now.late_starts == ((late.id, 2),)
    sheets = {
        i.note_id: (i.sheet, i.round)
        for i in phase_ideas(settings_now, loaded.phases[0].id, loaded.notes)
    }
    assert sheets[late.id] == (2, 2)
    assert sheets[built.id] == (0, 2)


def test_the_room_counts_ideas_per_sheet_and_shows_no_text_and_the_quota_holds(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    _session, window, _clock, _names, phones = _setup(qtbot, repository, settings)
    _start(window)
    cy = phones["Cy"]
    for number in range(3):
        assert cy.idea(f"Cy idea {number}").status == 200
    refused = cy.idea("One too many")
    assert refused.status != 200
    assert "has its 3 ideas for round 1" in json.dumps(refused.data)
    window.room_view.present()
    room = window.room_view.window
    assert room is not None
    room.refresh()
    assert "Ideas per sheet: 0 · 0 · 3" in room.phase_label.text()
    assert "Round 1 of 3" in room.phase_label.text()


def test_a_phone_without_a_sheet_is_told_so(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    _session, window, _clock, names, _phones = _setup(qtbot, repository, settings)
    _start(window)
    address = window.phones.join_address
    assert address is not None
    di = Phone(qtbot, address)
    assert di.join().status == 200
    assert di.pick(names["Di"]).status == 200
    state = di.state()
    assert state["sheet"]["status"] == "no_sheet"
    assert state["ideas"]["open"] is False
    assert di.idea("Late idea").status != 200
