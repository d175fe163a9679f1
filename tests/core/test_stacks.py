"""Stacks: merging keeps every note and author, refuses what would lose something."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.similar_pairs import candidate_pairs, similarity_index
from app.core.stacks import (
    MergeRefused,
    cards,
    effective_statuses,
    merge,
    pair_key,
    quoted,
    stack_authors,
    stack_members,
    stack_sizes,
    take_out,
)
from app.core.types import (
    Criterion,
    Dot,
    Note,
    Participant,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
)
from app.core.voting import round_items

WHEN = datetime(2026, 12, 1, 9, tzinfo=UTC)
JONAS = Participant("p1", "Jonas", "Support")
MAYA = Participant("p2", "Maya", "Sales")


def note(note_id: str, text: str, author: str | None = None, **changes: object) -> Note:
    made = Note(note_id, text, "#FFF59D", 0, 0, WHEN, author_id=author)
    return replace(made, **changes)  # type: ignore[arg-type]


NOTES = {
    "a": note("a", "Offer a callback instead of hold music", "p1"),
    "b": note("b", "Offer callbacks instead of the hold music", "p2"),
    "c": note("c", "FAQ page for billing"),
}


def a_round(*dots: Dot) -> VoteRound:
    return VoteRound(
        "r", "Round 1", VoteTarget.NOTES, 3, 2, False, False, RoundStatus.OPEN, dots=dots
    )


def test_a_merged_note_points_at_the_top_of_the_stack_it_joins():
    moved = merge(NOTES["b"], NOTES["a"], NOTES, [])
    assert moved == [replace(NOTES["b"], merged_into="a")]
    assert moved[0].text == NOTES["b"].text and moved[0].author_id == "p2"  # kept


def test_merging_into_a_stacked_note_joins_its_top():
    notes = {**NOTES, "b": replace(NOTES["b"], merged_into="a")}
    assert merge(notes["c"], notes["b"], notes, [])[0].merged_into == "a"


def test_a_stack_merged_into_another_moves_all_its_notes_along():
    notes = {**NOTES, "b": replace(NOTES["b"], merged_into="a")}
    moved = merge(notes["a"], notes["c"], notes, [])
    assert {(n.id, n.merged_into) for n in moved} == {("a", "c"), ("b", "c")}


def test_a_note_with_dots_is_never_merged_and_the_message_says_why():
    with pytest.raises(MergeRefused, match=r"has 2 dots in a vote; merging it would lose them"):
        merge(NOTES["b"], NOTES["a"], NOTES, [a_round(Dot("p1", "b", 2))])
    # The top may hold dots: they stay where they are.
    assert merge(NOTES["b"], NOTES["a"], NOTES, [a_round(Dot("p1", "a", 2))])


def test_a_rated_or_ranked_note_is_never_merged_and_the_message_names_the_round():
    rated = replace(
        a_round(),
        title="Score them",
        kind=RoundKind.RATING,
        criteria=(Criterion("i", "Impact", 1, 5),),
        ratings=(Rating("p1", "b", "i", 4),),
    )
    ranked = replace(
        a_round(), title="Top two", kind=RoundKind.RANK, rank_size=2, ranks=(Rank("p1", "b", 1),)
    )
    for vote_round in (rated, ranked):
        with pytest.raises(
            MergeRefused,
            match=f"is rated or ranked in “{vote_round.title}”; merging it would lose that",
        ):
            merge(NOTES["b"], NOTES["a"], NOTES, [vote_round])
        # The top may hold them: they stay where they are.
        assert merge(NOTES["a"], NOTES["b"], NOTES, [vote_round])


@pytest.mark.parametrize(
    ("absorbed", "into", "expected"),
    [
        ("a", "a", "already in this stack"),
        ("hidden", "a", "face-down note cannot be merged"),
        ("a", "hidden", "face-down note cannot be merged"),
    ],
)
def test_merges_that_make_no_sense_are_refused(absorbed: str, into: str, expected: str):
    notes = {**NOTES, "hidden": note("hidden", "Secret", hidden=True)}
    with pytest.raises(MergeRefused, match=expected):
        merge(notes[absorbed], notes[into], notes, [])


def test_a_note_already_in_a_stack_must_come_out_of_it_first():
    notes = {**NOTES, "b": replace(NOTES["b"], merged_into="a")}
    with pytest.raises(MergeRefused, match="already in this stack"):
        merge(notes["b"], notes["a"], notes, [])
    with pytest.raises(MergeRefused, match="in another stack"):
        merge(notes["b"], notes["c"], notes, [])


def test_taking_a_note_out_leaves_it_where_it_stood():
    stacked = replace(NOTES["b"], merged_into="a", x=40, y=80)
    out = take_out(stacked)
    assert out.merged_into is None and (out.x, out.y) == (40, 80)


def test_stacks_count_their_top_and_list_their_notes_in_board_order():
    notes = [
        NOTES["a"],
        replace(NOTES["b"], merged_into="a"),
        replace(NOTES["c"], merged_into="a"),
    ]
    assert stack_sizes(notes) == {"a": 3}
    assert [n.id for n in stack_members(notes, "a")] == ["b", "c"]
    assert [n.id for n in cards(notes)] == ["a"]


def test_a_stack_credits_everyone_who_said_it_once_each():
    people = {JONAS.id: JONAS, MAYA.id: MAYA}
    members = [NOTES["b"], note("d", "Callback, not hold music", "p1"), NOTES["c"]]
    assert stack_authors(NOTES["a"], members, people) == [JONAS, MAYA]


def test_a_vote_sees_the_stack_as_one_item():
    notes = [NOTES["a"], replace(NOTES["b"], merged_into="a"), NOTES["c"]]
    assert round_items(a_round(), notes, []) == ["a", "c"]


def test_stacked_notes_take_their_stacks_status_whatever_their_own():
    session = Session(
        "s",
        "Session",
        notes=(NOTES["a"], replace(NOTES["b"], merged_into="a"), NOTES["c"]),
        idea_statuses=(("a", "adopted"), ("b", "trying")),
    )
    assert effective_statuses(session) == {"a": "adopted", "b": "adopted"}
    plain = replace(session, idea_statuses=(("b", "trying"),))
    assert effective_statuses(plain) == {}  # the card is new: so is its stack


def test_a_merged_note_leaves_its_cluster_and_one_that_moved_on_is_refused():
    clustered = replace(NOTES["b"], cluster_id="c1")
    (moved,) = merge(clustered, NOTES["a"], {**NOTES, "b": clustered}, [])
    assert moved.cluster_id is None  # a stack sits where its card does
    with pytest.raises(MergeRefused, match="moved on as an idea"):
        merge(NOTES["b"], NOTES["a"], NOTES, [], moved_on={"b"})


def test_candidates_are_cards_best_first_without_dismissed_or_stacked_pairs():
    notes = [
        NOTES["a"],
        NOTES["b"],
        NOTES["c"],
        note("d", "FAQ pages for billing"),
        note("e", "Offer a callback instead of hold music!", merged_into="a"),
        note("f", "A callback instead of hold music", hidden=True),
    ]
    index = similarity_index(notes)
    assert "f" not in index  # face-down notes stay secret
    found = candidate_pairs(notes, index)
    assert {(c.a, c.b) for c in found} == {("a", "b"), ("c", "d")}
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    pair = next(c for c in found if c.a == "c")
    assert (pair.a_text, pair.b_text) == ("FAQ page for billing", "FAQ pages for billing")
    left = candidate_pairs(notes, index, dismissed={pair_key("d", "c")})
    assert {(c.a, c.b) for c in left} == {("a", "b")}


def test_a_quoted_note_is_one_line_and_short():
    assert quoted("Offer a\ncallback") == "“Offer a callback”"
    assert len(quoted("word " * 40)) == 50 and quoted("word " * 40).endswith("…”")


def test_a_face_down_stack_top_keeps_its_text_secret():
    notes = [
        note("top", "Offer a callback instead of hold music", hidden=True),
        note("in", "Offer callbacks instead of the hold music", merged_into="top"),
        note("new", "Offer a callback instead of hold music!"),
    ]
    assert candidate_pairs(notes, similarity_index(notes)) == []


def test_a_note_a_round_lists_as_an_item_is_never_merged():
    listed = replace(a_round(), item_ids=("b", "c"), title="Runner-ups")
    with pytest.raises(MergeRefused, match="one of the items of the round “Runner-ups”"):
        merge(NOTES["b"], NOTES["a"], NOTES, [listed])


def test_no_item_of_an_open_blind_round_is_merged_and_the_refusal_tells_no_count():
    blind = replace(a_round(Dot("p1", "b", 2)), blind=True, title="Round 2")
    with pytest.raises(MergeRefused) as with_dots:
        merge(NOTES["b"], NOTES["a"], NOTES, [blind])
    with pytest.raises(MergeRefused) as without_dots:
        merge(NOTES["c"], NOTES["a"], NOTES, [blind])
    # The same words whether the card has dots or not: nothing tells which one has.
    assert str(with_dots.value) == str(without_dots.value)
    assert str(without_dots.value) == (
        "“Round 2” is a blind round still open on these notes; merge them once it closes."
    )
    closed = replace(blind, status=RoundStatus.CLOSED)
    assert merge(NOTES["c"], NOTES["a"], NOTES, [closed])  # once closed, as before
