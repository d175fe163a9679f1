"""The line a technique phase shows the room, derived from its settings and the notes."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.techniques.common import Technique
from app.core.techniques.nominal_group import NominalGroupSettings
from app.core.techniques.one_two_four_all import STEP_PROMPTS, Group, OneTwoFourAllSettings
from app.core.techniques.phase_line import (
    group_labels,
    note_groups,
    phase_groups,
    phase_line,
    written_notes,
)
from app.core.techniques.scamper import SCAMPER_PROMPTS, ScamperSettings
from app.core.types import Note, Phase, PhaseKind, TechniqueSettings

WHEN = datetime(2026, 12, 1, tzinfo=UTC)
NAMES = {"ana": "Ana", "ben": "Ben"}


def phase(pid: str, technique: Technique, settings: dict[str, object]) -> Phase:
    return Phase(
        pid,
        PhaseKind.IDEATE,
        pid,
        60,
        technique=technique,
        technique_settings=TechniqueSettings.of(settings),
    )


def note(nid: str, author: str | None, phase_id: str, hidden: bool = True) -> Note:
    return Note(
        nid, nid, "#FDE68A", 0, 0, WHEN, author_id=author, phase_id=phase_id, hidden=hidden
    )


def test_scamper_shows_its_current_prompt_and_question():
    scamper = phase("s", Technique.SCAMPER, ScamperSettings(prompt_index=4).to_settings())
    line = phase_line(scamper, [scamper], [], NAMES)
    assert line == f"P · Put to another use (5 of 7): {SCAMPER_PROMPTS[4].question}"


def test_one_two_four_all_shows_its_steps_prompt():
    pairs = phase("p", Technique.ONE_TWO_FOUR_ALL, OneTwoFourAllSettings(step="two").to_settings())
    assert phase_line(pairs, [pairs], [], NAMES) == STEP_PROMPTS["two"]


def test_ngt_says_whose_ideas_were_turned_up_last():
    write = phase("w", Technique.NOMINAL_GROUP, NominalGroupSettings().to_settings())
    share_settings = NominalGroupSettings("share", ("ana", "ben", None), 2)
    share = phase("s", Technique.NOMINAL_GROUP, share_settings.to_settings())
    notes = [note("1", "ana", "w", False), note("2", "ben", "w", False), note("3", None, "w")]
    assert written_notes([write, share], notes) == notes
    line = phase_line(share, [write, share], notes, NAMES)
    assert line == "Ben's ideas · 2 of 3 people have shared"
    first = phase("s", Technique.NOMINAL_GROUP, NominalGroupSettings("share").to_settings())
    assert phase_line(first, [write, first], notes, NAMES).startswith("One person at a time")


def test_a_phase_without_a_technique_shows_nothing():
    plain = Phase("x", PhaseKind.IDEATE, "Ideate", 60)
    assert phase_line(plain, [plain], [], NAMES) == "" and phase_line(None, [], [], NAMES) == ""


def test_notes_written_in_a_pair_are_labelled_with_the_pairs_group():
    settings = OneTwoFourAllSettings("two", pairs=(("ana", "ben"),), fours=(("ana", "ben"),))
    pairs = phase("p", Technique.ONE_TWO_FOUR_ALL, settings.to_settings())
    alone = phase("a", Technique.ONE_TWO_FOUR_ALL, OneTwoFourAllSettings().to_settings())
    notes = [note("1", "ana", "p"), note("2", "ana", "a"), note("3", None, "p")]
    assert group_labels([pairs, alone], notes) == {"1": "Group A"}


def one_two_four_all(step: str, pairs: tuple[tuple[str, ...], ...], fours=()) -> Phase:
    settings = OneTwoFourAllSettings(step, pairs=pairs, fours=fours or pairs)
    return phase(step, Technique.ONE_TWO_FOUR_ALL, settings.to_settings())


def test_only_a_pair_or_four_step_has_groups_to_show():
    pairs, fours = (("ana", "ben"), ("cy", "dee")), (("ana", "ben", "cy", "dee"),)
    steps = {step: one_two_four_all(step, pairs, fours) for step in ("one", "two", "four", "all")}
    assert phase_groups(steps["two"]) == (
        Group("Group A", ("ana", "ben")),
        Group("Group B", ("cy", "dee")),
    )
    assert phase_groups(steps["four"]) == (Group("Group C", ("ana", "ben", "cy", "dee")),)
    assert phase_groups(steps["one"]) == phase_groups(steps["all"]) == ()
    scamper = phase("s", Technique.SCAMPER, ScamperSettings().to_settings())
    broken = phase("b", Technique.ONE_TWO_FOUR_ALL, {"step": "two", "pairs": "ana"})
    assert phase_groups(scamper) == phase_groups(broken) == phase_groups(None) == ()


def test_a_notes_group_follows_the_phase_it_was_written_in_not_the_current_one():
    pairs = one_two_four_all("two", (("ana", "ben"),))
    fours = one_two_four_all("four", (("ana", "ben"),))
    notes = [note("1", "ben", "two"), note("2", "ben", "four"), note("3", "cy", "two")]
    notes.append(note("4", None, "four"))
    found = note_groups([pairs, fours], notes)
    assert found == {"1": Group("Group A", ("ana", "ben")), "2": Group("Group B", ("ana", "ben"))}
    assert group_labels([pairs, fours], notes) == {"1": "Group A", "2": "Group B"}
    assert note_groups([fours], notes) == {"2": found["2"]}  # its phase gone: a person's note
