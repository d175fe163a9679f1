"""Stacks: near-duplicate notes merged into one card, every author kept.

A merged note keeps its text and its author and points at the note whose stack it
joined (``Note.merged_into``); that note, the stack's top, is the one card on the
board and the one item in a vote. Stacks stay one level deep: merging a stack into
another moves its notes along, so no chain ever has to be followed far.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from app.core.format_helpers import counted
from app.core.types import Note, Participant, Session, VoteRound, VoteTarget
from app.core.voting import blind_round_on, dots_on, rated_or_ranked_in

_QUOTED_LENGTH = 48


class MergeRefused(ValueError):
    """Why two notes cannot become one stack, in one sentence for the facilitator."""


def quoted(text: str) -> str:
    """A note's text as a message quotes it: on one line, cut short if long."""
    line = " ".join(text.split())
    return f"“{line if len(line) <= _QUOTED_LENGTH else line[: _QUOTED_LENGTH - 1] + '…'}”"


def stack_members(notes: Iterable[Note], top_id: str) -> list[Note]:
    """The notes merged into ``top_id``'s stack, in board order (the top not included)."""
    return [note for note in notes if note.merged_into == top_id]


def stack_sizes(notes: Iterable[Note]) -> dict[str, int]:
    """How many notes each stack holds, its top included (only stacks of two or more)."""
    sizes: dict[str, int] = {}
    for note in notes:
        if note.merged_into is not None:
            sizes[note.merged_into] = sizes.get(note.merged_into, 1) + 1
    return sizes


def cards(notes: Iterable[Note]) -> list[Note]:
    """The notes that are cards of their own: every note not merged into another."""
    return [note for note in notes if note.merged_into is None]


def merge(
    absorbed: Note,
    into: Note,
    notes: Mapping[str, Note],
    rounds: Sequence[VoteRound],
    moved_on: Collection[str] = (),
) -> list[Note]:
    """The new state of every note that moves when ``absorbed`` joins ``into``'s stack.

    That is ``absorbed`` and the notes of its own stack, all now pointing at the top of
    ``into``'s stack and in no cluster of their own (a stack sits where its card does).
    Raises :class:`MergeRefused` when the merge would lose something: dots, ratings or
    ranks on the absorbed card, its place in a round's list of items, a face-down note's secret, or
    where it stands as an idea: ``moved_on`` holds the notes an action came from or
    whose idea moved on from "new" (a stack's idea stands where its card does). While a
    blind round on notes is open, its items are never merged, with or without dots, and
    the refusal names no note: whether a card holds dots there is nobody's to know yet.
    """
    top = notes.get(into.merged_into or "", into) if into.merged_into else into
    if absorbed.id == top.id or absorbed.merged_into == top.id:
        raise MergeRefused(f"{quoted(absorbed.text)} is already in this stack.")
    if absorbed.merged_into is not None:
        raise MergeRefused(
            f"{quoted(absorbed.text)} is in another stack; take it out of that one first."
        )
    if absorbed.hidden or top.hidden:
        raise MergeRefused("A face-down note cannot be merged; reveal the notes first.")
    blind = blind_round_on(rounds, absorbed.id, VoteTarget.NOTES)
    if blind is not None:
        raise MergeRefused(
            f"“{blind.title}” is a blind round still open on these notes; merge them "
            "once it closes."
        )
    dots = dots_on(rounds, absorbed.id)
    if dots:
        raise MergeRefused(
            f"{quoted(absorbed.text)} has {counted(dots, 'dot')} in a vote; merging it "
            "would lose them, so notes with dots are never merged."
        )
    voted = rated_or_ranked_in(rounds, absorbed.id)
    if voted is not None:
        raise MergeRefused(
            f"{quoted(absorbed.text)} is rated or ranked in “{voted.title}”; merging it "
            "would lose that, so notes rated or ranked are never merged."
        )
    listed = next((r for r in rounds if absorbed.id in r.item_ids), None)
    if listed is not None:
        raise MergeRefused(
            f"{quoted(absorbed.text)} is one of the items of the round “{listed.title}”; "
            "a note a round votes on is never merged."
        )
    if absorbed.id in moved_on:
        raise MergeRefused(
            f"{quoted(absorbed.text)} has moved on as an idea (an action, or a status); "
            "merge the other note into it instead."
        )
    members = stack_members(notes.values(), absorbed.id)
    return [replace(note, merged_into=top.id, cluster_id=None) for note in (absorbed, *members)]


def flattened_stacks(notes: Iterable[Note], tops: Mapping[str, Note]) -> dict[str, Note]:
    """The merged notes, each pointing straight at its card among ``tops``.

    A file may chain merges (a into b, b into c); the board shows one stack per card,
    so each note follows its chain up. (The format and the database's foreign key
    keep every chain ending at a card; a note whose chain did not is kept as it is.)
    """
    merged = {note.id: note for note in notes if note.merged_into is not None}
    flat: dict[str, Note] = {}
    for note in merged.values():
        above = note.merged_into
        seen = {note.id}
        while above in merged and above not in seen:
            seen.add(above)
            above = merged[above].merged_into
        if above in tops and above != note.merged_into:
            note = replace(note, merged_into=above)
        flat[note.id] = note
    return flat


def take_out(note: Note) -> Note:
    """The note back out of its stack: a card of its own again, where it stood."""
    return replace(note, merged_into=None)


def stack_authors(
    top: Note, members: Iterable[Note], people: Mapping[str, Participant]
) -> list[Participant]:
    """Everyone who said the stack's idea, top first, each once."""
    seen: dict[str, Participant] = {}
    for note in (top, *members):
        person = people.get(note.author_id or "")
        if person is not None and person.id not in seen:
            seen[person.id] = person
    return list(seen.values())


def effective_statuses(session: Session) -> dict[str, str]:
    """Each idea's status, a stacked note taking its stack's: adopted together.

    The stack's card decides, as in the backlog. Only ideas that moved on from "new"
    are listed, as in ``Session.idea_statuses``.
    """
    statuses = dict(session.idea_statuses)
    for note in session.notes:
        if note.merged_into is not None:
            top = statuses.get(note.merged_into)
            if top is None:
                statuses.pop(note.id, None)
            else:
                statuses[note.id] = top
    return statuses


def pair_key(a: str, b: str) -> tuple[str, str]:
    """One order for a pair of notes, whichever way round it was said."""
    return (a, b) if a <= b else (b, a)
