"""What a phone may see and do (app/core/phone_view.py): plain data, no Qt, no server."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from app.core.phone_view import (
    RoomNow,
    Seats,
    idea_refusal,
    laptop_order,
    phone_ballot,
    phone_state,
)
from app.core.types import (
    Cluster,
    Criterion,
    Dot,
    Note,
    Participant,
    Phase,
    PhaseKind,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
    utc_now,
)
from app.core.voting import SELF_VOTE_REFUSAL, ballot_sections, voter_order

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
    assert state["ideas"] == {"open": True, "reason": None, "sent": 2, "builds_on": None}
    assert state["ballot"] is None
    mine = phone_state(_room(), seats, "phone 2", ideas_sent=0)
    assert mine["me"] == {"person_id": "bo", "name": "Bo"}
    assert {"id": "bo", "name": "Bo", "taken": False} in mine["people"]  # type: ignore[operator]


def test_a_ballot_shows_only_the_voters_own_dots_in_their_own_order():
    vote_round = _round(False, RoundStatus.OPEN, Dot("ana", "note-3", 2), Dot("bo", "note-3", 1))
    vote_round = replace(vote_round, shuffle=True)
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
        "kind": "dots",
        "blind": False,
        "status": "done",
    }
    room = _room(_round(False), on_laptop="ana")
    assert phone_ballot(room, ANA)["status"] == "on_laptop"  # type: ignore[index]
    room = _room(_round(False), round_voter_ids=frozenset({"bo"}))
    assert phone_ballot(room, ANA)["status"] == "not_a_voter"  # type: ignore[index]
    assert phone_ballot(_room(_round(False)), None)["status"] == "no_name"  # type: ignore[index]
    assert phone_ballot(_room(None), ANA) is None


# ---------------------------------------------------------------------- order and own ideas

WHEN = utc_now()
# Two clusters side by side, made right one first; a loose note below; ana wrote "l2".
BOARD_NOTES = [
    Note("r1", "r1", "#FFF59D", 700, 100, WHEN, cluster_id="right", author_id="bo"),
    Note("l1", "l1", "#FFF59D", 100, 100, WHEN, cluster_id="left", author_id="bo"),
    Note("l2", "l2", "#FFF59D", 100, 300, WHEN, cluster_id="left", author_id="ana"),
    Note("loose", "loose", "#FFF59D", 100, 900, WHEN, author_id="cy"),
]
BOARD_CLUSTERS = [Cluster("right", "Right", "#9FD3F5"), Cluster("left", "Left", "#FFD54F")]
BOARD_ITEMS = [note.id for note in BOARD_NOTES]  # as the document lists them
ICE_LIKE = (
    Criterion("c-impact", "Impact", 1, 5),
    Criterion("c-effort", "Effort", 1, 5, higher_is_better=False),
    Criterion("c-wide", "Confidence", 0, 10),
)


def _board_room(vote_round: VoteRound, **changes: object) -> RoomNow:
    return _room(
        vote_round,
        round_items=BOARD_ITEMS,
        item_labels={item: f"Idea {item}" for item in BOARD_ITEMS},
        notes=BOARD_NOTES,
        clusters=BOARD_CLUSTERS,
        **changes,
    )


def _kind(kind: RoundKind, **changes: object) -> VoteRound:
    made = VoteRound(
        "r1", "Decide", VoteTarget.NOTES, 3, 1, False, False, RoundStatus.OPEN, kind=kind
    )
    if kind is RoundKind.RATING:
        made = replace(made, criteria=ICE_LIKE)
    if kind is RoundKind.RANK:
        made = replace(made, rank_size=2)
    return replace(made, **changes)  # type: ignore[arg-type]


def _items(ballot: object) -> list[dict[str, Any]]:
    assert isinstance(ballot, dict)
    items = ballot["items"]
    assert isinstance(items, list)
    return items


def _ids(ballot: object) -> list[str]:
    return [item["id"] for item in _items(ballot)]


def test_without_shuffle_a_dot_ballot_reads_cluster_by_cluster_as_the_laptops():
    # The laptop's dot ballot lists the board's clusters in reading order
    # (VotingPage.start_ballot: ballot_sections), not the order the notes were made.
    vote_round = _kind(RoundKind.DOTS)
    sections = ballot_sections(BOARD_ITEMS, VoteTarget.NOTES, BOARD_NOTES, BOARD_CLUSTERS)
    laptop = [item for section in sections for item in section.item_ids]
    assert laptop == ["l1", "l2", "r1", "loose"]
    assert _ids(phone_ballot(_board_room(vote_round), ANA)) == laptop
    assert laptop_order(vote_round, "ana", BOARD_ITEMS, BOARD_NOTES, BOARD_CLUSTERS) == laptop


@pytest.mark.parametrize("kind", list(RoundKind))
def test_with_shuffle_every_kind_of_ballot_shows_the_voters_own_order(kind: RoundKind):
    items = [f"note-{n}" for n in range(12)]
    vote_round = _kind(kind, shuffle=True)
    ana = _ids(phone_ballot(_room(vote_round, round_items=items), ANA))
    bo = _ids(phone_ballot(_room(vote_round, round_items=items), BO))
    assert ana == voter_order("r1", "ana", items) != items
    assert bo == voter_order("r1", "bo", items) != ana


@pytest.mark.parametrize("kind", [RoundKind.RATING, RoundKind.RANK])
def test_without_shuffle_a_rating_or_rank_ballot_keeps_the_boards_order(kind: RoundKind):
    # The laptop's rating and rank ballots list the round's items as given.
    assert _ids(phone_ballot(_board_room(_kind(kind)), ANA)) == BOARD_ITEMS


@pytest.mark.parametrize("kind", list(RoundKind))
def test_ones_own_ideas_are_shown_but_refused_with_the_reason(kind: RoundKind):
    guarded = phone_ballot(_board_room(_kind(kind, no_self_votes=True)), ANA)
    refused = {item["id"]: item["refused"] for item in _items(guarded)}
    assert refused == {"l1": None, "l2": SELF_VOTE_REFUSAL, "r1": None, "loose": None}
    # Without the control nothing is refused; for another voter, their own ideas are.
    free = phone_ballot(_board_room(_kind(kind)), ANA)
    assert all(item["refused"] is None for item in _items(free))
    cy = phone_ballot(_board_room(_kind(kind, no_self_votes=True)), CY)
    assert [i["id"] for i in _items(cy) if i["refused"]] == ["loose"]


def test_a_rating_ballot_carries_the_criteria_and_only_the_voters_own_values():
    vote_round = _kind(
        RoundKind.RATING,
        blind=True,
        ratings=(
            Rating("ana", "l1", "c-impact", 4),
            Rating("ana", "loose", "c-wide", 0),
            Rating("bo", "l1", "c-impact", 1),
            Rating("bo", "r1", "c-effort", 5),
        ),
    )
    ballot = phone_ballot(_board_room(vote_round), ANA)
    assert ballot == {
        "round_id": "r1",
        "title": "Decide",
        "kind": "rating",
        "blind": True,
        "status": "voting",
        "criteria": [
            {"id": "c-impact", "name": "Impact", "min": 1, "max": 5,
             "direction": "higher is better"},
            {"id": "c-effort", "name": "Effort", "min": 1, "max": 5,
             "direction": "lower is better"},
            {"id": "c-wide", "name": "Confidence", "min": 0, "max": 10,
             "direction": "higher is better"},
        ],
        "rated": 2,
        "items": [
            {"id": item, "label": f"Idea {item}", "refused": None, "values": values}
            for item, values in (
                ("r1", {"c-impact": None, "c-effort": None, "c-wide": None}),
                ("l1", {"c-impact": 4, "c-effort": None, "c-wide": None}),
                ("l2", {"c-impact": None, "c-effort": None, "c-wide": None}),
                ("loose", {"c-impact": None, "c-effort": None, "c-wide": 0}),
            )
        ],
    }  # fmt: skip
    # Nothing of Bo's (his 1 on l1, his 5 on r1), and no result of the room's, blind
    # or not: the laptop's rating ballot shows none either.
    assert phone_ballot(_board_room(replace(vote_round, blind=False)), ANA) == {
        **ballot,
        "blind": False,
    }


def test_a_rank_ballot_carries_its_size_and_only_the_voters_own_places():
    vote_round = _kind(
        RoundKind.RANK,
        ranks=(Rank("ana", "r1", 1), Rank("bo", "l1", 1), Rank("bo", "r1", 2)),
    )
    ballot = phone_ballot(_board_room(vote_round), ANA)
    assert isinstance(ballot, dict)
    assert (ballot["kind"], ballot["rank_size"], ballot["left"]) == ("rank", 2, 1)
    assert {item["id"]: item["position"] for item in _items(ballot)} == {
        "l1": None,
        "l2": None,
        "r1": 1,
        "loose": None,
    }
    assert '"bo"' not in json.dumps(ballot)
    assert phone_ballot(_board_room(replace(vote_round, blind=True)), ANA) == {
        **ballot,
        "blind": True,
    }  # no points of the room's, blind or not: the laptop's rank ballot shows none


def test_a_phone_reads_the_rooms_technique_line_and_what_its_idea_builds_on():
    twisted = Note("n1", "Welcome call on day one", "#FDE68A", 0.0, 0.0, WHEN)
    line = "C · Combine (2 of 7): What could we combine?"
    state = phone_state(_room(line=line, builds_on=twisted), Seats(), "phone 1", ideas_sent=0)
    assert state["line"] == line
    assert state["ideas"]["builds_on"] == "Welcome call on day one"  # type: ignore[index]
    face_down = replace(twisted, hidden=True)
    hidden = phone_state(_room(builds_on=face_down), Seats(), "phone 1", ideas_sent=0)
    assert hidden["ideas"]["builds_on"] is None  # type: ignore[index]
    assert "Welcome call" not in str(hidden)  # a face-down note's words never reach a phone
