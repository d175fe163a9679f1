"""Board geometry: free spots, tidy layouts, cluster frames and drops, note text rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.board import (
    BOARD_LEFT,
    BOARD_TOP,
    NOTE_GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    NoteFilter,
    clean_note_text,
    cluster_frame,
    clusters_after_move,
    free_spots,
    initials,
    note_center,
    note_rect,
    split_pasted_lines,
    tidy_by_cluster,
    tidy_grid,
)
from app.core.limits import TextError
from app.core.types import Note, Participant

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def note(
    note_id: str,
    x: float,
    y: float,
    cluster: str | None = None,
    *,
    text: str | None = None,
    author_id: str | None = None,
    hidden: bool = False,
) -> Note:
    return Note(
        id=note_id,
        text=text or note_id,
        color="#FFE08A",
        x=x,
        y=y,
        created_at=NOW,
        cluster_id=cluster,
        author_id=author_id,
        hidden=hidden,
    )


def test_first_spots_fill_the_top_row():
    spots = free_spots([], 3)
    assert spots == [
        (BOARD_LEFT, BOARD_TOP),
        (BOARD_LEFT + NOTE_WIDTH + NOTE_GAP, BOARD_TOP),
        (BOARD_LEFT + 2 * (NOTE_WIDTH + NOTE_GAP), BOARD_TOP),
    ]


def test_a_note_placed_by_hand_is_avoided():
    by_hand = (BOARD_LEFT + 30, BOARD_TOP + 20)
    spot = free_spots([by_hand], 1)[0]
    assert not note_rect(spot).intersects(note_rect(by_hand))


@given(
    st.lists(st.tuples(st.floats(-500, 2000), st.floats(-500, 2000)), max_size=40),
    st.integers(1, 12),
)
@settings(max_examples=100, deadline=None)
def test_free_spots_never_overlap_anything(occupied: list[tuple[float, float]], count: int):
    spots = free_spots(occupied, count)
    assert len(spots) == count
    rects = [note_rect(p) for p in occupied]
    for index, spot in enumerate(spots):
        assert not any(note_rect(spot).intersects(r) for r in rects)
        assert not any(note_rect(spot).intersects(note_rect(o)) for o in spots[:index])


def test_tidy_grid_keeps_order_and_never_overlaps():
    positions = tidy_grid([f"n{i}" for i in range(14)])
    assert positions["n0"] == (BOARD_LEFT, BOARD_TOP)
    rects = [note_rect(p) for p in positions.values()]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_tidy_by_cluster_keeps_clusters_apart_and_loose_notes_below():
    notes = [note(f"a{i}", 0, 0, "A") for i in range(5)]
    notes += [note(f"b{i}", 0, 0, "B") for i in range(2)]
    notes += [note("loose", 0, 0)]
    positions = tidy_by_cluster(notes, ["A", "B"])
    frame_a = cluster_frame([positions[f"a{i}"] for i in range(5)])
    frame_b = cluster_frame([positions[f"b{i}"] for i in range(2)])
    assert frame_a and frame_b and not frame_a.intersects(frame_b)
    loose = note_rect(positions["loose"])
    assert not loose.intersects(frame_a) and not loose.intersects(frame_b)
    assert loose.x > frame_b.right


def test_dropping_into_another_cluster_joins_it_and_out_of_ones_own_leaves_it():
    notes = {
        "a1": note("a1", 0, 0, "A"),
        "a2": note("a2", 0, 200, "A"),
        "b1": note("b1", 1000, 0, "B"),
        "b2": note("b2", 1000, 200, "B"),
        "free": note("free", 3000, 3000),
    }
    result = clusters_after_move({"a2": (1000, 40), "b2": (5000, 5000), "free": (10, 10)}, notes)
    assert result == {"a2": "B", "b2": None, "free": "A"}


def test_dragging_a_whole_cluster_keeps_it_together():
    notes = {"a1": note("a1", 0, 0, "A"), "a2": note("a2", 0, 200, "A")}
    assert clusters_after_move({"a1": (900, 900), "a2": (900, 1100)}, notes) == {
        "a1": "A",
        "a2": "A",
    }


def test_a_small_move_inside_its_own_cluster_stays():
    notes = {"a1": note("a1", 0, 0, "A"), "a2": note("a2", 0, 200, "A")}
    assert clusters_after_move({"a2": (10, 190)}, notes) == {"a2": "A"}


def test_cluster_frame_has_room_for_the_title():
    frame = cluster_frame([(100, 100), (400, 100)])
    assert frame is not None
    assert frame.contains(note_center((100, 100))) and frame.contains(note_center((400, 100)))
    assert frame.y < 100 - 40
    assert cluster_frame([]) is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  idea  ", "idea"),
        ("", None),
        ("   \n\t ", None),
        ("a\r\nb", "a\nb"),
        ("<b>x</b> & y", "<b>x</b> & y"),
        ("🚀 中文 مرحبا שלום", "🚀 中文 مرحبا שלום"),
    ],
)
def test_note_text_is_cleaned_not_changed(typed: str, kept: str | None):
    assert clean_note_text(typed) == kept


def test_note_text_over_the_limit_is_refused_not_cut():
    assert clean_note_text("x" * 2000) == "x" * 2000
    with pytest.raises(TextError, match="The note is 2,001 characters long; the limit is 2,000"):
        clean_note_text("x" * 2001)


def test_pasted_lines_and_initials():
    assert split_pasted_lines("one\r\n\n  two \nthree\n") == ["one", "two", "three"]
    assert initials("Maya Chen") == "MC"
    assert initials("Jean-Luc de la Fontaine") == "JF"
    assert initials("Cher") == "C"
    assert initials("  ") == ""


def test_filters():
    people = {"p1": Participant("p1", "Ann", "Sales"), "p2": Participant("p2", "Bo", "Support")}
    a = note("a", 0, 0, "A", text="Shared checklist", author_id="p1")
    b = note("b", 0, 0, None, text="FAQ page", author_id="p2", hidden=True)
    assert NoteFilter(query="check").matches(a, people)
    assert not NoteFilter(query="faq").matches(b, people)  # face down: text not shown
    assert NoteFilter(department="Support").matches(b, people)
    assert not NoteFilter(person_id="p2").matches(a, people)
    assert NoteFilter(cluster_id="A").matches(a, people)
    assert NoteFilter(color="#ffe08a").matches(a, people)
    assert not NoteFilter().is_active and NoteFilter(query=" x").is_active
    assert note_center((0, 0)) == (NOTE_WIDTH / 2, NOTE_HEIGHT / 2)
    assert NOTE_HEIGHT > 0


def test_a_change_that_leaves_a_cluster_empty_is_seen():
    from dataclasses import replace

    from app.core.board import clusters_emptied
    from app.core.types import Note

    def note(note_id: str, cluster: str | None) -> Note:
        return Note(note_id, note_id, "#FFE08A", 0, 0, NOW, cluster_id=cluster)

    notes = {n.id: n for n in (note("a", "c1"), note("b", "c1"), note("c", "c2"), note("d", None))}
    assert clusters_emptied(notes, [replace(notes["a"], cluster_id=None)]) == []
    moved_out = [replace(notes["a"], cluster_id=None), replace(notes["b"], cluster_id="c2")]
    assert clusters_emptied(notes, moved_out) == ["c1"]
    assert clusters_emptied(notes, [], deleted=["c"]) == ["c2"]
    assert clusters_emptied(notes, [replace(notes["d"], cluster_id="c3")]) == []
