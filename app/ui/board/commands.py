"""The board's undo commands: one per gesture, each changing the document (never an item)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from app.core.board import clusters_emptied
from app.core.format_helpers import counted
from app.core.placement import settle
from app.core.types import Cluster, Note, VoteTarget
from app.core.voting import blind_round_on, rated_or_ranked_in
from app.ui.document import RemovedFromBoard, SessionDocument
from app.ui.storage_step import StorageStep

NUDGE_COMMAND_ID = 1001


class AddNotesCommand(StorageStep):
    """Add notes (typed, pasted, double-clicked or duplicated)."""

    def __init__(
        self, document: SessionDocument, notes: list[Note], verb: str = "Add", where: str = ""
    ) -> None:
        """``where`` ends the step's name when it says where the notes came from."""
        named = f"{verb} {counted(len(notes), 'note')}"
        super().__init__(f"{named} {where}" if where else named, document.trail)
        self._document = document
        self._notes = notes

    def apply(self) -> None:
        """Add the notes."""
        self._document.board.add_notes(self._notes)

    def revert(self) -> None:
        """Remove them again."""
        self._document.board.remove_notes([note.id for note in self._notes])


class DeleteNotesCommand(StorageStep):
    """Delete notes; undo brings them back with their dots."""

    def __init__(self, document: SessionDocument, note_ids: list[str]) -> None:
        super().__init__(f"Delete {counted(len(note_ids), 'note')}", document.trail)
        self._document = document
        self._note_ids = note_ids
        self._removed: RemovedFromBoard | None = None

    def apply(self) -> None:
        """Delete the notes, keeping what undo needs."""
        self._removed = self._document.board.remove_notes(self._note_ids)

    def revert(self) -> None:
        """Restore the notes exactly as they were."""
        if self._removed is not None:
            self._document.board.restore_notes(self._removed)


class UpdateNotesCommand(StorageStep):
    """Any change to existing notes: text, colour, place, cluster membership, face."""

    def __init__(
        self,
        document: SessionDocument,
        before: list[Note],
        after: list[Note],
        text: str,
        merge_id: int = -1,
    ) -> None:
        super().__init__(text, document.trail)
        self._document = document
        self._before = before
        self._after = after
        self._merge_id = merge_id

    def id(self) -> int:
        """Commands with the same id merge (arrow-key nudges become one step)."""
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge consecutive nudges of the same notes."""
        if not isinstance(other, UpdateNotesCommand) or other.id() != self.id():
            return False
        if [n.id for n in other._after] != [n.id for n in self._after]:
            return False
        self._after = other._after
        return True

    def apply(self) -> None:
        """Apply the new state."""
        self._document.board.update_notes(self._after)

    def revert(self) -> None:
        """Put the old state back."""
        self._document.board.update_notes(self._before)


class _ClusterCommand(StorageStep):
    """Creates or dissolves a cluster; grouping and ungrouping are each other's undo."""

    def __init__(
        self,
        text: str,
        document: SessionDocument,
        cluster: Cluster,
        grouped: list[Note],
        loose: list[Note],
    ) -> None:
        super().__init__(text, document.trail)
        self._document = document
        self._cluster = cluster
        self._grouped = grouped
        self._loose = loose
        self._position: int | None = None

    def _create(self) -> None:
        self._position = self._document.board.add_cluster(
            self._cluster, self._grouped, self._position
        )

    def _dissolve(self) -> None:
        self._position = self._document.board.remove_cluster(self._cluster.id, self._loose)


class GroupCommand(_ClusterCommand):
    """Group notes into a new cluster."""

    def __init__(
        self, document: SessionDocument, cluster: Cluster, before: list[Note], after: list[Note]
    ) -> None:
        super().__init__(f"Group {counted(len(after), 'note')}", document, cluster, after, before)

    def apply(self) -> None:
        """Create the cluster with its members."""
        self._create()

    def revert(self) -> None:
        """Dissolve it; the notes go back where they were."""
        self._dissolve()


class UngroupCommand(_ClusterCommand):
    """Dissolve a cluster; its notes stay where they are."""

    def __init__(
        self, document: SessionDocument, cluster: Cluster, before: list[Note], after: list[Note]
    ) -> None:
        title = f"Ungroup “{cluster.title or 'cluster'}”"
        super().__init__(title, document, cluster, before, after)

    def apply(self) -> None:
        """Remove the cluster."""
        self._dissolve()

    def revert(self) -> None:
        """Bring the cluster back in its place, with its notes."""
        self._create()


class UpdateClusterCommand(StorageStep):
    """Rename (or recolour) a cluster."""

    def __init__(self, document: SessionDocument, before: Cluster, after: Cluster) -> None:
        super().__init__(f"Rename cluster to “{after.title}”", document.trail)
        self._document = document
        self._before = before
        self._after = after

    def apply(self) -> None:
        """Apply the new title."""
        self._document.board.update_cluster(self._after)

    def revert(self) -> None:
        """Restore the old title."""
        self._document.board.update_cluster(self._before)


class SetAnonymousIdeasCommand(StorageStep):
    """Hide or show who wrote each idea."""

    def __init__(self, document: SessionDocument, anonymous: bool) -> None:
        super().__init__(
            "Make ideas anonymous" if anonymous else "Show who wrote each idea", document.trail
        )
        self._document = document
        self._anonymous = anonymous

    def apply(self) -> None:
        """Apply the setting."""
        self._document.set_anonymous_ideas(self._anonymous)

    def revert(self) -> None:
        """Restore the previous setting."""
        self._document.set_anonymous_ideas(not self._anonymous)


def push_board_change(
    document: SessionDocument,
    command: StorageStep,
    after: list[Note] | None = None,
    deleted: list[str] | None = None,
) -> None:
    """Push one undo step for a board change, with what the board's rules add to it.

    Clusters the change leaves empty (and with no dots, ratings or ranks) go, but never
    one a blind round still open votes on (it might hold dots, which nobody may learn
    yet); whatever a grown frame now lies on moves out of its way (see
    :mod:`app.core.placement`). All of it is one step, stored in one transaction.
    """
    after = after or []
    deleted = deleted or []
    notes = document.board.notes
    state = {n.id: n for n in notes.values() if n.id not in set(deleted)}
    state.update((note.id, note) for note in after)
    pushed = settle(notes, state, document.board.cluster_titles()) if after or deleted else {}
    emptied = [
        document.board.clusters[cluster_id]
        for cluster_id in clusters_emptied(notes, after, deleted)
        if not document.board.cluster_dot_count(cluster_id)
        and rated_or_ranked_in(document.voting.vote_rounds, cluster_id) is None
        and blind_round_on(document.voting.vote_rounds, cluster_id, VoteTarget.CLUSTERS) is None
    ]
    if not emptied and not pushed:
        document.steps.push(command)
        return
    with document.steps.gesture(command.text()) as gesture:
        gesture.add(command)
        if pushed:
            moved = [state[note_id] for note_id in pushed]
            placed = [replace(note, x=pushed[note.id][0], y=pushed[note.id][1]) for note in moved]
            gesture.add(UpdateNotesCommand(document, moved, placed, "Make room"))
        for cluster in emptied:
            gesture.add(UngroupCommand(document, cluster, [], []))
