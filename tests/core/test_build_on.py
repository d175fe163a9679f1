"""Reading build-on links: chains, words for tooltips and the room, and new links checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.build_on import (
    GREW_FROM_TITLE,
    GREW_INTO_TITLE,
    BuildOnError,
    chain_groups,
    check_link,
    children_of,
    first_words,
    grew_from,
    grew_into,
    link_summary,
    with_chain,
)
from app.core.room_cards import RoomCard, RoomGroup
from app.core.types import Note

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def note(note_id: str, text: str, builds_on: str | None = None, **more: object) -> Note:
    return Note(note_id, text, "#FFE08A", 0, 0, NOW, builds_on=builds_on, **more)  # type: ignore[arg-type]


ROOT = note("root", "A welcome call on the first day")
CHILD = note("child", "A welcome call from sales and support together", "root")
OTHER = note("other", "A welcome video", "root")
GRANDCHILD = note("grand", "Record the call for later", "child")
NOTES = {n.id: n for n in (ROOT, CHILD, OTHER, GRANDCHILD)}


def test_first_words_name_a_note_on_one_line():
    assert first_words("A  welcome\ncall") == "A welcome call"
    assert first_words("one two three four five six seven") == "one two three four five six…"
    assert first_words("x" * 80).endswith("…") and len(first_words("x" * 80)) == 48


def test_a_chain_reads_up_and_down():
    assert grew_from(GRANDCHILD, NOTES) == [CHILD, ROOT]
    assert grew_into("root", children_of(NOTES.values())) == [CHILD, OTHER, GRANDCHILD]
    assert grew_into("grand", children_of(NOTES.values())) == []


def test_the_tooltip_says_what_it_builds_on_and_how_many_build_on_it():
    children = children_of(NOTES.values())
    assert link_summary(ROOT, NOTES, len(children["root"])) == "Built on by 2 notes"
    assert (
        link_summary(CHILD, NOTES, len(children["child"]))
        == "Builds on: “A welcome call on the first…”; built on by 1 note"
    )
    orphan = replace(CHILD, builds_on=None, builds_on_deleted=True)
    assert link_summary(orphan, NOTES, 0) == "Builds on: a deleted note"
    face_down = {**NOTES, "root": replace(ROOT, hidden=True)}
    assert link_summary(OTHER, face_down, 0) == "Builds on: a face-down note"
    assert link_summary(note("x", "alone"), NOTES, 0) == ""


def test_the_room_sees_a_spotlit_notes_chain_under_it():
    groups = chain_groups("child", NOTES)
    assert [(g.title, [c.note_id for c in g.cards]) for g in groups] == [
        (GREW_FROM_TITLE, ["root"]),
        (GREW_INTO_TITLE, ["grand"]),
    ]
    assert chain_groups("alone", {"alone": note("alone", "x")}) == []


def test_the_spotlight_reads_in_the_order_the_idea_grew():
    spotlit = RoomGroup("Faster hand-offs", "#FFD54F", (RoomCard("child", "x", "#FFF"),))
    groups = with_chain([spotlit], "child", NOTES)
    assert [g.title for g in groups] == [GREW_FROM_TITLE, "Faster hand-offs", GREW_INTO_TITLE]
    alone = with_chain([spotlit], "alone", {"alone": note("alone", "x")})
    assert alone == [spotlit]


@pytest.mark.parametrize(
    ("note_id", "parent", "message"),
    [
        ("root", "root", "cannot build on itself"),
        ("root", "nowhere", "no longer on the board"),
        ("root", "grand", "would loop"),
        ("root", "child", "would loop"),
    ],
)
def test_a_link_that_breaks_the_rules_is_refused(note_id: str, parent: str, message: str):
    with pytest.raises(BuildOnError, match=message):
        check_link(note_id, parent, NOTES)


def test_a_link_within_the_rules_passes():
    check_link("other", "grand", NOTES)
    check_link("grand", None, NOTES)
