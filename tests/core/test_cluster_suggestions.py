"""Suggested clusters: the themes of the loose notes, each titled from its words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.cluster_suggestions import (
    MAX_GROUP_SIZE,
    TIE_FLOOR,
    loose_notes,
    suggest_groups,
    theme_index,
)
from app.core.similarity import RELATED, RELATED_MIN_SCORE, SimilarityIndex
from app.core.types import Note
from tests.core.similarity_sets import (
    THEMED,
    THEMED_HOLDOUT,
    UNRELATED,
    adjusted_rand_index,
    board_notes,
    labelled_board,
    theme_quality,
)

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
    groups = suggest_groups(notes_of(IDEAS))
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
    assert suggest_groups(notes) == []


def test_a_common_word_never_sweeps_the_board_into_one_group():
    notes = notes_of([f"Shared checklist for team {n}" for n in range(30)])
    groups = suggest_groups(notes)
    assert groups and all(2 <= len(g.note_ids) <= MAX_GROUP_SIZE for g in groups)
    grouped = [note_id for g in groups for note_id in g.note_ids]
    assert len(grouped) == len(set(grouped))


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


def test_the_four_themes_of_an_ordinary_board_are_suggested():
    # 24 notes on phone waiting, invoices, onboarding and shipping, each said its own
    # way: few of them share a word with more than one or two others.
    quality = theme_quality(THEMED)
    assert quality.themes_found == 4, quality.groups
    assert quality.adjusted_rand >= 0.6, quality.groups
    assert quality.purity >= 0.9, quality.groups
    assert quality.grouped >= 16, quality.groups  # two notes in three


def test_the_themes_of_a_board_written_apart_are_suggested_too():
    # Meeting rooms, passwords, the canteen and parking: not what the method was tuned on.
    quality = theme_quality(THEMED_HOLDOUT)
    assert quality.themes_found == 4, quality.groups
    assert quality.adjusted_rand >= 0.6, quality.groups
    assert quality.purity >= 0.9, quality.groups


def test_a_board_of_unrelated_notes_gets_hardly_a_suggestion():
    # Words shared by chance ("never", "take", "day", "customers") tie two notes, not a theme.
    quality = theme_quality(UNRELATED)
    assert len(quality.groups) <= 1 and quality.grouped <= 3, quality.groups


def test_the_adjusted_rand_index_is_one_for_the_same_grouping_and_none_for_chance():
    assert adjusted_rand_index(list("aabbcc"), list("xxyyzz")) == 1.0
    assert adjusted_rand_index(list("aabb"), list("xyxy")) < 0.0
    assert adjusted_rand_index(list("aaaa"), list("wxyz")) == 0.0


def test_every_tie_between_two_notes_on_a_theme_is_found():
    import itertools

    notes = board_notes([text for text, _ in labelled_board(THEMED)])
    index = theme_index(notes)
    found = {(p.a, p.b) for p in index.pairs(TIE_FLOOR, likeness=RELATED)}
    every = {
        (a.id, b.id)
        for a, b in itertools.combinations(notes, 2)
        if index.relatedness(a.id, b.id) >= TIE_FLOOR
    }
    assert found == every and len(every) > 40


def test_the_themes_do_not_depend_on_the_order_louvain_visits_the_notes_in(
    monkeypatch: pytest.MonkeyPatch,
):
    # Each run of Louvain's method starts from a seed; a run alone can stop at a
    # poorer partition. Whichever seeds are drawn, the best of the runs is the same.
    import networkx

    louvain = networkx.community.louvain_communities
    found = set()
    for shift in range(1, 9):

        def shifted(*args: object, seed: int = 0, shift: int = shift, **kwargs: object) -> object:
            return louvain(*args, seed=seed + shift, **kwargs)

        monkeypatch.setattr(networkx.community, "louvain_communities", shifted)
        quality = theme_quality(THEMED)
        found.add(quality.groups)
        assert quality.adjusted_rand >= 0.6, (shift, quality.groups)
    assert len(found) == 1
