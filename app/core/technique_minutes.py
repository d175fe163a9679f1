"""The minutes' 6-3-5 section: each phase's sheets, rounds and ideas, and each sheet's chain.

The rotation is read back from the phase's notes and settings alone
(:func:`app.core.techniques.brainwriting_phase.phase_ideas`), as the window reads it,
so the minutes show the sheets as they were passed: "Sheet 1 (started by Ana): Round 1:
idea → idea → Round 2: idea". A session that hides authors names no one, and a sheet
passed between phones (``hands``) has nobody to name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.format_helpers import counted
from app.core.techniques.brainwriting import BrainwritingSettings, sheet_name
from app.core.techniques.brainwriting_phase import phase_ideas, phase_settings
from app.core.techniques.common import TECHNIQUE_NAMES, Technique
from app.core.types import Note, Participant, Phase, Session

FACE_DOWN = "(a face-down note)"
"""What a chain says for a note still face down: its text is not for the minutes."""


@dataclass(frozen=True, slots=True)
class SheetChain:
    """One sheet as it was passed: its name and its ideas, round by round."""

    name: str
    """``"Sheet 1 (started by Ana)"``, or ``"Sheet 1"`` when nobody may be named."""
    chain: str
    """``"Round 1: idea → idea → Round 2: idea"``; ``""`` for a sheet left empty."""


@dataclass(frozen=True, slots=True)
class BrainwritingSection:
    """One phase that ran 6-3-5 (or typed its sheets up): what it was, and each sheet."""

    phase_title: str
    summary: str
    """``"6-3-5 brainwriting: 4 sheets, 4 rounds of 5 minutes, 31 ideas"``."""
    sheets: tuple[SheetChain, ...]


def _minutes_of(seconds: int) -> str:
    if seconds % 60:
        return counted(seconds, "second")
    return counted(seconds // 60, "minute")


def _rounds_of(phases: Sequence[Phase], index: int, settings: BrainwritingSettings) -> int:
    """A capture step's rounds are those its write phase ran; a write phase's its own."""
    if settings.step == "capture":
        for earlier in reversed(phases[:index]):
            before = phase_settings(earlier)
            if before is not None and before.step == "write" and before.people:
                return before.round_count
    return settings.round_count


def brainwriting_sections(session: Session) -> list[BrainwritingSection]:
    """Every 6-3-5 phase with ideas, in agenda order (a paper write phase has none)."""
    people = {p.id: p for p in session.participants}
    sections = []
    for index, phase in enumerate(session.phases):
        settings = phase_settings(phase)
        if settings is None or not settings.people:
            continue
        ideas = phase_ideas(settings, phase.id, session.notes)
        if not ideas:
            continue
        notes = {note.id: note for note in session.notes}
        named = not (session.anonymous_ideas or settings.hands)
        rounds = _rounds_of(session.phases, index, settings)
        summary = (
            f"{TECHNIQUE_NAMES[Technique.BRAINWRITING_635]}: "
            f"{counted(len(settings.people), 'sheet')}, "
            f"{counted(rounds, 'round')} of {_minutes_of(settings.round_seconds)}, "
            f"{counted(len(ideas), 'idea')}"
        )
        if settings.step == "capture":
            summary += ", typed up from paper"
        sheets = tuple(
            SheetChain(
                _sheet_title(sheet, settings, people if named else {}),
                _chain(
                    [(i.round, notes[i.note_id]) for i in ideas if i.sheet == sheet],
                ),
            )
            for sheet in range(len(settings.people))
        )
        sections.append(BrainwritingSection(phase.title, summary, sheets))
    return sections


def _sheet_title(
    sheet: int, settings: BrainwritingSettings, people: Mapping[str, Participant]
) -> str:
    starter = people.get(settings.people[sheet])
    name = sheet_name(sheet)
    return f"{name} (started by {starter.name})" if starter is not None else name


def _chain(ideas: Sequence[tuple[int, Note]]) -> str:
    parts: list[str] = []
    shown_round = 0
    for round_number, note in ideas:
        text = FACE_DOWN if note.hidden else note.text
        if round_number != shown_round:
            shown_round = round_number
            text = f"Round {round_number}: {text}"
        parts.append(text)
    return " → ".join(parts)
