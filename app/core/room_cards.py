"""What the room shows of the board: its clusters in reading order, each note a card.

:mod:`app.core.room_layout` lays these out on the room's screen; the board's keys,
the voting order and the cluster chooser read the same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.types import Cluster, Note


@dataclass(frozen=True, slots=True)
class RoomCard:
    """One note as the room sees it."""

    note_id: str
    text: str
    color: str
    face_down: bool = False
    dots: int = 0
    said: int = 1
    """How many notes its stack holds (1: a note of its own)."""

    @property
    def badged(self) -> bool:
        """Whether a badge (its dots, its stack's count) takes room beside the text."""
        return bool(self.dots) or self.said > 1


@dataclass(frozen=True, slots=True)
class RoomGroup:
    """A cluster (or the notes in none), in board order."""

    title: str
    color: str
    cards: tuple[RoomCard, ...]
    cluster_id: str | None = None


LOOSE_TITLE = "Not in a cluster yet"
IDEAS_TITLE = "Ideas so far"
LOOSE_COLOR = "#CBD2D9"


def room_groups(
    notes: Sequence[Note],
    clusters: Sequence[Cluster],
    dots: Mapping[str, int],
    stacks: Mapping[str, int] | None = None,
) -> list[RoomGroup]:
    """The board as the room reads it: clusters top to bottom, left to right, then the rest.

    Within a cluster, notes are in reading order too (row by row), as they stand on the
    facilitator's board. ``stacks`` gives the size of each stack (a card and the notes
    merged into it), which the room sees as "×3".
    """
    sizes = stacks or {}

    def reading(note: Note) -> tuple[float, float]:
        return (round(note.y / 40), note.x)

    members: dict[str | None, list[Note]] = {}
    for note in notes:
        members.setdefault(note.cluster_id, []).append(note)

    def card(note: Note) -> RoomCard:
        return RoomCard(
            note.id,
            note.text,
            note.color,
            note.hidden,
            dots.get(note.id, 0),
            sizes.get(note.id, 1),
        )

    ordered = sorted(
        (c for c in clusters if members.get(c.id)),
        key=lambda c: min(reading(n) for n in members[c.id]),
    )
    groups = [
        RoomGroup(
            c.title or "Untitled cluster",
            c.color,
            tuple(card(n) for n in sorted(members[c.id], key=reading)),
            c.id,
        )
        for c in ordered
    ]
    loose = sorted(members.get(None, []), key=reading)
    if loose:
        title = LOOSE_TITLE if groups else IDEAS_TITLE
        groups.append(RoomGroup(title, LOOSE_COLOR, tuple(card(n) for n in loose)))
    return groups
