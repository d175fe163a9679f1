"""Dot voting rules, exhaustively and as properties."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.room_cards import LOOSE_COLOR, LOOSE_TITLE
from app.core.types import (
    Cluster,
    Dot,
    Note,
    Participant,
    RoundStatus,
    VoteRound,
    VoteTarget,
    utc_now,
)
from app.core.voting import (
    OTHER_ITEMS,
    SELF_VOTE_REFUSAL,
    Ballot,
    BallotSection,
    ballot_for,
    ballot_sections,
    blind_round_on,
    board_round,
    counts_shown,
    department_breakdown,
    dots_on,
    own_items,
    rank,
    shown_order,
    shown_rounds,
    suggested_dots,
    tally,
    tie_groups,
    top_pick,
    voter_order,
)

ITEMS = ("a", "b", "c", "d")


def test_budget_and_cap_refuse_with_reasons():
    ballot = Ballot(3, 1, ITEMS)
    ballot = ballot.add("a").add("b")
    assert ballot.refusal("a") == "One dot per item in this round."
    ballot = ballot.add("c")
    assert ballot.left == 0
    assert ballot.refusal("d") == "All 3 of your dots are placed. Take one back to move it."
    with pytest.raises(ValueError, match="All 3"):
        ballot.add("d")
    ballot = ballot.remove("a")
    assert ballot.refusal("d") is None and ballot.left == 1
    assert Ballot(5, 2, ITEMS).add("a").add("a").refusal("a") == (
        "One item can take at most 2 of your dots."
    )
    assert Ballot(3, 3, ITEMS).refusal("zzz") == "That item is not part of this round."
    assert ballot.remove("zzz") is ballot


def test_dots_keep_the_items_order():
    ballot = Ballot(5, 3, ITEMS).add("c").add("a").add("c")
    assert ballot.dots("v") == (Dot("v", "a", 1), Dot("v", "c", 2))


@given(
    st.integers(1, 8),
    st.integers(1, 4),
    st.lists(st.tuples(st.booleans(), st.sampled_from((*ITEMS, "x"))), max_size=60),
)
def test_no_sequence_of_clicks_exceeds_the_budget_or_the_cap(
    budget: int, cap: int, clicks: list[tuple[bool, str]]
):
    ballot = Ballot(budget, cap, ITEMS)
    for adding, item in clicks:
        if adding:
            if ballot.refusal(item) is None:
                ballot = ballot.add(item)
            else:
                with pytest.raises(ValueError):
                    ballot.add(item)
        else:
            ballot = ballot.remove(item)
        assert 0 <= ballot.used <= budget
        assert all(0 < count <= cap for count in ballot.counts.values())
        assert set(ballot.counts) <= set(ITEMS)


dots_lists = st.lists(
    st.builds(Dot, st.sampled_from(["v1", "v2", "v3"]), st.sampled_from(ITEMS), st.integers(1, 5)),
    max_size=20,
)


@given(dots_lists)
def test_the_tally_is_the_sum_of_the_dots_and_lists_every_item(dots: list[Dot]):
    totals = tally(dots, ITEMS)
    assert list(totals) == list(ITEMS)
    assert sum(totals.values()) == sum(d.count for d in dots)


@given(st.dictionaries(st.sampled_from(ITEMS), st.integers(0, 6), min_size=1))
def test_ranks_are_consistent_with_counts(totals: dict[str, int]):
    ranked = rank(totals)
    assert sorted(r.item_id for r in ranked) == sorted(totals)
    for higher, lower in itertools.pairwise(ranked):
        assert higher.count >= lower.count
        assert (higher.rank == lower.rank) == (higher.count == lower.count)
        assert higher.rank <= lower.rank
    for entry in ranked:
        assert entry.rank == 1 + sum(1 for c in totals.values() if c > entry.count)
        shared = list(totals.values()).count(entry.count) > 1
        assert entry.tied == (shared and entry.count > 0)  # no dots is never a tie
    for group in tie_groups(ranked):
        assert len({totals[item] for item in group}) == 1 and len(group) >= 2


def test_the_spec_example_ranking():
    dots = [
        Dot("j", "faq", 2),
        Dot("j", "list", 1),
        Dot("a", "faq", 1),
        Dot("a", "fill", 2),
        Dot("l", "list", 3),
    ]
    ranked = rank(tally(dots, ["list", "fill", "faq", "pair"]))
    assert [(r.item_id, r.count, r.rank, r.tied) for r in ranked] == [
        ("list", 4, 1, False),
        ("faq", 3, 2, False),
        ("fill", 2, 3, False),
        ("pair", 0, 4, False),
    ]


def test_ties_share_a_rank_and_give_a_runoff():
    ranked = rank({"a": 3, "b": 3, "c": 1, "d": 1, "e": 0})
    assert [(r.item_id, r.rank, r.tied) for r in ranked] == [
        ("a", 1, True),
        ("b", 1, True),
        ("c", 3, True),
        ("d", 3, True),
        ("e", 5, False),
    ]
    assert tie_groups(ranked) == [["a", "b"], ["c", "d"]]
    assert tie_groups(rank({"a": 0, "b": 0})) == []  # no dots is never a tie


def test_department_breakdown_and_top_picks():
    people = {
        "p1": Participant("p1", "Ann", "Sales"),
        "p2": Participant("p2", "Bo", "Sales"),
        "p3": Participant("p3", "Cy", "Support"),
        "p4": Participant("p4", "Di", ""),
    }
    dots = [Dot("p1", "a", 2), Dot("p2", "b", 1), Dot("p2", "a", 1), Dot("p3", "c", 1)]
    spread = department_breakdown(dots, people, ITEMS)
    assert spread == {"Sales": {"a": 3, "b": 1}, "Support": {"c": 1}}
    assert top_pick(spread["Sales"]) == ["a"]
    assert top_pick({"a": 1, "b": 1}) == ["a", "b"]
    assert top_pick({}) == []


@pytest.mark.parametrize(
    ("items", "dots"),
    [(0, 1), (2, 1), (5, 2), (9, 3), (12, 4), (15, 5), (24, 5), (30, 5), (121, 5), (1000, 5)],
)
def test_suggested_dots_are_a_budget_people_can_spend(items: int, dots: int):
    # A third of a small board; never more than five, whatever the size of the board.
    assert suggested_dots(items) == dots


@given(st.integers(0, 5000))
def test_suggested_dots_stay_between_one_and_five_and_grow_with_the_board(items: int):
    dots = suggested_dots(items)
    assert 1 <= dots <= 5
    assert dots <= max(1, items)  # never more dots than items to put them on
    assert suggested_dots(items + 1) >= dots
    if items >= 9:
        assert dots >= 3


def _round(
    round_id: str, target: VoteTarget, status: RoundStatus, blind: bool, *dots: Dot
) -> VoteRound:
    return VoteRound(round_id, round_id, target, 3, 3, True, blind, status, dots=dots)


def test_the_board_shows_the_newest_round_anyone_may_see():
    closed = _round("closed", VoteTarget.NOTES, RoundStatus.CLOSED, True, Dot("v", "n1", 2))
    open_blind = _round("blind", VoteTarget.NOTES, RoundStatus.OPEN, True, Dot("v", "n2", 1))
    open_seen = _round("seen", VoteTarget.NOTES, RoundStatus.OPEN, False)
    on_clusters = _round("clusters", VoteTarget.CLUSTERS, RoundStatus.CLOSED, False)
    assert board_round([closed, open_blind]) == closed  # a blind round shows nothing yet
    assert board_round([closed, open_seen]) == open_seen
    assert board_round([closed, on_clusters]) == closed  # cluster dots are not on notes
    assert board_round([open_blind]) is None


def test_a_blind_round_shows_its_counts_only_once_it_closes():
    open_blind = _round("blind", VoteTarget.NOTES, RoundStatus.OPEN, True, Dot("v", "n1", 2))
    closed_blind = _round("done", VoteTarget.NOTES, RoundStatus.CLOSED, True, Dot("v", "n1", 1))
    open_seen = _round("seen", VoteTarget.NOTES, RoundStatus.OPEN, False, Dot("v", "n1", 3))
    assert not counts_shown(open_blind)
    assert counts_shown(closed_blind) and counts_shown(open_seen)  # live, when not blind
    assert shown_rounds([closed_blind, open_blind, open_seen]) == [closed_blind, open_seen]
    # What may hold dots in the open blind round: every item, with dots or not, alike.
    assert blind_round_on([closed_blind, open_blind], "n1", VoteTarget.NOTES) is open_blind
    assert blind_round_on([closed_blind, open_blind], "n9", VoteTarget.NOTES) is open_blind
    assert blind_round_on([open_blind], "c1", VoteTarget.CLUSTERS) is None
    runoff = replace(open_blind, item_ids=("n1", "n2"))
    assert blind_round_on([runoff], "n2", VoteTarget.NOTES) is runoff
    assert blind_round_on([runoff], "n3", VoteTarget.NOTES) is None  # not one of its items
    assert blind_round_on([closed_blind, open_seen], "n1", VoteTarget.NOTES) is None


def test_dots_on_an_item_across_rounds():
    first = _round("a", VoteTarget.CLUSTERS, RoundStatus.CLOSED, True, Dot("v", "c1", 2))
    second = _round("b", VoteTarget.CLUSTERS, RoundStatus.OPEN, True, Dot("w", "c1", 1))
    assert dots_on([first, second], "c1") == 3
    assert dots_on([first, second], "c2") == 0


def test_an_imported_closed_round_counts_its_voters_from_the_dots():
    from app.core.voting import voters_who_voted

    closed = VoteRound(
        "r",
        "R",
        VoteTarget.NOTES,
        2,
        2,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(Dot("ann", "a", 1), Dot("bo", "a", 1), Dot("ann", "b", 1)),
    )
    assert voters_who_voted(closed) == {"ann", "bo"}
    still_open = replace(closed, status=RoundStatus.OPEN, finished_voter_ids=("bo",))
    assert voters_who_voted(still_open) == {"bo"}  # Ann is still at her ballot


def test_an_imported_closed_rating_or_rank_round_counts_its_voters_from_its_ballots():
    from app.core.types import Rank, Rating, RoundKind
    from app.core.voting import voters_who_voted

    closed = VoteRound("r", "R", VoteTarget.NOTES, 1, 1, True, True, RoundStatus.CLOSED)
    rated = replace(
        closed,
        kind=RoundKind.RATING,
        ratings=(Rating("ann", "a", "c", 3), Rating("cy", "b", "c", 1)),
    )
    assert voters_who_voted(rated) == {"ann", "cy"}
    ranked = replace(closed, kind=RoundKind.RANK, rank_size=2, ranks=(Rank("bo", "a", 1),))
    assert voters_who_voted(ranked) == {"bo"}


def _board() -> tuple[list[Note], list[Cluster]]:
    from datetime import UTC, datetime

    when = datetime(2026, 12, 1, tzinfo=UTC)
    clusters = [Cluster("right", "Right", "#9FD3F5"), Cluster("left", "Left", "#FFD54F")]
    places = {"r2": (900, 300, "right"), "l2": (300, 100, "left"), "loose": (40, 900, None)}
    places |= {"r1": (900, 100, "right"), "l1": (40, 100, "left"), "l3": (40, 300, "left")}
    notes = [
        Note(note_id, note_id, "#FFF59D", x, y, when, cluster_id=cluster)
        for note_id, (x, y, cluster) in places.items()
    ]
    return notes, clusters


def test_a_ballot_lists_each_clusters_notes_under_its_name_in_board_order():
    notes, clusters = _board()
    items = [note.id for note in notes]  # in the order they were made
    assert ballot_sections(items, VoteTarget.NOTES, notes, clusters) == [
        BallotSection("Left", "#FFD54F", ("l1", "l2", "l3")),  # row by row
        BallotSection("Right", "#9FD3F5", ("r1", "r2")),
        BallotSection(LOOSE_TITLE, LOOSE_COLOR, ("loose",)),
    ]
    # A runoff's few items; and one the board no longer shows comes last.
    assert ballot_sections(["r2", "gone", "l3"], VoteTarget.NOTES, notes, clusters) == [
        BallotSection("Left", "#FFD54F", ("l3",)),
        BallotSection("Right", "#9FD3F5", ("r2",)),
        BallotSection(OTHER_ITEMS, "", ("gone",)),
    ]


def test_a_board_without_clusters_and_a_round_on_clusters_need_no_headings():
    notes, clusters = _board()
    loose = [note for note in notes if note.cluster_id is None]
    assert ballot_sections(["loose"], VoteTarget.NOTES, loose, []) == [
        BallotSection("", "", ("loose",))
    ]
    assert ballot_sections(["right", "left"], VoteTarget.CLUSTERS, notes, clusters) == [
        BallotSection("", "", ("left", "right"))
    ]


def test_a_runoff_among_one_clusters_notes_keeps_its_name():
    notes, clusters = _board()
    assert ballot_sections(["l3", "l1"], VoteTarget.NOTES, notes, clusters) == [
        BallotSection("Left", "#FFD54F", ("l1", "l3"))
    ]


def test_the_voters_order_is_what_it_was_before_it_moved_to_voting():
    # Pinned from app.core.phone_view.voter_order before the move: a voter who reloads
    # after an upgrade must see the same order.
    assert voter_order("r1", "ana", [f"note-{n}" for n in range(12)]) == [
        "note-0",
        "note-5",
        "note-4",
        "note-8",
        "note-2",
        "note-3",
        "note-1",
        "note-9",
        "note-11",
        "note-6",
        "note-7",
        "note-10",
    ]
    round_id = "5f0c3a1e-0000-4000-8000-000000000001"
    assert voter_order(round_id, "ana", list("abcde")) == ["c", "e", "d", "b", "a"]


def test_a_ballot_shows_the_voters_own_order_only_when_the_round_shuffles():
    items = [f"note-{n}" for n in range(12)]
    plain = VoteRound("r1", "R", VoteTarget.NOTES, 3, 1, False, False, RoundStatus.OPEN)
    assert shown_order(plain, "ana", items) == items
    shuffled = replace(plain, shuffle=True)
    assert shown_order(shuffled, "ana", items) == voter_order("r1", "ana", items) != items
    assert shown_order(shuffled, "bo", items) == voter_order("r1", "bo", items)


def _note(note_id: str, author: str | None, **changes: object) -> Note:
    note = Note(note_id, note_id, "#FFE27A", 0, 0, utc_now(), author_id=author)
    return replace(note, **changes)  # type: ignore[arg-type]


# ana's: "solo"; the stack "top" (ana) holds ana's "top-2"; the stack "mixed" (ana)
# holds bo's "mixed-2"; "bos" is bo's; "nobody" has no author.
# Cluster "k-ana" holds solo and the stack top; "k-mixed" holds ana's "in-mixed" and
# the stack "mixed" (one of bo's notes in it); "k-empty" holds nothing.
NOTES = [
    _note("solo", "ana", cluster_id="k-ana"),
    _note("top", "ana", cluster_id="k-ana"),
    _note("top-2", "ana", merged_into="top"),
    _note("mixed", "ana", cluster_id="k-mixed"),
    _note("mixed-2", "bo", merged_into="mixed"),
    _note("in-mixed", "ana", cluster_id="k-mixed"),
    _note("bos", "bo", cluster_id="k-bo"),
    _note("nobody", None),
]
CLUSTERS = [Cluster(c, c, "#FFFFFF") for c in ("k-ana", "k-mixed", "k-bo", "k-empty")]


def _guarded(target: VoteTarget, on: bool = True) -> VoteRound:
    return VoteRound("r", "R", target, 3, 1, False, False, RoundStatus.OPEN, no_self_votes=on)


def test_ones_own_items_are_ones_notes_and_the_stacks_and_clusters_all_ones_own():
    assert own_items(_guarded(VoteTarget.NOTES), "ana", NOTES, CLUSTERS) == {
        "solo",
        "top",  # every note of its stack is ana's
        "in-mixed",
    }  # not "mixed": bo wrote one of its notes
    assert own_items(_guarded(VoteTarget.NOTES), "bo", NOTES, CLUSTERS) == {"bos"}
    assert own_items(_guarded(VoteTarget.CLUSTERS), "ana", NOTES, CLUSTERS) == {"k-ana"}
    # k-mixed holds bo's note inside a stack; an empty cluster is nobody's
    assert own_items(_guarded(VoteTarget.CLUSTERS), "bo", NOTES, CLUSTERS) == {"k-bo"}


def test_a_stacked_note_counts_for_its_stacks_cluster_even_down_a_chain():
    notes = [
        _note("top", "ana", cluster_id="k"),
        _note("middle", "ana", merged_into="top"),
        _note("bottom", "bo", merged_into="middle"),  # a chain, as a file may hold
    ]
    clusters = [Cluster("k", "K", "#FFFFFF")]
    assert own_items(_guarded(VoteTarget.NOTES), "ana", notes, clusters) == frozenset()
    assert own_items(_guarded(VoteTarget.CLUSTERS), "ana", notes, clusters) == frozenset()
    assert own_items(_guarded(VoteTarget.CLUSTERS), "bo", notes, clusters) == frozenset()


def test_without_the_control_nothing_is_ones_own():
    off = _guarded(VoteTarget.NOTES, on=False)
    assert own_items(off, "ana", NOTES, CLUSTERS) == frozenset()


def test_a_dot_on_ones_own_idea_is_refused_saying_why():
    vote_round = _guarded(VoteTarget.NOTES)
    own = own_items(vote_round, "ana", NOTES, CLUSTERS)
    ballot = ballot_for(vote_round, "ana", ["solo", "mixed", "bos"], own)
    assert ballot.refusal("solo") == SELF_VOTE_REFUSAL
    assert SELF_VOTE_REFUSAL == (
        "That is your own idea, and in this round nobody votes on their own ideas."
    )
    assert ballot.refusal("mixed") is None and ballot.refusal("bos") is None
    with pytest.raises(ValueError, match="your own idea"):
        ballot.add("solo")
    # Placing and taking back carry the rule along.
    assert ballot.add("bos").remove("bos").refusal("solo") == SELF_VOTE_REFUSAL
    # A ballot that knows nothing of its voter's ideas refuses nothing for it.
    assert Ballot(3, 1, ("solo",)).refusal("solo") is None
