"""6-3-5 in a stored phase (app/core/techniques/brainwriting_phase.py)."""

from __future__ import annotations

from datetime import timedelta

from app.core.techniques.brainwriting import BrainwritingSettings
from app.core.techniques.brainwriting_phase import (
    capture_place,
    phase_ideas,
    phase_settings,
    sheet_people,
    with_settings,
)
from app.core.techniques.common import Technique
from app.core.types import Note, Participant, Phase, PhaseKind, utc_now

WRITE = BrainwritingSettings(on_paper=True, people=("ana", "bo", "cy"))
CAPTURE = BrainwritingSettings(on_paper=True, step="capture")
START = utc_now()


def _phase(phase_id: str, settings: BrainwritingSettings) -> Phase:
    plain = Phase(phase_id, PhaseKind.IDEATE, "6-3-5", 900, technique=Technique.BRAINWRITING_635)
    return with_settings(plain, settings)


def _note(number: int, author: str, builds_on: str | None, phase_id: str = "cap") -> Note:
    return Note(
        f"n{number}",
        f"idea {number}",
        "#FFF",
        0,
        0,
        START + timedelta(seconds=number),
        author_id=author,
        phase_id=phase_id,
        builds_on=builds_on,
    )


def test_the_settings_are_read_back_from_the_phase_and_none_for_another_technique():
    assert phase_settings(_phase("p", WRITE)) == WRITE
    assert phase_settings(Phase("p", PhaseKind.IDEATE, "Ideas", 600)) is None


def test_the_capture_takes_the_people_of_the_write_phase_before_it():
    phases = (_phase("w", WRITE), _phase("cap", CAPTURE))
    people = [Participant("zed", "Zed", "")]
    assert sheet_people(phases, phases[1], people) == ("ana", "bo", "cy")
    assert sheet_people(phases, phases[0], people) == ("zed",)


def test_the_capture_place_follows_the_typed_notes_a_sheet_at_a_time():
    settings = BrainwritingSettings(on_paper=True, step="capture", people=("ana", "bo", "cy"))
    place = capture_place(settings, ())
    assert place is not None
    assert (place.slot.sheet, place.slot.round, place.slot.author_id) == (0, 1, "ana")
    assert place.builds_on is None
    notes = [_note(0, "ana", None), _note(1, "ana", "n0"), _note(2, "ana", "n1")]
    ideas = phase_ideas(settings, "cap", notes)
    place = capture_place(settings, ideas)
    assert place is not None
    # Sheet 1's round 1 has its three ideas: round 2 of sheet 1, written by Bo, on n2.
    assert (place.slot.sheet, place.slot.round, place.slot.author_id) == (0, 2, "bo")
    assert (place.index, place.count, place.builds_on) == (1, 9, "n2")
    # A slot moved on from (Enter on an empty box) is not offered again.
    skipped = capture_place(settings, ideas, skipped_to=3)
    assert skipped is not None
    assert (skipped.slot.sheet, skipped.slot.round, skipped.builds_on) == (1, 1, None)


def test_notes_of_other_phases_are_not_on_the_sheets():
    settings = BrainwritingSettings(people=("ana", "bo"))
    notes = [_note(0, "ana", None, "w"), _note(1, "bo", None, "other")]
    assert [idea.note_id for idea in phase_ideas(settings, "w", notes)] == ["n0"]
