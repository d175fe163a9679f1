"""Phones in a real session window: HTTP on 127.0.0.1, the bridge, the document, the database.

Every phone here is real HTTP to the window's own server (no browser: the page has its
tests in tests/web/test_page_in_browser.py); every answer comes from the window's
thread through the queued bridge; every change is read back from the database.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import (
    NewSessionSpec,
    PhaseKind,
    RoundStatus,
    Session,
    Via,
    VoteRound,
    VoteTarget,
    new_id,
)
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.commands import CloseRoundCommand, OpenRoundCommand
from tests.ui.board_helpers import type_idea
from tests.ui.phones.phone_client import Phone, joined_phone
from tests.ui.round_helpers import person
from tests.ui.windows import open_session

LOCAL = "127.0.0.1"


def _session(
    repository: SessionRepository, first: PhaseKind = PhaseKind.IDEATE, anonymous: bool = False
) -> Session:
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            question="How might we halve onboarding time?",
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((first, "Ideas", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    if anonymous:
        from dataclasses import replace

        made = replace(made, anonymous_ideas=True)
    repository.add_session(made)
    return made


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    return _session(repository)


@pytest.fixture
def window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
) -> SessionWindow:
    opened = open_session(qtbot, repository, settings, session.id)
    opened.phones.start(LOCAL)
    return opened


def open_round(window: SessionWindow, *, blind: bool, dots: int = 3, cap: int = 2) -> VoteRound:
    vote_round = VoteRound(
        new_id(), "Best ideas", VoteTarget.NOTES, dots, cap, False, blind, RoundStatus.OPEN
    )
    window.document.steps.push(OpenRoundCommand(window.document, vote_round))
    return vote_round


def stored_notes(repository: SessionRepository, window: SessionWindow):
    return repository.load_session(window.document.session_id).notes


def test_an_idea_from_a_phone_is_stored_on_the_board_and_undone_by_the_facilitator(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    phone = joined_phone(qtbot, window, "Bo")
    answer = phone.idea("  Shorter <b>forms</b>  ")
    assert answer.status == 200
    assert answer.data["ideas"]["sent"] == 1
    (note,) = stored_notes(repository, window)
    assert (note.text, note.author_id, note.via) == (
        "Shorter <b>forms</b>",
        person(window, "Bo"),
        Via.PHONE,
    )
    assert note.id in window.scene.note_items
    assert window.undo.undo_action.text() == "&Undo Add 1 note from a phone"
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_notes(repository, window) == ()
    assert note.id not in window.scene.note_items


def test_a_laptop_note_is_still_typed_on_the_laptop(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "Welcome call")
    (note,) = stored_notes(repository, window)
    assert note.via is Via.LAPTOP


def test_in_a_silent_phase_a_phones_idea_goes_face_down(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = _session(repository, PhaseKind.SILENT_IDEATE)
    window = open_session(qtbot, repository, settings, session.id)
    window.phones.start(LOCAL)
    phone = joined_phone(qtbot, window, "Ann")
    state = phone.state()
    assert state["phase"] == {"title": "Ideas", "ideas": True, "silent": True}
    assert phone.idea("Pre-filled accounts").status == 200
    (note,) = stored_notes(repository, window)
    assert note.hidden
    other = joined_phone(qtbot, window, "Cy")
    assert "Pre-filled accounts" not in str(other.state())


def test_an_idea_is_refused_outside_an_ideas_phase_without_a_name_or_too_long(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    phone = joined_phone(qtbot, window)
    refused = phone.idea("Nobody's idea")
    assert (refused.status, refused.data) == (409, {"message": "Pick your name first."})
    assert phone.pick(None).data == {
        "message": "This session's ideas carry their author's name: pick yours."
    }
    phone.pick(person(window, "Ann"))
    too_long = phone.idea("x" * 5000)
    assert too_long.status == 409 and "characters" in too_long.data["message"]
    qtbot.keyClick(
        window.capture_bar.idea_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    moved = phone.idea("Late idea")
    assert moved.data == {"message": "Ideas are sent during an ideas phase. Now: Vote."}
    assert stored_notes(repository, window) == ()


def test_an_anonymous_session_takes_ideas_without_a_name_and_stores_none(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = _session(repository, anonymous=True)
    window = open_session(qtbot, repository, settings, session.id)
    window.phones.start(LOCAL)
    nameless = joined_phone(qtbot, window)
    assert nameless.pick(None).status == 200
    assert nameless.state()["me"] == {"anonymous": True}
    named = joined_phone(qtbot, window, "Bo")
    for phone in (nameless, named):
        assert phone.idea("An idea").status == 200
    assert [n.author_id for n in stored_notes(repository, window)] == [None, None]


def test_one_person_one_phone_and_the_facilitator_lets_a_phone_go(
    qtbot: QtBot, window: SessionWindow
):
    first = joined_phone(qtbot, window, "Ann")
    second = joined_phone(qtbot, window)
    taken = second.pick(person(window, "Ann"))
    assert taken.data == {"message": "Ann is already on another phone: ask the facilitator."}
    panel = window.phones.dock.panel
    assert "Ann (phone 1)" in [
        label.text() for label in panel.findChildren(type(panel.count)) if label.text()
    ]
    assert panel.count.text() == "2 phones joined"
    qtbot.mouseClick(panel.release_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    assert first.state()["me"] is None
    assert second.pick(person(window, "Ann")).status == 200


def test_a_phones_ballot_keeps_the_rules_and_is_never_undone_by_the_laptop(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    for idea in ("Welcome call", "Checklist", "Video tour"):
        type_idea(qtbot, window, idea)
    vote_round = open_round(window, blind=False, dots=3, cap=2)
    phone = joined_phone(qtbot, window, "Bo")
    ballot = phone.state()["ballot"]
    assert ballot["status"] == "voting" and ballot["left"] == 3
    first, second = ballot["items"][0]["id"], ballot["items"][1]["id"]
    assert phone.dot(vote_round.id, first).status == 200
    assert phone.dot(vote_round.id, first).status == 200
    capped = phone.dot(vote_round.id, first)
    assert capped.data == {"message": "One item can take at most 2 of your dots."}
    assert phone.dot(vote_round.id, first, -1).status == 200
    phone.dot(vote_round.id, second)
    after = phone.dot(vote_round.id, second).data["ballot"]
    assert after["left"] == 0
    full = phone.dot(vote_round.id, ballot["items"][2]["id"])
    assert full.data == {"message": "All 3 of your dots are placed. Take one back to move it."}
    bo = person(window, "Bo")
    stored = repository.load_session(window.document.session_id).vote_rounds[-1]
    assert {(d.voter_id, d.item_id, d.count) for d in stored.dots} == {
        (bo, first, 1),
        (bo, second, 2),
    }
    assert phone.done(vote_round.id).data["ballot"]["status"] == "done"
    stored = repository.load_session(window.document.session_id).vote_rounds[-1]
    assert stored.finished_voter_ids == (bo,) and stored.phone_voter_ids == (bo,)
    # The facilitator's Ctrl+Z undoes their own last step (the round), never Bo's ballot first.
    assert window.undo.undo_action.text() == "&Undo Start vote round “Best ideas”"
    assert phone.dot(vote_round.id, first).data == {
        "message": "Your ballot is in: you are done in this round."
    }


def test_a_blind_round_shows_a_phone_no_count_and_nobody_elses_dots(
    qtbot: QtBot, window: SessionWindow
):
    for idea in ("Welcome call", "Checklist"):
        type_idea(qtbot, window, idea)
    vote_round = open_round(window, blind=True, dots=2, cap=1)
    ann, bo = joined_phone(qtbot, window, "Ann"), joined_phone(qtbot, window, "Bo")
    item = ann.state()["ballot"]["items"][0]["id"]
    ann.dot(vote_round.id, item)
    seen = bo.state()["ballot"]
    assert all(entry["total"] is None and entry["mine"] == 0 for entry in seen["items"])
    assert person(window, "Ann") not in str(seen)


def test_laptop_and_phone_see_each_others_ballots_done(qtbot: QtBot, window: SessionWindow):
    type_idea(qtbot, window, "Welcome call")
    vote_round = open_round(window, blind=False, dots=1, cap=1)
    window.voting_controller.vote()
    curtain = window.voting.curtain
    ann = joined_phone(qtbot, window, "Ann")
    ann_button = curtain.name_buttons[person(window, "Ann")]
    assert ann_button.text() == "Ann\non a phone" and not ann_button.isEnabled()
    qtbot.mouseClick(curtain.name_buttons[person(window, "Cy")], Qt.MouseButton.LeftButton)
    cy_phone = joined_phone(qtbot, window)
    refused = cy_phone.pick(person(window, "Cy"))
    assert refused.data == {"message": "Cy is voting on the laptop now: wait until they are done."}
    ballot = window.voting.ballot
    qtbot.mouseClick(ballot.cards[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ballot.done_button, Qt.MouseButton.LeftButton)
    cy_phone.pick(person(window, "Cy"))
    assert cy_phone.state()["ballot"]["status"] == "done"
    item = ann.state()["ballot"]["items"][0]["id"]
    ann.dot(vote_round.id, item)
    ann.done(vote_round.id)
    qtbot.waitUntil(lambda: "2 of 3 have voted" in curtain.subtitle.text())
    assert curtain.name_buttons[person(window, "Ann")].text() == "✓  Ann"


def test_a_closed_round_leaves_the_phone(qtbot: QtBot, window: SessionWindow):
    type_idea(qtbot, window, "Welcome call")
    vote_round = open_round(window, blind=True, dots=1, cap=1)
    phone = joined_phone(qtbot, window, "Bo")
    window.document.steps.push(
        CloseRoundCommand(window.document, window.document.voting.vote_round(vote_round.id))
    )
    assert phone.state()["ballot"] is None
    assert phone.dot(vote_round.id, "x").data == {"message": "This round is closed."}


def test_a_new_join_code_lets_every_phone_go(qtbot: QtBot, window: SessionWindow):
    phone = joined_phone(qtbot, window, "Ann")
    old = window.phones.join_address
    qtbot.mouseClick(window.phones.dock.panel.renew_button, Qt.MouseButton.LeftButton)
    assert window.phones.join_address != old
    assert phone.ask("GET", "/api/state").status == 403
    assert phone.idea("Sneaked in").status == 403
    assert Phone(qtbot, old or "").join().status == 403
    assert window.phones.dock.panel.count.text() == "No phone has joined yet"


def test_closing_the_window_stops_the_phones_and_frees_the_port(
    qtbot: QtBot, window: SessionWindow
):
    address = window.phones.join_address
    assert address is not None
    port = Phone(qtbot, address).port
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    window.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOCAL, port), timeout=30).close()


def test_phones_start_on_one_address_and_refuse_one_that_is_not_the_laptops(
    window: SessionWindow,
):
    from app.ui.phones.controller import PhonesNotStarted

    with pytest.raises(PhonesNotStarted, match=r"Phones could not start on 192\.0\.2\.99"):
        window.phones.start("192.0.2.99")
    with pytest.raises(PhonesNotStarted, match="not an IPv4 address"):
        window.phones.start("phones.example")
    assert not window.phones.running


def test_the_longest_idea_in_any_script_fits_in_a_phones_request(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    phone = joined_phone(qtbot, window, "Cy")
    longest = "让客户更快得到答复" * 222 + "答复"  # 2,000 characters, 6,000 bytes in UTF-8
    assert len(longest) == 2000
    connection_body = phone.ask("POST", "/api/idea", {"text": longest})
    assert connection_body.status == 200
    (note,) = stored_notes(repository, window)
    assert note.text == longest


def read_qr_code(widget: QWidget, tmp_path: Path) -> str:
    """What a QR code on screen says, read back by zbarimg as a phone's camera would."""
    import subprocess

    shot = tmp_path / "code.png"
    assert widget.grab().save(str(shot))
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, check=True
    )
    return read.stdout.strip()


def test_the_rooms_view_shows_the_code_the_address_and_how_many_joined(
    qtbot: QtBot, window: SessionWindow, tmp_path: Path
):
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_F11)
    room = window.room_view.window
    assert room is not None
    qtbot.waitUntil(room.join_code.isVisible)
    address = window.phones.join_address
    assert address is not None
    assert read_qr_code(room.join_code, tmp_path) == address
    assert room.join_count.text() == "Scan to join"
    base, token = address.split("#")
    assert room.join_address.text() == f"Join: {base}\n#{token}"
    joined_phone(qtbot, window, "Ann")
    joined_phone(qtbot, window)
    assert room.join_count.text() == "2 phones joined"
    window.phones.stop()
    assert not room.join_code.isVisible() and not room.join_address.isVisible()


def test_hostile_requests_are_refused_and_store_nothing(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    phone = joined_phone(qtbot, window, "Ann")
    idea = {"text": "Sneaked in"}
    assert phone.ask("POST", "/api/idea", idea, Host="evil.example:80").status == 421
    assert phone.ask("POST", "/api/idea", idea, Origin="http://evil.example").status == 403
    assert phone.ask("POST", "/api/idea", idea, Cookie="dotstorm_device=made-up").status == 403
    huge = {"text": "x" * 1_000_000}
    assert phone.ask("POST", "/api/idea", huge).status == 413
    statuses = [phone.ask("GET", "/api/state").status for _ in range(40)]
    assert 429 in statuses
    assert stored_notes(repository, window) == ()


def test_a_change_the_database_refuses_is_told_to_the_phone_and_the_window(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "Welcome call")
    vote_round = open_round(window, blind=False, dots=1, cap=1)
    phone = joined_phone(qtbot, window, "Bo")
    item = phone.state()["ballot"]["items"][0]["id"]
    # Another laptop removes the round behind this window's back.
    repository.voting.delete_vote_round(window.document.session_id, vote_round.id)
    refused = phone.dot(vote_round.id, item)
    assert refused.status == 503
    assert refused.data == {
        "message": "Your change was not saved on the laptop: please try again."
    }
    assert window.banner.isVisible()
    assert "not saved" in window.banner.text()
    assert not window.document.voting.has_round(vote_round.id)  # read again from the database
    assert phone.state()["ballot"] is None


def test_phones_go_off_by_themselves_when_nobody_asks(qtbot: QtBot, window: SessionWindow):
    from datetime import timedelta

    assert window.phones.idle_timeout == timedelta(minutes=30)  # as the README says
    window.phones.stop()
    window.phones.idle_timeout = timedelta(seconds=1)
    with qtbot.waitSignal(
        window.phones.message,
        timeout=30_000,
        check_params_cb=lambda text: text.startswith("Phones went off"),
    ) as said:
        window.phones.start(LOCAL)
    assert said.args == ["Phones went off after 1 second without a request."]
    assert not window.phones.running
    assert window.phones.dock.panel.heading.text().startswith("Phones are off")


def test_a_ballot_under_way_goes_on_only_on_the_phone_that_started_it(
    qtbot: QtBot, window: SessionWindow
):
    from app.ui.voting.commands import VoteAgainCommand

    for idea in ("Welcome call", "Checklist"):
        type_idea(qtbot, window, idea)
    vote_round = open_round(window, blind=True, dots=2, cap=1)
    ann = joined_phone(qtbot, window, "Ann")
    item = ann.state()["ballot"]["items"][0]["id"]
    assert ann.dot(vote_round.id, item).status == 200
    panel = window.phones.dock.panel
    qtbot.mouseClick(panel.release_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    stranger = joined_phone(qtbot, window)
    refused = stranger.pick(person(window, "Ann"))
    assert refused.data == {
        "message": "Ann's ballot was started on another phone or the laptop: "
        "ask the facilitator to let Ann vote again."
    }
    assert stranger.state()["me"] is None
    assert ann.pick(person(window, "Ann")).status == 200  # her own phone goes on
    assert [i["mine"] for i in ann.state()["ballot"]["items"]].count(1) == 1
    # A new join code lets every phone go: Ann's ballot goes on only after a vote again.
    qtbot.mouseClick(panel.renew_button, Qt.MouseButton.LeftButton)
    again = joined_phone(qtbot, window)
    assert again.pick(person(window, "Ann")).status == 409
    window.document.steps.push(
        VoteAgainCommand(
            window.document,
            window.document.voting.vote_round(vote_round.id),
            person(window, "Ann"),
            "Ann",
        )
    )
    assert again.pick(person(window, "Ann")).status == 200
    assert all(i["mine"] == 0 for i in again.state()["ballot"]["items"])


def test_a_dot_must_be_one_dot_on_an_item_of_the_round(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    type_idea(qtbot, window, "Welcome call")
    vote_round = open_round(window, blind=False, dots=2, cap=1)
    phone = joined_phone(qtbot, window, "Bo")
    item = phone.state()["ballot"]["items"][0]["id"]
    for change in (True, 1.0, -1.0, "1", 2, 0, None):
        refused = phone.ask(
            "POST", "/api/dot", {"round_id": vote_round.id, "item_id": item, "change": change}
        )
        assert refused.data == {"message": "That is not a dot on this ballot."}, change
    gone = phone.dot(vote_round.id, "no-such-item", -1)
    assert gone.data == {"message": "That item is not part of this round."}
    assert repository.load_session(window.document.session_id).vote_rounds[-1].dots == ()


def test_a_full_board_is_the_phones_answer_not_the_windows_failure(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
):
    from app.core import limits

    type_idea(qtbot, window, "Welcome call")
    monkeypatch.setattr(limits, "MAX_NOTES", 1)
    phone = joined_phone(qtbot, window, "Bo")
    refused = phone.idea("One too many")
    assert (refused.status, refused.data) == (
        409,
        {"message": "A session holds at most 1 notes, and this one has 1."},
    )
    assert not window.banner.isVisible()
    assert len(stored_notes(repository, window)) == 1
