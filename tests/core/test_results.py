"""One rule for what a vote decided: the main round, its ties ordered by their runoffs."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.core.results import deciding_round, final_ranking, note_dots, root_round
from app.core.types import (
    Criterion,
    Dot,
    Note,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
    utc_now,
)
from app.core.voting import board_round

ITEMS = ["a", "b", "c", "d", "e"]


def a_round(
    round_id: str,
    dots: dict[str, int],
    *,
    runoff_of: str | None = None,
    items: tuple[str, ...] = (),
    status: RoundStatus = RoundStatus.CLOSED,
    target: VoteTarget = VoteTarget.NOTES,
) -> VoteRound:
    return VoteRound(
        round_id,
        f"Round {round_id}",
        target,
        3,
        3,
        True,
        True,
        status,
        dots=tuple(Dot(f"voter-{item}", item, count) for item, count in dots.items() if count),
        item_ids=items,
        runoff_of=runoff_of,
    )


def places(ranked) -> list[tuple[str, int, int, bool, str | None]]:
    return [(r.item_id, r.count, r.rank, r.tied, r.settled_by) for r in ranked]


MAIN = a_round("main", {"a": 3, "b": 2, "c": 2})


def test_a_runoff_orders_the_tie_it_settles_and_keeps_the_main_rounds_dots():
    runoff = a_round("r1", {"c": 2, "b": 1}, runoff_of="main", items=("b", "c"))
    assert places(final_ranking(MAIN, [MAIN, runoff], ITEMS)) == [
        ("a", 3, 1, False, None),
        ("c", 2, 2, False, "r1"),
        ("b", 2, 3, False, "r1"),
        ("d", 0, 4, False, None),  # no dots: last, and not a tie
        ("e", 0, 4, False, None),
    ]
    settled = final_ranking(MAIN, [MAIN, runoff], ITEMS)[1]
    assert settled.runoff_count == 2


def test_a_tie_no_runoff_settled_stays_a_tie():
    open_runoff = a_round(
        "r1", {"c": 2}, runoff_of="main", items=("b", "c"), status=RoundStatus.OPEN
    )
    other_items = a_round("r2", {"a": 1}, runoff_of="main", items=("a", "b"))
    ranked = final_ranking(MAIN, [MAIN, open_runoff, other_items], ITEMS)
    assert places(ranked)[1:3] == [("b", 2, 2, True, None), ("c", 2, 2, True, None)]


def test_a_runoff_of_a_runoff_settles_what_the_first_left_tied():
    first = a_round("r1", {"b": 1, "c": 1}, runoff_of="main", items=("b", "c"))
    second = a_round("r2", {"c": 3}, runoff_of="r1", items=("b", "c"))
    ranked = final_ranking(MAIN, [MAIN, first, second], ITEMS)
    assert places(ranked)[1:3] == [("c", 2, 2, False, "r2"), ("b", 2, 3, False, "r2")]
    assert root_round([MAIN, first, second], second) is MAIN


def test_the_deciding_round_is_the_newest_closed_main_round():
    runoff = a_round("r1", {"c": 2}, runoff_of="main", items=("b", "c"))
    later_open = a_round("later", {"d": 1}, status=RoundStatus.OPEN)
    assert deciding_round([MAIN, runoff, later_open]) is MAIN
    clusters = a_round("k", {"x": 1}, target=VoteTarget.CLUSTERS)
    assert deciding_round([MAIN, clusters]) is clusters
    assert deciding_round([MAIN, clusters], VoteTarget.NOTES) is MAIN
    assert deciding_round([later_open]) is None


def test_a_rating_round_never_decides_and_a_rank_round_decides_by_its_points():
    scale = (Criterion("u", "Useful", 1, 5), Criterion("f", "Feasible", 1, 5))
    rating = replace(
        a_round("rate", {}),
        kind=RoundKind.RATING,
        criteria=scale,
        ratings=(Rating("v", "e", "u", 5), Rating("v", "e", "f", 5)),
    )
    assert deciding_round([MAIN, rating]) is MAIN  # not the rating round's empty dots
    assert deciding_round([rating]) is None
    ranked = replace(
        a_round("rank", {}),
        kind=RoundKind.RANK,
        rank_size=2,
        ranks=(Rank("v", "d", 1), Rank("v", "e", 2), Rank("w", "e", 1)),
    )
    assert deciding_round([MAIN, ranked, rating]) is ranked
    assert places(final_ranking(ranked, [MAIN, ranked], ITEMS))[:2] == [
        ("e", 3, 1, False, None),
        ("d", 2, 2, False, None),
    ]
    # Dots stay a dot round's: the board and the ideas keep MAIN's, as storage's backlog does.
    notes = [Note(item, item, "#FFE08A", 0, 0, utc_now()) for item in ITEMS]
    assert board_round([MAIN, ranked, rating]) is MAIN
    assert note_dots([MAIN, ranked, rating], notes) == {"a": 3, "b": 2, "c": 2, "d": 0, "e": 0}
    assert note_dots([ranked, rating], notes) == {}


def test_the_board_and_the_ideas_keep_the_main_rounds_dots_after_a_runoff():
    runoff = a_round("r1", {"c": 2, "b": 1}, runoff_of="main", items=("b", "c"))
    assert board_round([MAIN, runoff]) is MAIN  # not the runoff's 2 and 1
    notes = [Note(item, item, "#FFE08A", 0, 0, utc_now()) for item in ITEMS]
    assert note_dots([MAIN, runoff], notes) == {"a": 3, "b": 2, "c": 2, "d": 0, "e": 0}


@given(
    st.dictionaries(st.sampled_from(ITEMS), st.integers(0, 4)),
    st.dictionaries(st.sampled_from(ITEMS), st.integers(0, 4)),
)
def test_the_final_ranking_is_every_item_once_in_a_consistent_order(
    main_dots: dict[str, int], runoff_dots: dict[str, int]
):
    main = a_round("main", main_dots)
    tied_group = [item for item in ITEMS if main_dots.get(item, 0) == 2]
    rounds = [main]
    if len(tied_group) > 1:
        rounds.append(
            a_round(
                "r1",
                {i: c for i, c in runoff_dots.items() if i in tied_group},
                runoff_of="main",
                items=tuple(tied_group),
            )
        )
    ranked = final_ranking(main, rounds, ITEMS)
    assert sorted(r.item_id for r in ranked) == sorted(ITEMS)
    assert all(r.count == main_dots.get(r.item_id, 0) for r in ranked)
    for higher, lower in itertools.pairwise(ranked):
        assert higher.count >= lower.count  # a runoff reorders only within a tie
        assert higher.rank <= lower.rank
        if higher.rank == lower.rank:
            assert higher.count == lower.count and (higher.tied or higher.count == 0)
    for entry in ranked:
        assert entry.rank == 1 + sum(1 for other in ranked if other.rank < entry.rank)
        assert not (entry.tied and entry.count == 0)
