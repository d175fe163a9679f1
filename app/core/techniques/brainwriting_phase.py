"""6-3-5 in a stored phase: its settings, its sheets and the paper capture's place.

The window, the phones' desk and the room's view ask these with what the document
holds (the agenda and the notes); the rules themselves are :mod:`.brainwriting` and
:mod:`.brainwriting_notes`. A phase's ideas are read back from its notes (each note
keeps its phase, author and ``builds_on``), so nothing but the notes and the
settings is stored, and a crash comes back to the same round, sheet and slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.core.techniques.brainwriting import BrainwritingSettings, SheetIdea, ideas_left
from app.core.techniques.brainwriting_notes import (
    IdeaLink,
    PaperSlot,
    ideas_from_links,
    paper_slots,
)
from app.core.techniques.common import SettingsError, Technique
from app.core.types import Note, Participant, Phase, TechniqueSettings

PASS_NOTICE = "Pass your sheet to the left. {round}."
"""What the window and the room's view say when a round ends: ``{round}`` is "Round 2 of 6"."""


def phase_settings(phase: Phase | None) -> BrainwritingSettings | None:
    """The phase's 6-3-5 settings; ``None`` for another technique or unreadable settings."""
    if phase is None or phase.technique is not Technique.BRAINWRITING_635:
        return None
    try:
        return BrainwritingSettings.from_settings(phase.technique_settings.as_mapping())
    except SettingsError:
        return None


def with_settings(phase: Phase, settings: BrainwritingSettings) -> Phase:
    """``phase`` keeping ``settings`` (to store with the agenda)."""
    return replace(phase, technique_settings=TechniqueSettings.of(settings.to_settings()))


def sheet_people(
    phases: Sequence[Phase], phase: Phase, people: Iterable[Participant]
) -> tuple[str, ...]:
    """Who passes sheets in ``phase``, in order, when it starts.

    A capture step takes the people of the 6-3-5 phase before it (the sheets typed up
    are theirs); otherwise ``people``, the session's or the phones' named people.
    """
    settings = phase_settings(phase)
    if settings is not None and settings.step == "capture":
        index = next((i for i, p in enumerate(phases) if p.id == phase.id), 0)
        for earlier in reversed(phases[:index]):
            before = phase_settings(earlier)
            if before is not None and before.people:
                return before.people
    return tuple(person.id for person in people)


def phase_ideas(
    settings: BrainwritingSettings, phase_id: str, notes: Iterable[Note]
) -> tuple[SheetIdea, ...]:
    """The sheets' ideas of the phase, read back from its notes in the order written."""
    ordered = sorted((n for n in notes if n.phase_id == phase_id), key=lambda n: n.created_at)
    return ideas_from_links(
        settings, [IdeaLink(note.id, note.author_id, note.builds_on) for note in ordered]
    )


@dataclass(frozen=True, slots=True)
class CapturePlace:
    """Where the paper capture is: the slot typed now, its number, and the count."""

    slot: PaperSlot
    index: int
    count: int
    builds_on: str | None
    """The sheet's previous idea, what the next note builds on."""
    ideas_left: int


def capture_place(
    settings: BrainwritingSettings, ideas: Sequence[SheetIdea], skipped_to: int = 0
) -> CapturePlace | None:
    """The slot the capture is at; ``None`` once every slot is past.

    It follows from the ideas typed: the slot of the last one while it has room, else
    the next; ``skipped_to`` is a slot the facilitator moved on to (Enter on an empty
    box), never before that. The slots are :func:`paper_slots`'s order.
    """
    slots = paper_slots(settings)
    if not slots:
        return None
    index = 0
    if ideas:
        last = ideas[-1]
        index = next(
            (i for i, s in enumerate(slots) if (s.sheet, s.round) == (last.sheet, last.round)), 0
        )
        if not ideas_left(settings, ideas, last.sheet, last.round):
            index += 1
    index = max(index, skipped_to)
    while index < len(slots) and not ideas_left(
        settings, ideas, slots[index].sheet, slots[index].round
    ):
        index += 1
    if index >= len(slots):
        return None
    slot = slots[index]
    on_sheet = [idea for idea in ideas if idea.sheet == slot.sheet]
    return CapturePlace(
        slot=slot,
        index=index,
        count=len(slots),
        builds_on=on_sheet[-1].note_id if on_sheet else None,
        ideas_left=ideas_left(settings, ideas, slot.sheet, slot.round),
    )
