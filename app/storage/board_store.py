"""Notes and clusters in storage: each change of the board in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session as OrmSession

from app.core.backlog import IdeaStatus
from app.core.format_helpers import counted
from app.core.session_format.values import plain_number
from app.core.types import Cluster, Dot, Note, RemovedNotes, version_after
from app.storage.errors import ClusterHasVotes, StaleBoard
from app.storage.models import ActionItemRow, ClusterRow, DotRow, NoteRow, VoteRoundRow
from app.storage.store import StoreBase, next_dot_position, next_position, versions_of
from app.storage.voting_store import (
    put_back_ratings_and_ranks,
    rated_or_ranked,
    take_ratings_and_ranks,
)

RowType = TypeVar("RowType", NoteRow, ClusterRow)

_INSERT_AFTER_LAST_NOTE = insert(NoteRow).values(
    position=select(func.coalesce(func.max(NoteRow.position) + 1, 0))
    .where(NoteRow.session_id == bindparam("of_session"))
    .scalar_subquery()
)
"""A new note, after its session's last (``of_session`` is the session's id again)."""


class BoardStore:
    """The notes and clusters of a session: added, changed, deleted and put back."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    # -- notes

    def add_notes(self, session_id: str, notes: Sequence[Note]) -> None:
        """Add new notes after the session's last note."""
        with self._store.writing() as orm:
            connection = orm.connection()
            # One statement per note, each placed after the one before: the note typed
            # in the room is one round trip to a server, not a query and an insert.
            for note in notes:
                connection.execute(
                    _INSERT_AFTER_LAST_NOTE,
                    {
                        "id": note.id,
                        "session_id": session_id,
                        "of_session": session_id,
                        "created_at": note.created_at,
                        **new_note_fields(note),
                    },
                )

    def update_notes(self, session_id: str, notes: Sequence[Note]) -> None:
        """Store the new state of existing notes (text, colour, place, cluster, ...)."""
        with self._store.writing() as orm:
            rows = rows_by_id(orm, NoteRow, session_id, [note.id for note in notes])
            for note in notes:
                copy_note(note, rows[note.id])

    def delete_notes(self, session_id: str, note_ids: Sequence[str]) -> RemovedNotes:
        """Delete notes with their dots, ratings and ranks; return all that went, for undo."""
        with self._store.writing() as orm:
            rows = rows_by_id(orm, NoteRow, session_id, note_ids)
            ratings, ranks = take_ratings_and_ranks(orm, session_id, note_ids)
            dots = orm.execute(
                select(DotRow, VoteRoundRow.id)
                .join(VoteRoundRow, DotRow.round_id == VoteRoundRow.id)
                .where(VoteRoundRow.session_id == session_id, DotRow.item_id.in_(note_ids))
                .order_by(DotRow.position)
            ).all()
            links = orm.execute(
                select(ActionItemRow.id, ActionItemRow.source_note_id).where(
                    ActionItemRow.source_note_id.in_(note_ids)
                )
            ).all()
            removed = RemovedNotes(
                notes=tuple((rows[i].position, note_from_row(rows[i])) for i in note_ids),
                dots=tuple(
                    (round_id, Dot(d.voter_id, d.item_id, d.count)) for d, round_id in dots
                ),
                ratings=ratings,
                ranks=ranks,
                action_links=tuple((a, str(n)) for a, n in links),
                idea_statuses=tuple(
                    (row.id, row.idea_status.value)
                    for row in (rows[i] for i in note_ids)
                    if row.idea_status is not IdeaStatus.NEW
                ),
                carried_from=tuple(
                    (row.id, row.carried_from)
                    for row in (rows[i] for i in note_ids)
                    if row.carried_from
                ),
                idea_versions=tuple((i, rows[i].idea_version) for i in note_ids),
                build_on_links=_unlink_children(orm, session_id, note_ids),
            )
            for dot, _ in dots:
                orm.delete(dot)
            for row in rows.values():
                orm.delete(row)
        return removed

    def restore_notes(self, session_id: str, removed: RemovedNotes) -> RemovedNotes:
        """Put deleted notes back as they were, with their dots, ratings, ranks, links, statuses.

        Returns what was put back: all of ``removed``, but a note whose link names a
        note deleted since comes back marked as built on a deleted note, and a rank
        whose place its voter has filled since
        (:func:`~app.storage.voting_store.put_back_ratings_and_ranks`).
        """
        statuses = dict(removed.idea_statuses)
        carried = dict(removed.carried_from)
        versions = dict(removed.idea_versions)
        with self._store.writing() as orm:
            writes = versions_of(orm)
            parents_gone = _parents_gone(orm, session_id, removed)
            notes = tuple(
                # What it built on was deleted since: it says so, as after a delete.
                (place, replace(note, builds_on=None, builds_on_deleted=True))
                if note.builds_on in parents_gone
                else (place, note)
                for place, note in removed.notes
            )
            for position, note in notes:
                row = note_row(note, session_id, position)
                row.idea_status = IdeaStatus(statuses.get(note.id, IdeaStatus.NEW))
                row.carried_from = carried.get(note.id)
                # Back one version past the one it went at: no copy read before is current.
                row.idea_version = version_after(versions.get(note.id, 0))
                writes.inserted(("idea", note.id), row.idea_version)
                orm.add(row)
            orm.flush()
            for round_id, dot in removed.dots:
                orm.add(
                    DotRow(
                        round_id=round_id,
                        voter_id=dot.voter_id,
                        item_id=dot.item_id,
                        count=dot.count,
                        position=next_dot_position(orm, round_id),
                    )
                )
            # The link only: which note an action came from belongs to the board, which
            # this window holds; the action itself (shared) keeps its version.
            for action_id, note_id in removed.action_links:
                orm.execute(
                    update(ActionItemRow)
                    .where(ActionItemRow.id == action_id)
                    .values(source_note_id=note_id)
                    .execution_options(synchronize_session=False)
                )
            ranks = put_back_ratings_and_ranks(orm, removed.ratings, removed.ranks)
            # The links the delete cleared: a note deleted meanwhile stays gone, and one
            # linked anew meanwhile keeps its new link.
            for child, parent in removed.build_on_links:
                orm.execute(
                    update(NoteRow)
                    .where(
                        NoteRow.session_id == session_id,
                        NoteRow.id == child,
                        NoteRow.builds_on.is_(None),
                        NoteRow.builds_on_deleted.is_(True),
                    )
                    .values(builds_on=parent, builds_on_deleted=False)
                    .execution_options(synchronize_session=False)
                )
        return replace(removed, notes=notes, ranks=ranks)

    # -- clusters

    def add_cluster(
        self,
        session_id: str,
        cluster: Cluster,
        members: Sequence[Note],
        position: int | None = None,
    ) -> int:
        """Add a cluster and store its member notes' new state; return its position."""
        with self._store.writing() as orm:
            place = (
                position if position is not None else next_position(orm, ClusterRow, session_id)
            )
            fields = cluster_fields(cluster)
            orm.add(ClusterRow(id=cluster.id, session_id=session_id, position=place, **fields))
            orm.flush()
            rows = rows_by_id(orm, NoteRow, session_id, [note.id for note in members])
            for note in members:
                copy_note(note, rows[note.id])
        return place

    def update_cluster(self, session_id: str, cluster: Cluster) -> None:
        """Store a cluster's new title, colour or place on the 2×2."""
        with self._store.writing() as orm:
            row = rows_by_id(orm, ClusterRow, session_id, [cluster.id])[cluster.id]
            copy_cluster(cluster, row)

    def delete_cluster(self, session_id: str, cluster_id: str, members: Sequence[Note]) -> int:
        """Remove a cluster that holds no dots, ratings or ranks, storing its notes' new state.

        Returns the cluster's position so that undo can put it back in its place.
        """
        with self._store.writing() as orm:
            if orm.scalar(select(func.count()).where(DotRow.item_id == cluster_id)):
                raise ClusterHasVotes("This cluster has dots on it; ungrouping would lose them.")
            if rated_or_ranked(orm, session_id, [cluster_id]):
                raise ClusterHasVotes(
                    "This cluster has ratings or ranks in a vote; ungrouping would lose them."
                )
            notes = rows_by_id(orm, NoteRow, session_id, [note.id for note in members])
            for note in members:
                copy_note(note, notes[note.id])
            row = rows_by_id(orm, ClusterRow, session_id, [cluster_id])[cluster_id]
            position = row.position
            orm.delete(row)
        return position


def _parents_gone(orm: OrmSession, session_id: str, removed: RemovedNotes) -> set[str]:
    """The notes that ``removed``'s notes built on and that are gone for good.

    Neither coming back with them nor in the database any more.
    """
    coming_back = {note.id for _, note in removed.notes}
    parents = {
        note.builds_on
        for _, note in removed.notes
        if note.builds_on is not None and note.builds_on not in coming_back
    }
    if not parents:
        return set()
    present = set(
        orm.scalars(
            select(NoteRow.id).where(NoteRow.session_id == session_id, NoteRow.id.in_(parents))
        )
    )
    return parents - present


def _unlink_children(
    orm: OrmSession, session_id: str, note_ids: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """Unlink the notes that stay and build on ``note_ids``; return the pairs for undo.

    Each such note's link is cleared and marked as built on a deleted note; the
    (child, parent) pairs let undo put the links back. A link always names a note
    that exists (the session file's rule), so a note built on goes without taking its
    children, and they say what they grew from is gone.
    """
    children = orm.scalars(
        select(NoteRow)
        .where(
            NoteRow.session_id == session_id,
            NoteRow.builds_on.in_(note_ids),
            NoteRow.id.not_in(note_ids),
        )
        .order_by(NoteRow.position)
    ).all()
    links: list[tuple[str, str]] = []
    for child in children:
        assert child.builds_on is not None  # selected for it
        links.append((child.id, child.builds_on))
        child.builds_on = None
        child.builds_on_deleted = True
    return tuple(links)


def cluster_fields(cluster: Cluster) -> dict[str, object]:
    """A cluster's columns, by name (its place on the 2×2 included)."""
    return {
        "title": cluster.title,
        "color": cluster.color,
        "impact": cluster.impact,
        "effort": cluster.effort,
        "impact_from_round": cluster.impact_from_round,
        "effort_from_round": cluster.effort_from_round,
    }


def copy_cluster(cluster: Cluster, row: ClusterRow) -> None:
    """Write ``cluster``'s fields onto its row."""
    for column, value in cluster_fields(cluster).items():
        setattr(row, column, value)


def cluster_from_row(c: ClusterRow) -> Cluster:
    """A stored cluster as core knows it."""
    return Cluster(
        c.id,
        c.title,
        c.color,
        impact=c.impact,
        effort=c.effort,
        impact_from_round=c.impact_from_round,
        effort_from_round=c.effort_from_round,
    )


def note_from_row(n: NoteRow) -> Note:
    """A stored note as core knows it."""
    return Note(
        id=n.id,
        text=n.text,
        color=n.color,
        x=plain_number(n.x),
        y=plain_number(n.y),
        created_at=n.created_at,
        author_id=n.author_id,
        cluster_id=n.cluster_id,
        phase_id=n.phase_id,
        hidden=n.hidden,
        impact=n.impact,
        effort=n.effort,
        merged_into=n.merged_into,
        via=n.via,
        impact_from_round=n.impact_from_round,
        effort_from_round=n.effort_from_round,
        builds_on=n.builds_on,
        builds_on_deleted=n.builds_on_deleted,
        prompt=n.prompt,
    )


def note_row(note: Note, session_id: str, position: int) -> NoteRow:
    """A new row for ``note`` at ``position`` in its session's note order."""
    row = NoteRow(
        id=note.id,
        session_id=session_id,
        position=position,
        created_at=note.created_at,
        via=note.via,
        prompt=note.prompt,
    )
    copy_note(note, row)
    return row


def note_fields(note: Note) -> dict[str, object]:
    """The columns the board edits, by name (never the idea's backlog status)."""
    return {
        "text": note.text,
        "color": note.color,
        "x": note.x,
        "y": note.y,
        "author_id": note.author_id,
        "cluster_id": note.cluster_id,
        "phase_id": note.phase_id,
        "hidden": note.hidden,
        "impact": note.impact,
        "effort": note.effort,
        "impact_from_round": note.impact_from_round,
        "effort_from_round": note.effort_from_round,
        "merged_into": note.merged_into,
        "builds_on": note.builds_on,
        "builds_on_deleted": note.builds_on_deleted,
    }


def new_note_fields(note: Note) -> dict[str, object]:
    """The columns a new note's row takes from it: what the board edits, and more.

    ``via`` and ``prompt``: where an idea was typed and the prompt it answered are
    written once, with the note; no later change of the board writes them again.
    """
    return {**note_fields(note), "via": note.via, "prompt": note.prompt}


def copy_note(note: Note, row: NoteRow) -> None:
    """Copy what the board edits onto a row (never the idea's backlog status)."""
    for column, value in note_fields(note).items():
        setattr(row, column, value)


def rows_by_id(
    orm: OrmSession, row_type: type[RowType], session_id: str, ids: Sequence[str]
) -> dict[str, RowType]:
    """The rows with these ids; :class:`StaleBoard` if one is missing."""
    found = {
        row.id: row
        for row in orm.scalars(
            select(row_type).where(row_type.session_id == session_id, row_type.id.in_(ids))
        )
    }
    missing = [item for item in ids if item not in found]
    if missing:
        raise StaleBoard(
            f"{counted(len(missing), 'item')} on the board "
            f"{'is' if len(missing) == 1 else 'are'} no longer in the database."
        )
    return found
