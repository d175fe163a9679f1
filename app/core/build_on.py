"""Ideas that build on ideas: the links between notes, read as chains and as words.

A note's ``builds_on`` names the note it grew from. A link always names a note of the
session, never the note itself, and a chain never loops; when the note built on is
deleted, the link is cleared and ``builds_on_deleted`` says so. These functions read
the links for the board's tooltip, the room's spotlight, the minutes and the backlog,
and check a new link before it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.core.format_helpers import counted
from app.core.room_cards import RoomCard, RoomGroup
from app.core.types import Note

FIRST_WORDS = 6
"""How many words of a note name it in a label ("Builds on: “…”")."""
DELETED = "a deleted note"
"""What a note built on, once that note is gone."""
FACE_DOWN = "a face-down note"
"""What a note builds on while that note is face down (its text is not shown yet)."""


class BuildOnError(ValueError):
    """A link that would break the rules (an unknown note, itself, a loop)."""


def first_words(text: str, words: int = FIRST_WORDS, limit: int = 48) -> str:
    """The first ``words`` words of ``text`` on one line, with "…" when there is more."""
    parts = text.split()
    shown = " ".join(parts[:words])
    more = len(parts) > words
    if len(shown) > limit:
        shown, more = shown[: limit - 1].rstrip(), True
    return f"{shown}…" if more else shown


def quoted(note: Note) -> str:
    """A note named by its first words, in quotes: “Auto-fill the order form…”."""
    return f"“{first_words(note.text)}”"


def children_of(notes: Iterable[Note]) -> dict[str, list[Note]]:
    """For each note built on, the notes that build on it, in the order given."""
    children: dict[str, list[Note]] = {}
    for note in notes:
        if note.builds_on is not None:
            children.setdefault(note.builds_on, []).append(note)
    return children


def grew_from(note: Note, notes: Mapping[str, Note]) -> list[Note]:
    """What ``note`` grew from: the note it builds on, then that note's, and so on.

    Stops at a note not in ``notes`` (and, should a loop ever be met, before it repeats).
    """
    chain: list[Note] = []
    seen = {note.id}
    above = note.builds_on
    while above is not None and above not in seen and above in notes:
        parent = notes[above]
        chain.append(parent)
        seen.add(above)
        above = parent.builds_on
    return chain


def grew_into(note_id: str, children: Mapping[str, list[Note]]) -> list[Note]:
    """Every note that grew from ``note_id``, nearest first (children, then theirs)."""
    found: list[Note] = []
    seen = {note_id}
    level = list(children.get(note_id, ()))
    while level:
        following: list[Note] = []
        for child in level:
            if child.id in seen:
                continue
            seen.add(child.id)
            found.append(child)
            following.extend(children.get(child.id, ()))
        level = following
    return found


def builds_on_label(note: Note, notes: Mapping[str, Note]) -> str:
    """What ``note`` builds on, in words: “…”, a deleted note, or "" for nothing."""
    if note.builds_on is not None and note.builds_on in notes:
        parent = notes[note.builds_on]
        return FACE_DOWN if parent.hidden else quoted(parent)
    return DELETED if note.builds_on_deleted else ""


def link_summary(note: Note, notes: Mapping[str, Note], built_on_by: int) -> str:
    """One line for a tooltip: "Builds on: “…”; built on by 2" (empty with no link)."""
    parts: list[str] = []
    parent = builds_on_label(note, notes)
    if parent:
        parts.append(f"Builds on: {parent}")
    if built_on_by:
        parts.append(f"built on by {counted(built_on_by, 'note')}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def check_link(note_id: str, parent_id: str | None, notes: Mapping[str, Note]) -> None:
    """Raise :class:`BuildOnError` if ``note_id`` may not build on ``parent_id``.

    The parent must be a note of the session, not the note itself, and the link must
    not close a loop (the parent must not grow from the note).
    """
    if parent_id is None:
        return
    if parent_id == note_id:
        raise BuildOnError("A note cannot build on itself.")
    parent = notes.get(parent_id)
    if parent is None:
        raise BuildOnError("The note to build on is no longer on the board.")
    if parent.builds_on == note_id or any(n.id == note_id for n in grew_from(parent, notes)):
        raise BuildOnError("That note already grows from this one: the link would loop.")


GREW_FROM_TITLE = "It grew from"
GREW_INTO_TITLE = "What grew from it"
CHAIN_COLOR = "#ECEFF1"


def chain_groups(note_id: str, notes: Mapping[str, Note]) -> list[RoomGroup]:
    """A spotlit note's chain for the room: what it grew from, then what grew from it.

    Nearest first in each; empty when the note has no link either way. A face-down
    note stays face down.
    """
    above, below = _chain(note_id, notes)
    return [group for group in (above, below) if group is not None]


def with_chain(
    spotlit: Sequence[RoomGroup], note_id: str, notes: Mapping[str, Note]
) -> list[RoomGroup]:
    """The room's spotlight on one note, read in the order the idea grew.

    What it grew from comes first, then the note (``spotlit``: its cluster's group),
    then what grew from it, so the room's columns read as a story, left to right.
    """
    above, below = _chain(note_id, notes)
    return [
        *([above] if above is not None else []),
        *spotlit,
        *([below] if below is not None else []),
    ]


def _chain(note_id: str, notes: Mapping[str, Note]) -> tuple[RoomGroup | None, RoomGroup | None]:
    note = notes.get(note_id)
    if note is None:
        return None, None

    def group(title: str, chain: list[Note]) -> RoomGroup | None:
        if not chain:
            return None
        cards = tuple(RoomCard(n.id, n.text, n.color, face_down=n.hidden) for n in chain)
        return RoomGroup(title, CHAIN_COLOR, cards)

    return (
        group(GREW_FROM_TITLE, grew_from(note, notes)),
        group(GREW_INTO_TITLE, grew_into(note_id, children_of(notes.values()))),
    )
