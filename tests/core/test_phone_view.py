"""What a phone may see and do (app/core/phone_view.py): plain data, no Qt, no server."""

from __future__ import annotations

import json

from app.core.phone_view import (
    RoomNow,
    Seats,
    idea_refusal,
    phone_ballot,
    phone_state,
)
from app.core.types import (
    Dot,
    Participant,
    Phase,
    PhaseKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
)
from app.core.voting import voter_order

ANA = Participant("ana", "Ana", "Sales")
BO = Participant("bo", "Bo", "Support")
CY = Participant("cy", "Cy", "Operations")
ITEMS = [f"note-{n}" for n in range(12)]
IDEAS = Phase("p1", PhaseKind.IDEATE, "Ideas", 600)
SILENT = Phase("p2", PhaseKind.SILENT_IDEATE, "Write alone", 300)
VOTE = Phase("p3", PhaseKind.VOTE, "Vote", 300)


def _round(blind: bool, status: RoundStatus = RoundStatus.OPEN, *dots: Dot) -> VoteRound:
    return VoteRound("r1", "Best ideas", VoteTarget.NOTES, 3, 2, False, blind, status, dots=dots)


def _room(vote_round: VoteRound | None = None, **changes: object) -> RoomNow:
    fields: dict[str, object] = {
        "session_title": "Faster answers",
        "question": "How might we answer within the hour?",
        "goal": "Goal: Answer customers faster",
        "phase": IDEAS,
        "seconds_left": 95.4,
        "running": True,
        "locked": False,
        "people": [ANA, BO, CY],
        "anonymous_allowed": False,
        "open_round": vote_round,
        "round_voter_ids": frozenset({"ana", "bo", "cy"}),
        "round_items": ITEMS,
        "item_labels": {item: f"Idea {item}" for item in ITEMS},
    }
    fields.update(changes)
    return RoomNow(**fields)  # type: ignore[arg-type]


def test_each_voter_has_an_order_of_their_own_that_stays_the_same():
    ana = voter_order("r1", "ana", ITEMS)
    assert sorted(ana) == sorted(ITEMS)
    assert voter_order("r1", "ana", ITEMS) == ana  # after a reload or a crash
    assert voter_order("r1", "bo", ITEMS) != ana
    assert voter_order("r2", "ana", ITEMS) != ana
    assert ana != ITEMS


def test_ideas_are_taken_in_an_ideas_phase_with_time_and_a_board_not_locked():
    assert idea_refusal(IDEAS, locked=False) is None
    assert idea_refusal(SILENT, locked=False) is None
    assert idea_refusal(VOTE, locked=False) == "Ideas are sent during an ideas phase. Now: Vote."
    assert idea_refusal(IDEAS, locked=True) == "Time is up and the board is locked."
    assert idea_refusal(None, locked=False) == (
        "Every phase is done: the session takes no more ideas."
    )


def test_a_person_is_on_one_phone_at_a_time_until_released():
    seats = Seats()
    assert seats.claim("phone 1", ANA, anonymous_allowed=False) is None
    assert seats.claim("phone 2", ANA, anonymous_allowed=False) == (
        "Ana is already on another phone: ask the facilitator."
    )
    assert seats.person_of("phone 2") is None
    assert seats.claim("phone 1", ANA, anonymous_allowed=False) is None  # again, same phone
    assert seats.claimed() == {"ana": "phone 1"}
    assert seats.release("ana")
    assert not seats.release("ana")
    assert seats.claim("phone 2", ANA, anonymous_allowed=False) is None
    assert seats.person_of("phone 1") is None and seats.person_of("phone 2") == "ana"


def test_a_phone_changing_its_name_frees_the_first():
    seats = Seats()
    seats.claim("phone 1", ANA, anonymous_allowed=False)
    seats.claim("phone 1", BO, anonymous_allowed=False)
    assert seats.claimed() == {"bo": "phone 1"}


def test_joining_without_a_name_only_when_the_session_takes_anonymous_ideas():
    seats = Seats()
    assert seats.claim("phone 1", None, anonymous_allowed=False) == (
        "This session's ideas carry their author's name: pick yours."
    )
    assert not seats.is_seated("phone 1")
    assert seats.claim("phone 1", None, anonymous_allowed=True) is None
    assert seats.is_anonymous("phone 1") and seats.is_seated("phone 1")
    seats.clear()
    assert not seats.is_seated("phone 1")


def test_people_who_left_the_session_are_released():
    seats = Seats()
    seats.claim("phone 1", ANA, anonymous_allowed=False)
    seats.claim("phone 2", BO, anonymous_allowed=False)
    seats.forget({"bo": BO})
    assert seats.claimed() == {"bo": "phone 2"}


def test_the_state_names_the_phase_the_time_and_who_is_taken():
    seats = Seats()
    seats.claim("phone 2", BO, anonymous_allowed=False)
    state = phone_state(_room(), seats, "phone 1", ideas_sent=2)
    assert state["phase"] == {"title": "Ideas", "ideas": True, "silent": False}
    assert state["time"] == {"left": 95, "running": True}
    assert state["me"] is None
    assert state["people"] == [
        {"id": "ana", "name": "Ana", "taken": False},
        {"id": "bo", "name": "Bo", "taken": True},
        {"id": "cy", "name": "Cy", "taken": False},
    ]
    assert state["ideas"] == {"open": True, "reason": None, "sent": 2}
    assert state["ballot"] is None
    mine = phone_state(_room(), seats, "phone 2", ideas_sent=0)
    assert mine["me"] == {"person_id": "bo", "name": "Bo"}
    assert {"id": "bo", "name": "Bo", "taken": False} in mine["people"]  # type: ignore[operator]


def test_a_ballot_shows_only_the_voters_own_dots_in_their_own_order():
    vote_round = _round(False, RoundStatus.OPEN, Dot("ana", "note-3", 2), Dot("bo", "note-3", 1))
    ballot = phone_ballot(_room(vote_round), ANA)
    assert ballot is not None and ballot["status"] == "voting"
    items = ballot["items"]
    assert isinstance(items, list)
    assert [item["id"] for item in items] == voter_order("r1", "ana", ITEMS)
    mine = {item["id"]: item["mine"] for item in items}
    assert mine["note-3"] == 2 and sum(mine.values()) == 2
    assert ballot["left"] == 1 and ballot["max_per_item"] == 2
    # An open round that is not blind shows the room's counts, as the laptop's ballot does.
    assert {item["id"]: item["total"] for item in items}["note-3"] == 3
    assert "bo" not in json.dumps(ballot)


def test_a_blind_round_shows_no_count_but_ones_own_until_it_closes():
    vote_round = _round(True, RoundStatus.OPEN, Dot("bo", "note-3", 2))
    ballot = phone_ballot(_room(vote_round), ANA)
    assert ballot is not None
    items = ballot["items"]
    assert isinstance(items, list)
    assert all(item["total"] is None and item["mine"] == 0 for item in items)
    assert ballot["blind"] is True


def test_a_ballot_says_done_on_a_laptop_not_a_voter_or_no_name():
    done = VoteRound(
        "r1", "Best", VoteTarget.NOTES, 3, 2, False, False, RoundStatus.OPEN,
        finished_voter_ids=("ana",),
    )  # fmt: skip
    assert phone_ballot(_room(done), ANA) == {
        "round_id": "r1",
        "title": "Best",
        "blind": False,
        "status": "done",
    }
    room = _room(_round(False), on_laptop="ana")
    assert phone_ballot(room, ANA)["status"] == "on_laptop"  # type: ignore[index]
    room = _room(_round(False), round_voter_ids=frozenset({"bo"}))
    assert phone_ballot(room, ANA)["status"] == "not_a_voter"  # type: ignore[index]
    assert phone_ballot(_room(_round(False)), None)["status"] == "no_name"  # type: ignore[index]
    assert phone_ballot(_room(None), ANA) is None
