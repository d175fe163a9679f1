"""NGT's round robin: one person at a time, the state derived so a crash comes back right."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.techniques.common import SettingsError
from app.core.techniques.nominal_group import (
    NominalGroupSettings,
    nominal_group_template,
    reveal_next,
    reveal_order,
    revealed_from_notes,
    round_robin,
)
from app.core.types import Note, PhaseKind

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PEOPLE = ("ana", "ben", "chloe", "dev")


def note(note_id: str, author: str | None, hidden: bool = True) -> Note:
    return Note(note_id, "idea", "#FFF59D", 0, 0, NOW, author_id=author, hidden=hidden)


written = st.lists(st.sampled_from([*PEOPLE, None]), max_size=25).map(
    lambda authors: [note(f"n{i}", author) for i, author in enumerate(authors)]
)


def turn_up(notes: list[Note], ids: tuple[str, ...]) -> list[Note]:
    return [replace(n, hidden=False) if n.id in ids else n for n in notes]


def test_the_order_follows_the_people_skips_who_wrote_nothing_and_ends_with_the_anonymous():
    notes = [note("1", None), note("2", "chloe"), note("3", "ana"), note("4", "chloe")]
    assert reveal_order(PEOPLE, notes) == ("ana", "chloe", None)


def test_each_reveal_turns_up_the_next_persons_face_down_notes():
    notes = [note("1", "ben"), note("2", "ana"), note("3", "ben")]
    rules = NominalGroupSettings("share", reveal_order(PEOPLE, notes))
    rules, up = reveal_next(rules, notes)
    assert (rules.revealed, up) == (1, ("2",))
    notes = turn_up(notes, up)
    rules, up = reveal_next(rules, notes)
    assert (rules.revealed, up) == (2, ("1", "3"))
    notes = turn_up(notes, up)
    state = round_robin(rules, notes)
    assert state.finished
    assert state.words() == "2 of 2 people have shared"
    with pytest.raises(ValueError, match="Everyone has shared"):
        reveal_next(rules, notes)


@settings(max_examples=200, deadline=None)
@given(written, st.integers(0, 6))
def test_the_state_after_a_crash_is_the_state_reached_reveal_by_reveal(notes, crash_after):
    rules = NominalGroupSettings("share", reveal_order(PEOPLE, notes))
    for _ in range(min(crash_after, len(rules.order))):
        rules, up = reveal_next(rules, notes)
        notes = turn_up(notes, up)
        stepped = round_robin(rules, notes)
        # A crash: only the stored settings and notes come back.
        stored = NominalGroupSettings.from_settings(rules.to_settings())
        derived = round_robin(stored, notes)
        assert derived == stepped
        assert derived.still_hidden_ids == ()
        assert revealed_from_notes(stored.order, notes) == stored.revealed
        face_up = {n.id for n in notes if not n.hidden}
        assert face_up == derived.face_up_ids
        done = set(stored.order[: stored.revealed])
        assert face_up == {n.id for n in notes if n.author_id in done}


def test_a_crash_between_the_settings_and_the_notes_turns_the_rest_up_next():
    notes = [note("1", "ana"), note("2", "ben")]
    rules = NominalGroupSettings("share", ("ana", "ben"), revealed=1)
    state = round_robin(rules, notes)
    assert state.still_hidden_ids == ("1",)
    assert state.next_turn is not None
    assert state.next_turn.author_id == "ben"
    _, up = reveal_next(rules, notes)
    assert up == ("1", "2")


def test_the_turns_done_read_from_the_notes_stop_at_the_first_face_down_note():
    notes = [note("1", "ana"), note("2", "ben", hidden=False), note("3", "chloe", hidden=False)]
    assert revealed_from_notes(("chloe", "ana", "ben"), notes) == 1
    assert revealed_from_notes(("ana", "ben", "chloe"), notes) == 0


@given(written)
def test_settings_round_trip(notes):
    order = reveal_order(PEOPLE, notes)
    rules = NominalGroupSettings("clarify", order, len(order))
    assert NominalGroupSettings.from_settings(rules.to_settings()) == rules


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"step": "vote"}, "step must be one of write, share, clarify, rank, not 'vote'."),
        ({"order": ["a", "b"], "revealed": 3}, "revealed must be a whole number from 0 to 2"),
        ({"order": ["a", "a"]}, "order must be a list of at most 501 distinct ids"),
        ({"order": [None, None]}, "order must be a list"),
        ({"order": [3]}, "order must be a list"),
        ({"revealed": "1"}, "revealed must be a whole number from 0 to 0, not '1'."),
    ],
)
def test_bad_settings_are_refused_in_one_line(settings, words):
    with pytest.raises(SettingsError) as refused:
        NominalGroupSettings.from_settings(settings)
    assert str(refused.value).startswith("Nominal Group Technique: ")
    assert words in str(refused.value)


def test_the_template_writes_in_silence_shares_clarifies_and_ranks():
    template = nominal_group_template()
    assert [phase.kind for phase in template.phases] == [
        PhaseKind.SILENT_IDEATE,
        PhaseKind.DISCUSS,
        PhaseKind.DISCUSS,
        PhaseKind.VOTE,
    ]
    steps = [NominalGroupSettings.from_settings(p.settings).step for p in template.phases]
    assert steps == ["write", "share", "clarify", "rank"]
    assert all(phase.prompt for phase in template.phases)
