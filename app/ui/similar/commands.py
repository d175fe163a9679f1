"""Undo steps for stacks: merging notes, taking one out, saying two are not the same."""

from __future__ import annotations

from dataclasses import replace

from app.core.backlog import IdeaStatus
from app.core.board import NOTE_HEIGHT, NOTE_WIDTH
from app.core.format_helpers import counted
from app.core.placement import free_place, new_note_obstacles
from app.core.stacks import merge, quoted, take_out
from app.core.types import Note
from app.core.voting import dots_on, rated_or_ranked_in
from app.ui.board.commands import push_board_change
from app.ui.document import SessionDocument
from app.ui.storage_step import StorageStep


class RestackCommand(StorageStep):
    """Notes joining a stack or leaving one; undo puts each back as it was."""

    def __init__(
        self, document: SessionDocument, before: list[Note], after: list[Note], text: str
    ) -> None:
        super().__init__(text, document.trail)
        self._document = document
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Apply the new stacks."""
        self._document.board.restack(self._after)

    def revert(self) -> None:
        """Put the old stacks back."""
        self._document.board.restack(self._before)


class DismissPairCommand(StorageStep):
    """Two notes said not to be the same idea: the list stops offering them."""

    def __init__(self, document: SessionDocument, a: Note, b: Note) -> None:
        super().__init__(f"Not the same: {quoted(a.text)}", document.trail)
        self._document = document
        self._a = a.id
        self._b = b.id

    def apply(self) -> None:
        """Remember the pair."""
        self._document.board.dismiss_pair(self._a, self._b)

    def revert(self) -> None:
        """Offer the pair again."""
        self._document.board.undismiss_pair(self._a, self._b)


def has_moved_on(document: SessionDocument, note_id: str) -> bool:
    """Whether a note moved on as an idea: an action came from it, or a status beyond new."""
    if document.actions.idea_status(note_id) is not IdeaStatus.NEW:
        return True
    return any(action.source_note_id == note_id for action in document.actions.action_items)


def choose_top(document: SessionDocument, note_ids: list[str]) -> str:
    """The card the others join: nothing it holds is lost by staying on top.

    That is the first with dots, ratings or ranks, else the first that moved on as an
    idea, else the first chosen.
    """
    rounds = document.voting.vote_rounds
    return next(
        (n for n in note_ids if dots_on(rounds, n) or rated_or_ranked_in(rounds, n)),
        next((n for n in note_ids if has_moved_on(document, n)), note_ids[0]),
    )


def push_merge(document: SessionDocument, absorbed_id: str, into_id: str) -> str:
    """Merge one card into another's stack as one undo step; return what to tell.

    Raises :class:`app.core.stacks.MergeRefused` (with its reason) and changes nothing
    when the merge would lose something.
    """
    absorbed = document.board.notes[absorbed_id]
    into = document.board.note(into_id)
    if into is None:
        raise KeyError(into_id)
    every_note = {**document.board.notes, **document.board.stacked_notes}
    moved_on = {absorbed_id} if has_moved_on(document, absorbed_id) else set()
    moved = merge(absorbed, into, every_note, document.voting.vote_rounds, moved_on)
    top_id = moved[0].merged_into or into_id
    command = RestackCommand(
        document, [every_note[n.id] for n in moved], moved, f"Merge {quoted(absorbed.text)}"
    )
    # A cluster the merged card leaves empty goes in the same step.
    push_board_change(document, command, deleted=[absorbed_id])
    size = 1 + len(document.board.stack_of(top_id))
    return (
        f"Merged {quoted(absorbed.text)} into {quoted(document.board.notes[top_id].text)}: "
        f"one card of {counted(size, 'note')}. Ctrl+Z takes it apart."
    )


def push_take_out(document: SessionDocument, note_id: str) -> str:
    """Take a note out of its stack as one undo step: a card beside the stack."""
    note = document.board.stacked_notes[note_id]
    top = document.board.notes.get(note.merged_into or "")
    obstacles = new_note_obstacles(document.board.notes.values(), document.board.cluster_titles())
    near = (top.x + NOTE_WIDTH + 20, top.y) if top is not None else (note.x, note.y)
    x, y = free_place(NOTE_WIDTH, NOTE_HEIGHT, near, obstacles)
    out = replace(take_out(note), x=x, y=y, cluster_id=None)
    # The rest of the stack is stored as the board shows it, each note pointing at the
    # card: a file's chain through this note (a into this, this into the card) would
    # otherwise take a with it in the database, but not on the board.
    others = [n for n in document.board.stack_of(note.merged_into or "") if n.id != note_id]
    document.steps.push(
        RestackCommand(
            document,
            [note, *others],
            [out, *others],
            f"Take {quoted(note.text)} out of its stack",
        )
    )
    return f"{quoted(note.text)} is a card of its own again, beside its stack."
