"""Rank rounds: one voter's ranking, points N..1, and the one result rule with its runoffs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.ranking import (
    RankBallot,
    points,
    rank_ballot_for,
    rank_department_breakdown,
    rank_points,
)
from app.core.results import final_ranking, round_totals
from app.core.types import (
    Dot,
    Participant,
    Rank,
    RoundKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
)
from app.core.voting import SELF_VOTE_REFUSAL, tie_groups

ITEMS = ["a", "b", "c", "d", "e"]
PEOPLE = {
    "ana": Participant("ana", "Ana", "Sales"),
    "bo": Participant("bo", "Bo", "Support"),
    "cy": Participant("cy", "Cy", "Sales"),
}


def a_round(round_id: str, **changes: object) -> VoteRound:
    base = VoteRound(round_id, round_id, VoteTarget.NOTES, 1, 1, False, False, RoundStatus.CLOSED)
    return replace(base, **changes)  # type: ignore[arg-type]


# Top 3: ana a > b > c, bo b > a > d, cy c > d (cy ranks only two, e is nobody's).
RANKS = (
    Rank("ana", "a", 1),
    Rank("ana", "b", 2),
    Rank("ana", "c", 3),
    Rank("bo", "b", 1),
    Rank("bo", "a", 2),
    Rank("bo", "d", 3),
    Rank("cy", "c", 1),
    Rank("cy", "d", 2),
)
RANK_ROUND = a_round("main", kind=RoundKind.RANK, rank_size=3, ranks=RANKS)


def places(ranked) -> list[tuple[str, int, int, bool, str | None]]:
    return [(r.item_id, r.count, r.rank, r.tied, r.settled_by) for r in ranked]


def test_points_run_from_n_for_the_first_place_down_to_one():
    assert [points(p, 3) for p in (1, 2, 3)] == [3, 2, 1]
    assert [points(p, 10) for p in (1, 10)] == [10, 1]
    # a: 3 + 2, b: 2 + 3, c: 1 + 3, d: 1 + 2, e: nothing
    assert rank_points(RANKS, 3, ITEMS) == {"a": 5, "b": 5, "c": 4, "d": 3, "e": 0}
    assert round_totals(RANK_ROUND, ITEMS) == {"a": 5, "b": 5, "c": 4, "d": 3, "e": 0}


def test_a_rank_round_is_ranked_by_its_points_with_the_dot_rounds_rule():
    assert places(final_ranking(RANK_ROUND, [RANK_ROUND], ITEMS)) == [
        ("a", 5, 1, True, None),
        ("b", 5, 1, True, None),
        ("c", 4, 3, False, None),
        ("d", 3, 4, False, None),
        ("e", 0, 5, False, None),  # no points: last, and not a tie
    ]
    # The same totals as dots rank the same way: one rule for both kinds.
    totals = round_totals(RANK_ROUND, ITEMS)
    as_dots = a_round("main", dots=tuple(Dot("v", i, n) for i, n in totals.items() if n))
    assert places(final_ranking(as_dots, [as_dots], ITEMS)) == places(
        final_ranking(RANK_ROUND, [RANK_ROUND], ITEMS)
    )
    assert tie_groups(final_ranking(RANK_ROUND, [RANK_ROUND], ITEMS)) == [["a", "b"]]


def test_a_runoff_settles_a_rank_rounds_tie_as_it_settles_a_dot_rounds():
    runoff = a_round(
        "runoff",
        dots=(Dot("ana", "b", 1), Dot("cy", "b", 1)),
        item_ids=("a", "b"),
        runoff_of="main",
    )
    assert places(final_ranking(RANK_ROUND, [RANK_ROUND, runoff], ITEMS)) == [
        ("b", 5, 1, False, "runoff"),
        ("a", 5, 2, False, "runoff"),
        ("c", 4, 3, False, None),
        ("d", 3, 4, False, None),
        ("e", 0, 5, False, None),
    ]
    # A runoff held as a rank round of its own settles it by its points.
    ranked_runoff = a_round(
        "runoff",
        kind=RoundKind.RANK,
        rank_size=2,
        ranks=(Rank("ana", "a", 1), Rank("ana", "b", 2)),
        item_ids=("a", "b"),
        runoff_of="main",
    )
    settled = final_ranking(RANK_ROUND, [RANK_ROUND, ranked_runoff], ITEMS)
    assert [(r.item_id, r.rank, r.runoff_count) for r in settled[:2]] == [("a", 1, 2), ("b", 2, 1)]


def test_a_rank_ballot_places_moves_and_takes_out():
    ballot = RankBallot(3, ("a", "b", "c", "d"))
    ballot = ballot.place("c", 2).place("a", 1)
    assert (ballot.at(1), ballot.at(2), ballot.at(3)) == ("a", "c", None)
    assert ballot.free_positions() == [3] and ballot.left == 1
    moved = ballot.move("a", 3)  # to a free place
    assert (moved.position_of("a"), moved.at(1)) == (3, None)
    swapped = ballot.move("a", 2)  # to a taken place: the two swap
    assert (swapped.at(1), swapped.at(2)) == ("c", "a")
    assert ballot.take_out("c").free_positions() == [2, 3]
    assert ballot.take_out("d") is ballot
    assert ballot.place("b", 3).ranks("ana") == (
        Rank("ana", "a", 1),
        Rank("ana", "c", 2),
        Rank("ana", "b", 3),
    )


def test_a_rank_ballot_refuses_with_reasons():
    ballot = RankBallot(2, ("a", "b", "c", "mine"), own=frozenset({"mine"})).place("a", 1)
    assert ballot.place_refusal("zzz", 2) == "That item is not part of this round."
    assert ballot.place_refusal("mine", 2) == SELF_VOTE_REFUSAL
    assert ballot.place_refusal("a", 2) == "That item is already at place 1: move it instead."
    assert ballot.place_refusal("b", 3) == "Your ranking has places 1 to 2."
    assert ballot.place_refusal("b", 0) == "Your ranking has places 1 to 2."
    assert ballot.place_refusal("b", 1) == "Place 1 is taken. Take its item out or move it first."
    full = ballot.place("b", 2)
    assert full.place_refusal("c", 1) == "All 2 places are taken. Take an item out first."
    assert full.move_refusal("c", 1) == "That item is not in your ranking yet."
    assert full.move_refusal("a", 3) == "Your ranking has places 1 to 2."
    with pytest.raises(ValueError, match="already at place 1"):
        ballot.place("a", 2)
    with pytest.raises(ValueError, match="not in your ranking"):
        ballot.move("b", 1)


def test_a_rank_ballot_reads_back_what_the_round_stored():
    ballot = rank_ballot_for(RANK_ROUND, "bo", ITEMS, own=["e"])
    assert ballot.rank_size == 3
    assert ballot.ranks("bo") == (Rank("bo", "b", 1), Rank("bo", "a", 2), Rank("bo", "d", 3))
    assert ballot.place_refusal("e", 1) == SELF_VOTE_REFUSAL


def test_departments_see_their_points_unless_the_round_is_anonymous():
    assert rank_department_breakdown(RANK_ROUND, PEOPLE, ITEMS) == {
        "Sales": {"a": 3, "b": 2, "c": 4, "d": 2},  # ana and cy
        "Support": {"a": 2, "b": 3, "d": 1},  # bo
    }
    anonymous = replace(RANK_ROUND, anonymous=True)
    assert rank_department_breakdown(anonymous, PEOPLE, ITEMS) is None


def test_a_rank_of_an_item_no_longer_in_the_round_holds_no_place():
    """A deleted note's rank, if a copy still holds it, frees its place; the others keep theirs."""
    ballot = rank_ballot_for(RANK_ROUND, "ana", ["b", "c", "d"])
    assert (ballot.position_of("b"), ballot.position_of("c")) == (2, 3)
    assert (ballot.free_positions(), ballot.left, ballot.at(1)) == ([1], 1, None)
    assert ballot.place("d", 1).ranks("ana") == (
        Rank("ana", "d", 1),
        Rank("ana", "b", 2),
        Rank("ana", "c", 3),
    )
    assert rank_points(RANKS, 3, ["b", "c", "d"]) == {"b": 5, "c": 4, "d": 3}


def test_putting_an_item_at_a_place_moves_it_or_sends_out_the_item_there():
    ballot = RankBallot(2, ("a", "b", "c", "mine"), own=frozenset({"mine"})).put("a", 1)[0]
    ballot, sent_out = ballot.put("b", 2)
    assert (ballot.at(1), ballot.at(2), sent_out) == ("a", "b", None)
    swapped, sent_out = ballot.put("b", 1)  # a ranked item moves: the two swap
    assert (swapped.at(1), swapped.at(2), sent_out) == ("b", "a", None)
    pushed, sent_out = ballot.put("c", 1)  # an unranked one takes the place
    assert (pushed.at(1), pushed.at(2), sent_out) == ("c", "b", "a")
    assert ballot.put_refusal("mine", 1) == SELF_VOTE_REFUSAL
    assert ballot.put_refusal("c", 3) == "Your ranking has places 1 to 2."
    assert ballot.put_refusal("a", 0) == "Your ranking has places 1 to 2."
    assert ballot.put_refusal("zzz", 1) == "That item is not part of this round."
    with pytest.raises(ValueError, match="your own idea"):
        ballot.put("mine", 2)
