"""6-3-5 on phones where the session hides authors, and a phone that joins too late.

Real HTTP to a real session window. In a session that hides who wrote each idea the
sheets pass between phones (named or not): the notes carry no author, nothing stored
names a person, each phone sees only the sheet it holds, and the rotation reads back
from the database. A phone that joins after the rounds began is told why it holds no
sheet, in one line.
"""

from __future__ import annotations

import json
from dataclasses import replace

from pytestqt.qtbot import QtBot

from app.core.techniques.brainwriting import NO_SHEET_LATE
from app.core.techniques.brainwriting_phase import phase_ideas, phase_settings
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.fakes import FakeClock
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session
from tests.ui.phones.phone_client import Phone, joined_phone
from tests.ui.windows import open_session

LOCAL = "127.0.0.1"


def _hidden_window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings):
    session = replace(brainwriting_session(on_paper=False), anonymous_ideas=True)
    repository.add_session(session)
    clock = FakeClock()
    window = open_session(qtbot, repository, settings, session.id, clock=clock)
    window.phones.start(LOCAL)
    return session, window, clock


def _next_round(window: SessionWindow, clock: FakeClock) -> None:
    clock.advance(ROUND + 1)
    window.timer.check()


def test_sheets_pass_between_phones_and_no_one_learns_who_wrote_what(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session, window, clock = _hidden_window(qtbot, repository, settings)
    # Two phones join without a name, one with Ana's: each holds a sheet all the same.
    first, second = joined_phone(qtbot, window), joined_phone(qtbot, window)
    assert first.pick(None).status == 200 and second.pick(None).status == 200
    ana = joined_phone(qtbot, window, "Ana")
    window.timer.toggle()

    stored = phase_settings(repository.load_session(session.id).phases[0])
    assert stored is not None and stored.hands
    assert len(stored.people) == 3
    people_ids = {p.id for p in session.participants}
    assert not people_ids & set(stored.people)  # made-up hands, never a person's id

    phones = (first, second, ana)
    for number, phone in enumerate(phones):
        sheet = phone.state()["sheet"]
        assert sheet["status"] == "holding", sheet
        assert phone.idea(f"round 1 idea {number}").status == 200
    _next_round(window, clock)
    # Round 2: every phone holds another sheet, with that sheet's one idea on it.
    seen = {}
    for phone in phones:
        state = phone.state()
        (text,) = state["sheet"]["ideas"]
        seen[text] = phone
        assert phone.idea(f"built on {text}").status == 200
        others = [f"round 1 idea {n}" for n in range(3) if f"round 1 idea {n}" != text]
        assert not any(other in json.dumps(state) for other in others)
    assert len(seen) == 3
    assert all(seen[f"round 1 idea {n}"] is not phones[n] for n in range(3))

    loaded = repository.load_session(session.id)
    notes = {note.text: note for note in loaded.notes}
    assert len(notes) == 6
    assert all(note.author_id is None for note in notes.values())
    kept = phase_settings(loaded.phases[0])
    assert kept is not None
    assert not people_ids & set(json.dumps(kept.to_settings()).split('"'))
    ideas = {i.note_id: i for i in phase_ideas(kept, loaded.phases[0].id, loaded.notes)}
    assert len(ideas) == 6  # the rotation reads back from the database alone
    for number in range(3):
        start = notes[f"round 1 idea {number}"]
        built = notes[f"built on round 1 idea {number}"]
        assert built.builds_on == start.id
        assert (ideas[built.id].sheet, ideas[built.id].round) == (ideas[start.id].sheet, 2)
        assert ideas[start.id].round == 1


def test_with_a_new_join_code_a_phone_takes_a_hand_nobody_holds(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session, window, _clock = _hidden_window(qtbot, repository, settings)
    phones = [joined_phone(qtbot, window) for _ in range(3)]
    for phone in phones:
        assert phone.pick(None).status == 200
    window.timer.toggle()
    assert phones[0].idea("before the new code").status == 200
    window.phones.renew()  # every phone let go: their hands are free again
    again = joined_phone(qtbot, window)
    assert again.pick(None).status == 200
    sheet = again.state()["sheet"]
    assert sheet["status"] == "holding"
    assert again.idea("after the new code").status == 200
    loaded = repository.load_session(session.id)
    kept = phase_settings(loaded.phases[0])
    assert kept is not None
    assert len(phase_ideas(kept, loaded.phases[0].id, loaded.notes)) == 2


def test_a_phone_that_joins_after_the_rounds_began_is_told_why_in_one_line(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = brainwriting_session(on_paper=False)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id, clock=FakeClock())
    window.phones.start(LOCAL)
    joined_phone(qtbot, window, "Ana")
    joined_phone(qtbot, window, "Bo")
    window.timer.toggle()
    late: Phone = joined_phone(qtbot, window, "Cy")
    state = late.state()
    assert state["sheet"]["status"] == "no_sheet"
    assert state["sheet"]["reason"] == NO_SHEET_LATE
    assert state["ideas"] == {"open": False, "reason": NO_SHEET_LATE, "sent": 0, "builds_on": None}
    refused = late.idea("Late idea")
    assert refused.status != 200
    assert NO_SHEET_LATE in json.dumps(refused.data)
    assert not repository.load_session(session.id).notes
