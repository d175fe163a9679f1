"""Suggested clusters: loose notes that share a theme, with a title from their words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.cluster_suggestions import MAX_GROUP_SIZE, loose_notes, suggest_groups
from app.core.similarity import RELATED, RELATED_MIN_SCORE, SimilarityIndex
from app.core.types import Note

WHEN = datetime(2026, 12, 1, tzinfo=UTC)
IDEAS = [
    "Welcome call for new customers",
    "Welcome call in the first week",
    "Handover checklist for the night shift",
    "Shared handover checklist",
    "Video tour of the portal",
    "Email customers when the order ships",
]


def notes_of(texts: list[str]) -> list[Note]:
    return [Note(str(n), text, "#FFF59D", 0, 0, WHEN) for n, text in enumerate(texts)]


def test_notes_sharing_a_theme_are_grouped_and_titled_by_the_word_they_share():
    notes = notes_of(IDEAS)
    index = SimilarityIndex((n.id, n.text) for n in notes)
    groups = suggest_groups(notes, index)
    assert {(g.title, g.note_ids) for g in groups} == {
        ("Welcome", ("0", "1")),
        ("Handover", ("2", "3")),
    }


def test_only_loose_visible_cards_are_grouped():
    notes = notes_of(IDEAS)
    notes[0] = replace(notes[0], cluster_id="c")
    notes[2] = replace(notes[2], hidden=True)
    notes[3] = replace(notes[3], merged_into="4")
    assert [n.id for n in loose_notes(notes)] == ["1", "4", "5"]
    index = SimilarityIndex((n.id, n.text) for n in notes)
    assert suggest_groups(notes, index) == []


def test_a_common_word_never_sweeps_the_board_into_one_group():
    notes = notes_of([f"Shared checklist for team {n}" for n in range(30)])
    groups = suggest_groups(notes, SimilarityIndex((n.id, n.text) for n in notes))
    assert groups and all(2 <= len(g.note_ids) <= MAX_GROUP_SIZE for g in groups)


def test_the_fast_search_finds_every_related_pair_comparing_all_would():
    import itertools

    notes = notes_of(IDEAS * 3 + [f"{text} soon" for text in IDEAS])
    index = SimilarityIndex((n.id, n.text) for n in notes)
    found = {(p.a, p.b) for p in index.pairs(RELATED_MIN_SCORE, likeness=RELATED)}
    every = {
        (a.id, b.id)
        for a, b in itertools.combinations(notes, 2)
        if index.relatedness(a.id, b.id) >= RELATED_MIN_SCORE
    }
    assert found == every
