"""The board part of the session document: notes, their stacks and clusters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.core import limits
from app.core.board import free_spots
from app.core.placement import board_layout
from app.core.stacks import flattened_stacks, pair_key, stack_sizes
from app.core.types import (
    Cluster,
    Note,
    RemovedNotes,
    Session,
    Via,
    new_id,
    utc_now,
)
from app.core.voting import dots_on

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository
    from app.ui.document.base import Document


@dataclass(frozen=True, slots=True)
class RemovedFromBoard:
    """What deleting notes took away, and where each note stood in the board order."""

    stored: RemovedNotes
    """What the database gave up (notes, dots, links, statuses)."""
    board_indices: tuple[tuple[int, str], ...]
    """(index in the board order, note id), lowest index first."""


class BoardPart:
    """Notes and clusters: read from memory, changed through the repository.

    It owns the cards (in board order), the notes merged into stacks, the clusters,
    the pairs said not to be the same idea, which notes a review brought back, and
    where removed clusters stood (so that undo puts them back in the same place).
    Deleting notes takes their dots, ratings and ranks (``voting``) and unlinks their actions and
    statuses (``actions``) through those parts.
    """

    def __init__(self, document: Document, repository: SessionRepository) -> None:
        self._document = document
        self._repository = repository
        self._notes: dict[str, Note] = {}
        self._stacked: dict[str, Note] = {}
        self._dismissed: set[tuple[str, str]] = set()
        self._clusters: dict[str, Cluster] = {}
        self._carried_from: tuple[tuple[str, str], ...] = ()
        # Where a removed cluster stood, so that undo puts it back in the same place
        # (kept across a reload: the undo steps stay).
        self._cluster_index_when_removed: dict[str, int] = {}

    def load(self, session: Session) -> None:
        """Take the board of a session just read (and the pairs said not to be the same)."""
        # The cards, in board order; the notes merged into them are kept apart, each
        # pointing straight at its card (a file's chain of merges is followed here).
        self._notes = {note.id: note for note in session.notes if note.merged_into is None}
        self._stacked = flattened_stacks(session.notes, self._notes)
        self._dismissed = self._repository.stacks.dismissed_pairs(session.id)
        self._clusters = {c.id: c for c in session.clusters}
        self._carried_from = session.carried_from

    @property
    def notes(self) -> dict[str, Note]:
        """The cards by id, in board order (later cards are drawn on top).

        A note merged into a stack is no card: :meth:`stack_of` lists it.
        """
        return self._notes

    @property
    def stacked_notes(self) -> dict[str, Note]:
        """The notes merged into stacks, by id."""
        return self._stacked

    def stack_of(self, top_id: str) -> list[Note]:
        """The notes merged into a card's stack, in the order they joined the board."""
        return [note for note in self._stacked.values() if note.merged_into == top_id]

    def stack_sizes(self) -> dict[str, int]:
        """How many notes each stack holds, its card included (stacks of two or more)."""
        return stack_sizes(self._stacked.values())

    @property
    def dismissed_pairs(self) -> set[tuple[str, str]]:
        """Pairs of notes said not to be the same idea (:func:`app.core.stacks.pair_key`)."""
        return self._dismissed

    @property
    def carried_from(self) -> tuple[tuple[str, str], ...]:
        """(note id, earlier action or idea id) of the notes a review brought back."""
        return self._carried_from

    def dismiss_pair(self, a: str, b: str) -> None:
        """Store that two notes are not the same idea: they are never offered again."""
        self._repository.stacks.dismiss_pair(self._document.session_id, a, b)
        self._dismissed.add(pair_key(a, b))
        self._document.dismissals_changed.emit()

    def undismiss_pair(self, a: str, b: str) -> None:
        """Forget that two notes were said not to be the same (undo)."""
        self._repository.stacks.undismiss_pair(self._document.session_id, a, b)
        self._dismissed.discard(pair_key(a, b))
        self._document.dismissals_changed.emit()

    def cards(self, note_ids: list[str]) -> list[Note]:
        """The cards with these ids, in the order given."""
        return [self._notes[note_id] for note_id in note_ids]

    def note(self, note_id: str) -> Note | None:
        """Any note of the session, a card or one in a stack."""
        return self._notes.get(note_id) or self._stacked.get(note_id)

    @property
    def clusters(self) -> dict[str, Cluster]:
        """The clusters by id, in order."""
        return self._clusters

    def cluster_titles(self) -> dict[str, str]:
        """Each cluster's title by id (frames are as tall as their titles wrap)."""
        return {cluster_id: c.title for cluster_id, c in self._clusters.items()}

    def cluster_members(self, cluster_id: str) -> list[Note]:
        """The notes of one cluster, in board order."""
        return [note for note in self._notes.values() if note.cluster_id == cluster_id]

    def hidden_notes(self) -> list[Note]:
        """Notes written silently and not revealed yet."""
        return [note for note in self._notes.values() if note.hidden]

    def cluster_dot_count(self, cluster_id: str) -> int:
        """How many dots this cluster holds in any vote round."""
        return dots_on(self._document.voting.vote_rounds, cluster_id)

    def make_notes(
        self,
        texts: list[str],
        author_id: str | None,
        at: tuple[float, float] | None = None,
        *,
        via: Via = Via.LAPTOP,
        builds_on: str | None = None,
        prompt: str = "",
    ) -> list[Note]:
        """New notes (not yet added) for ``texts``, in free spots or at ``at``.

        ``via`` is where they were typed: at the laptop, or on a phone; ``builds_on``
        the note they build on (a note of the board, else they build on nothing) and
        ``prompt`` the prompt they answered.
        """
        if builds_on is not None and self.note(builds_on) is None:
            builds_on = None  # gone meanwhile: a link always names a note that is there
        if at is not None:
            places = [(at[0] + 20 * i, at[1] + 20 * i) for i in range(len(texts))]
        else:
            occupied = [(note.x, note.y) for note in self._notes.values()]
            frames = board_layout(self._notes.values(), self.cluster_titles()).frames
            places = free_spots(occupied, len(texts), blocked=frames.values())
        phase = self._document.current_phase
        silent = self._document.is_silent
        now = utc_now()
        return [
            Note(
                id=new_id(),
                text=text,
                color=self._document.color_for(author_id),
                x=x,
                y=y,
                created_at=now,
                author_id=author_id,
                phase_id=phase.id if phase else None,
                hidden=silent,
                via=via,
                builds_on=builds_on,
                prompt=prompt,
            )
            for text, (x, y) in zip(texts, places, strict=True)
        ]

    # ------------------------------------------------------------------ changing

    def add_notes(self, notes: list[Note]) -> None:
        """Store new notes, then show them."""
        limits.check_room("notes", len(self._notes) + len(self._stacked), len(notes))
        self._repository.board.add_notes(self._document.session_id, notes)
        self._notes.update((note.id, note) for note in notes)
        self._document.notes_added.emit(list(notes))

    def update_notes(self, notes: list[Note]) -> None:
        """Store the new state of cards, then show it."""
        self._repository.board.update_notes(self._document.session_id, notes)
        self._notes.update((note.id, note) for note in notes)
        self._document.notes_changed.emit(list(notes))

    def restack(self, notes: list[Note]) -> None:
        """Store notes joining a stack or coming out of one (``merged_into``), then show it.

        A card that joins a stack leaves the board (``notes_removed``); a note that
        comes out is a card again where it stood (``notes_added``); the stacks that
        changed are redrawn (``stacks_changed``).
        """
        self._repository.stacks.stack_notes(self._document.session_id, notes)
        gone: list[str] = []
        back: list[Note] = []
        kept: list[Note] = []
        tops: dict[str, None] = {}
        for note in notes:
            before = self._notes.pop(note.id, None) or self._stacked.pop(note.id, None)
            if before is not None and before.merged_into is not None:
                tops[before.merged_into] = None
            if note.merged_into is None:
                self._notes[note.id] = note
                # A card that stays a card is changed, not added a second time.
                was_card = before is not None and before.merged_into is None
                (kept if was_card else back).append(note)
            else:
                self._stacked[note.id] = note
                tops[note.merged_into] = None
                if before is not None and before.merged_into is None:
                    gone.append(note.id)
        if back:
            # A note out of its stack is a card again at its own place in the board's
            # order, as the database keeps it (undoing a merge puts it back under the
            # cards that came after it), not on top.
            places = self._repository.stacks.note_places(self._document.session_id)
            self._notes = dict(
                sorted(self._notes.items(), key=lambda item: places.get(item[0], len(places)))
            )
        if gone:
            self._document.notes_removed.emit(gone)
        if back:
            self._document.notes_added.emit(back)
        if kept:
            self._document.notes_changed.emit(kept)
        self._document.stacks_changed.emit([top for top in tops if top in self._notes])

    def remove_notes(self, note_ids: list[str]) -> RemovedFromBoard:
        """Delete cards with their stacks (and their votes of any kind); return what undo needs."""
        order = {note_id: index for index, note_id in enumerate(self._notes)}
        cards = set(note_ids)
        note_ids = [*note_ids, *(n.id for n in self._stacked.values() if n.merged_into in cards)]
        stored = self._repository.board.delete_notes(self._document.session_id, note_ids)
        gone = set(note_ids)
        for note_id in note_ids:
            self._notes.pop(note_id, None)
            self._stacked.pop(note_id, None)
        self._document.actions.forget_ideas(note_ids)
        self._carried_from = tuple(pair for pair in self._carried_from if pair[0] not in gone)
        self._document.notes_removed.emit(list(note_ids))
        self._relink({child: None for child, _ in stored.build_on_links})
        if stored.dots or stored.ratings or stored.ranks:
            self._document.voting.take_votes(gone)
        if stored.action_links or stored.idea_statuses:
            self._document.actions.link_sources(
                {action_id: None for action_id, _ in stored.action_links}
            )
        indices = tuple(sorted((order[i], i) for i in note_ids if i in order))
        return RemovedFromBoard(stored, indices)

    def restore_notes(self, removed: RemovedFromBoard) -> None:
        """Put deleted notes back where they were, with their votes, links and statuses."""
        stored = removed.stored
        have = len(self._notes) + len(self._stacked)
        limits.check_room("notes", have, len(stored.notes))
        # What went back: a rank whose place its voter filled meanwhile stays out.
        back = self._repository.board.restore_notes(self._document.session_id, stored)
        by_id = {note.id: note for _, note in back.notes}
        ordered = list(self._notes.values())
        for index, note_id in removed.board_indices:
            ordered.insert(min(index, len(ordered)), by_id[note_id])
        self._notes = {note.id: note for note in ordered}
        stacked = [note for note in by_id.values() if note.merged_into is not None]
        self._stacked.update((note.id, note) for note in stacked)
        self._document.actions.restore_ideas(stored.idea_statuses, stored.idea_versions)
        self._carried_from = self._carried_from + stored.carried_from
        self._document.notes_added.emit(
            [note for _, note in back.notes if note.merged_into is None]
        )
        if stacked:
            self._document.stacks_changed.emit(
                list(dict.fromkeys(note.merged_into for note in stacked))
            )
        self._relink(dict(stored.build_on_links))
        if back.dots or back.ratings or back.ranks:
            self._document.voting.put_votes_back(back.dots, back.ratings, back.ranks)
        if stored.action_links or stored.idea_statuses:
            self._document.actions.link_sources(dict(stored.action_links))

    def _relink(self, links: dict[str, str | None]) -> None:
        """Show the notes whose link a delete cleared (None) or its undo put back.

        The database changed them with the delete or the restore; here memory follows.
        """
        changed: list[Note] = []
        for child, parent in links.items():
            for held in (self._notes, self._stacked):
                note = held.get(child)
                if note is not None:
                    note = replace(note, builds_on=parent, builds_on_deleted=parent is None)
                    held[child] = note
                    changed.append(note)
        cards = [note for note in changed if note.merged_into is None]
        if cards:
            self._document.notes_changed.emit(cards)
        stacks = list(dict.fromkeys(n.merged_into for n in changed if n.merged_into is not None))
        if stacks:
            self._document.stacks_changed.emit(stacks)

    def children_of(self, note_id: str) -> list[Note]:
        """The notes (cards and stacked) that build on ``note_id``, in board order."""
        return [
            note
            for held in (self._notes, self._stacked)
            for note in held.values()
            if note.builds_on == note_id
        ]

    def add_cluster(
        self, cluster: Cluster, members: list[Note], position: int | None = None
    ) -> int:
        """Store a new cluster with its members' new state; return its position."""
        limits.check_room("clusters", len(self._clusters))
        place = self._repository.board.add_cluster(
            self._document.session_id, cluster, members, position
        )
        clusters = list(self._clusters.values())
        index = self._cluster_index_when_removed.pop(cluster.id, len(clusters))
        clusters.insert(min(index, len(clusters)), cluster)
        self._clusters = {c.id: c for c in clusters}
        self._notes.update((note.id, note) for note in members)
        self._document.clusters_changed.emit()
        self._document.notes_changed.emit(list(members))
        return place

    def update_cluster(self, cluster: Cluster) -> None:
        """Store a cluster's new title or colour."""
        self._repository.board.update_cluster(self._document.session_id, cluster)
        self._clusters[cluster.id] = cluster
        self._document.clusters_changed.emit()

    def remove_cluster(self, cluster_id: str, members: list[Note]) -> int:
        """Remove a cluster, storing its notes' new state; return its old position."""
        position = self._repository.board.delete_cluster(
            self._document.session_id, cluster_id, members
        )
        self._cluster_index_when_removed[cluster_id] = list(self._clusters).index(cluster_id)
        self._clusters.pop(cluster_id, None)
        self._notes.update((note.id, note) for note in members)
        # The database let go of the cluster for stacked notes too (ON DELETE SET NULL).
        for note in list(self._stacked.values()):
            if note.cluster_id == cluster_id:
                self._stacked[note.id] = replace(note, cluster_id=None)
        self._document.clusters_changed.emit()
        self._document.notes_changed.emit(list(members))
        return position
