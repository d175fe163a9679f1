"""The one line a technique phase shows the room and the facilitator, and NGT's notes.

The room's view and the session window show the same line under the question:
1-2-4-All's step prompt, SCAMPER's current prompt with its question, NGT's step
(and, while sharing, whose ideas were turned up last). Everything here is derived
from the phase's settings and the notes, so the line after a crash is the line
before it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from app.core.techniques.catalogue import room_prompt
from app.core.techniques.common import Technique
from app.core.techniques.nominal_group import (
    STEP_PROMPTS as NOMINAL_GROUP_PROMPTS,
)
from app.core.techniques.nominal_group import (
    NominalGroupSettings,
    round_robin,
)
from app.core.techniques.one_two_four_all import Group, OneTwoFourAllSettings, group_of
from app.core.techniques.scamper import (
    CapturedFields,
    ScamperSettings,
    captured_fields,
    current_prompt,
    progress_words,
)
from app.core.types import Note, Phase

ANONYMOUS_TURN = "The anonymous ideas"


def settings_of(phase: Phase) -> Mapping[str, object]:
    """The phase's technique settings as a JSON object."""
    return phase.technique_settings.as_mapping()


def scamper_settings(phase: Phase | None) -> ScamperSettings | None:
    """The SCAMPER settings of ``phase``; ``None`` for any other phase, or bad settings."""
    if phase is None or phase.technique is not Technique.SCAMPER:
        return None
    try:
        return ScamperSettings.from_settings(settings_of(phase))
    except ValueError:
        return None


def captured_now(phase: Phase | None) -> CapturedFields:
    """What a note captured now carries, from the laptop or a phone alike.

    In a SCAMPER phase the current prompt and the spotlit idea it twists; elsewhere
    no prompt and nothing to build on (the capture bar's own choice stands).
    """
    settings = scamper_settings(phase)
    return CapturedFields("", None) if settings is None else captured_fields(settings)


def one_two_four_all_settings(phase: Phase | None) -> OneTwoFourAllSettings | None:
    """The 1-2-4-All settings of ``phase``; ``None`` for any other phase, or bad settings."""
    if phase is None or phase.technique is not Technique.ONE_TWO_FOUR_ALL:
        return None
    try:
        return OneTwoFourAllSettings.from_settings(settings_of(phase))
    except ValueError:
        return None


def phase_groups(phase: Phase | None) -> tuple[Group, ...]:
    """The pairs or fours people work in during ``phase``; none in any other step or phase."""
    settings = one_two_four_all_settings(phase)
    return () if settings is None else settings.step_groups()


def nominal_group_settings(phase: Phase | None) -> NominalGroupSettings | None:
    """The NGT settings of ``phase``; ``None`` for any other phase, or bad settings."""
    if phase is None or phase.technique is not Technique.NOMINAL_GROUP:
        return None
    try:
        return NominalGroupSettings.from_settings(settings_of(phase))
    except ValueError:
        return None


def written_notes(phases: Sequence[Phase], notes: Collection[Note]) -> list[Note]:
    """The notes NGT's round robin turns up: those written in its silent writing phases.

    When the agenda has no such phase (it was edited away), every note face down now.
    """
    writing = {
        phase.id
        for phase in phases
        if (settings := nominal_group_settings(phase)) is not None and settings.step == "write"
    }
    mine = [note for note in notes if note.phase_id in writing]
    return mine or [note for note in notes if note.hidden]


def turn_name(author_id: str | None, names: Mapping[str, str]) -> str:
    """``"Ana's ideas"``; ``"The anonymous ideas"`` for the notes nobody signed."""
    if author_id is None:
        return ANONYMOUS_TURN
    return f"{names.get(author_id, 'Someone')}'s ideas"


def phase_line(
    phase: Phase | None,
    phases: Sequence[Phase],
    notes: Collection[Note],
    names: Mapping[str, str],
) -> str:
    """What the room reads under the question during ``phase`` (``""``: nothing).

    ``names`` are the people's names by id, ``notes`` the board's notes.
    """
    if phase is None:
        return ""
    scamper = scamper_settings(phase)
    if scamper is not None:
        prompt = current_prompt(scamper.prompt_index)
        return f"{progress_words(scamper.prompt_index)}: {prompt.question}"
    ngt = nominal_group_settings(phase)
    if ngt is not None:
        if ngt.step == "share" and ngt.revealed:
            state = round_robin(ngt, written_notes(phases, notes))
            last = state.turns[state.revealed - 1]
            return f"{turn_name(last.author_id, names)} · {state.words()}"
        return NOMINAL_GROUP_PROMPTS[ngt.step]
    if phase.technique is Technique.ONE_TWO_FOUR_ALL:
        return room_prompt(phase.technique.value, settings_of(phase))
    return ""


def note_groups(phases: Sequence[Phase], notes: Collection[Note]) -> dict[str, Group]:
    """The pair or four each note written in a 1-2-4-All pair or four step was written in.

    By note id. The note keeps its real author (the file's ``author_id`` names a person
    or no one); the group follows from the phase the note was written in and that
    phase's groups, so it is never stored and never disagrees with them.
    """
    steps: dict[str, tuple[Group, ...]] = {}
    for phase in phases:
        groups = phase_groups(phase)
        if groups:
            steps[phase.id] = groups
    found: dict[str, Group] = {}
    for note in notes:
        groups = steps.get(note.phase_id or "", ())
        group = group_of(groups, note.author_id) if groups and note.author_id else None
        if group is not None:
            found[note.id] = group
    return found


def group_labels(phases: Sequence[Phase], notes: Collection[Note]) -> dict[str, str]:
    """``"Group A"`` for each note written in a 1-2-4-All pair or four, by note id."""
    return {note_id: group.name for note_id, group in note_groups(phases, notes).items()}
