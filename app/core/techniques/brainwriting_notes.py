"""6-3-5's notes: the paper capture, a sheet at a time, and the sheets read back.

On one laptop people write on paper; afterwards the capture takes a sheet at a time
(:func:`paper_slots`), each idea building on the sheet's previous one. With phones or
on paper, the sheets can be read back from the notes' authors and ``builds_on`` links
(:func:`ideas_from_links`), so nothing but the notes and the phase's settings is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.techniques.brainwriting import (
    BrainwritingSettings,
    SheetIdea,
    holder,
    ideas_left,
    sheet_ideas,
    sheet_name,
)

# ---------------------------------------------------------------- capture from paper


@dataclass(frozen=True, slots=True)
class PaperSlot:
    """One stretch of the paper capture: a sheet's round, written by one person."""

    sheet: int
    round: int
    author_id: str


def paper_slots(settings: BrainwritingSettings) -> tuple[PaperSlot, ...]:
    """The capture order, a sheet at a time: sheet 1 round by round, then sheet 2..."""
    people = settings.people
    return tuple(
        PaperSlot(sheet, round_number, holder(people, sheet, round_number))
        for sheet in range(len(people))
        for round_number in range(1, settings.round_count + 1)
    )


def paper_idea(
    settings: BrainwritingSettings, ideas: Sequence[SheetIdea], slot: PaperSlot, note_id: str
) -> SheetIdea:
    """The record of an idea typed from paper: it builds on the sheet's previous idea.

    ``ValueError`` when the slot already has its ideas.
    """
    if not ideas_left(settings, ideas, slot.sheet, slot.round):
        raise ValueError(
            f"{sheet_name(slot.sheet)} has its {settings.ideas_per_round} ideas "
            f"for round {slot.round}."
        )
    on_sheet = sheet_ideas(ideas, slot.sheet)
    builds_on = on_sheet[-1].note_id if on_sheet else None
    return SheetIdea(note_id, slot.sheet, slot.round, slot.author_id, builds_on)


# ------------------------------------------------------------------ reading notes back


@dataclass(frozen=True, slots=True)
class IdeaLink:
    """What a stored note tells of the rotation: its id, author and ``builds_on``."""

    note_id: str
    author_id: str | None
    builds_on: str | None


def recorded(settings: BrainwritingSettings, idea: SheetIdea) -> BrainwritingSettings:
    """The settings once ``idea`` is stored: unchanged unless it starts a sheet late.

    An idea that starts a sheet in round 1 is on its author's own sheet, and an idea
    that builds on another is on that one's sheet; only a sheet's first idea written
    after round 1 needs its sheet kept (store these settings with the note). With
    ``hands`` the note names no author, so every idea's sheet and round are kept.
    """
    if settings.hands:
        return replace(settings, placed=(*settings.placed, (idea.note_id, idea.sheet, idea.round)))
    if idea.builds_on is not None or idea.round == 1:
        return settings
    return replace(settings, late_starts=(*settings.late_starts, (idea.note_id, idea.sheet)))


def ideas_from_links(
    settings: BrainwritingSettings, links: Sequence[IdeaLink]
) -> tuple[SheetIdea, ...]:
    """The sheets' ideas read back from the phase's notes, in the order given.

    A note that builds on no note of the phase starts a sheet: its author's own, or
    the one :func:`recorded` kept for it; a note that builds on one is on that note's
    sheet. Its round follows from who wrote it: each person holds a sheet once. A note
    whose author passes no sheet is left out. With ``hands`` the notes name nobody: each
    idea is where ``placed`` says, written by the hand that held that sheet then.
    """
    people = settings.people
    if settings.hands:
        placed = {note: (sheet, round_number) for note, sheet, round_number in settings.placed}
        return tuple(
            SheetIdea(
                link.note_id,
                placed[link.note_id][0],
                placed[link.note_id][1],
                holder(people, *placed[link.note_id]),
                link.builds_on,
            )
            for link in links
            if link.note_id in placed and placed[link.note_id][0] < len(people)
        )
    late = dict(settings.late_starts)
    where = {person: index for index, person in enumerate(people)}
    phase_notes = {link.note_id for link in links}
    sheet_of: dict[str, int] = {}
    pending = list(links)
    while pending:
        waiting = []
        for link in pending:
            if link.author_id not in where:
                continue
            if link.builds_on in phase_notes and link.builds_on != link.note_id:
                if link.builds_on not in sheet_of:
                    waiting.append(link)
                    continue
                sheet_of[link.note_id] = sheet_of[link.builds_on]
            else:
                sheet_of[link.note_id] = late.get(link.note_id, where[link.author_id])
        if len(waiting) == len(pending):
            break
        pending = waiting
    found = []
    for link in links:
        if link.note_id in sheet_of and link.author_id is not None:
            sheet = sheet_of[link.note_id]
            round_number = (where[link.author_id] - sheet) % len(people) + 1
            found.append(
                SheetIdea(link.note_id, sheet, round_number, link.author_id, link.builds_on)
            )
    return tuple(found)
