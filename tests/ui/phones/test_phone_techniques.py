"""Phones in the techniques' phases: what a phone sends carries what the laptop's would.

Real HTTP to a real session window. In SCAMPER a phone's idea answers the prompt the
room reads and builds on the spotlit idea, as an idea typed in the capture bar does;
the phone reads the same line as the room. In a 1-2-4-All pair the phone's idea keeps
its writer and so carries the writer's group.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.techniques.common import Technique
from app.core.techniques.phase_line import group_labels
from app.core.techniques.scamper import SCAMPER_PROMPTS
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from tests.ui.phones.phone_client import joined_phone
from tests.ui.technique_sessions import from_template, on_phase, scamper_session
from tests.ui.windows import open_session

LOCAL = "127.0.0.1"


def test_a_phones_idea_in_scamper_answers_the_prompt_and_builds_on_the_spotlit_idea(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = scamper_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    window.phones.start(LOCAL)
    phone = joined_phone(qtbot, window, "Ben Okafor")
    before = phone.state()
    assert before["ideas"]["builds_on"] is None  # no idea spotlit yet: nothing to build on
    window.scene.select_notes(["note-0"])
    window.room_view.toggle_spotlight()  # F8's path: the idea the prompts twist
    window.techniques.step_prompt(1)  # F7: C · Combine
    combine = SCAMPER_PROMPTS[1]
    state = phone.state()
    assert state["line"] == window.document.technique_line()
    assert combine.question in state["line"]
    assert state["ideas"]["builds_on"] == "Welcome call on day one"
    assert phone.idea("Welcome call and first order in one").status == 200
    stored = repository.load_session(session.id)
    sent = next(n for n in stored.notes if n.text == "Welcome call and first order in one")
    assert (sent.builds_on, sent.prompt) == ("note-0", combine.text)


def test_a_phones_idea_in_a_pair_carries_its_writers_group(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = on_phase(from_template("1-2-4-All"), Technique.ONE_TWO_FOUR_ALL, 1)
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    window.phones.start(LOCAL)
    phone = joined_phone(qtbot, window, "Ana Ruiz")
    state = phone.state()
    assert state["line"].startswith("In pairs:")
    assert state["ideas"]["builds_on"] is None
    assert phone.idea("Shadow a new customer").status == 200
    stored = repository.load_session(session.id)
    sent = next(n for n in stored.notes if n.text == "Shadow a new customer")
    ana = next(p.id for p in stored.participants if p.name == "Ana Ruiz")
    assert sent.author_id == ana and sent.builds_on is None and sent.prompt == ""
    assert group_labels(stored.phases, stored.notes)[sent.id].startswith("Group ")
