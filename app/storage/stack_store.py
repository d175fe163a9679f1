"""Stacks of near-duplicate notes, and pairs the facilitator said are not the same."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select

from app.core.stacks import pair_key
from app.core.types import Note
from app.storage.board_store import copy_note, rows_by_id
from app.storage.errors import NoteHasDots, NoteHasVotes
from app.storage.models import DotRow, NoteRow, SimilarityDismissalRow, VoteRoundRow
from app.storage.store import StoreBase
from app.storage.voting_store import rated_or_ranked


class StackStore:
    """Notes joining and leaving stacks; "not the same" remembered per session."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    def stack_notes(self, session_id: str, notes: Sequence[Note]) -> None:
        """Store notes joining a stack or leaving one (``merged_into``), in one step.

        A note with dots, ratings or ranks never joins a stack: they would have no
        item left.
        """
        with self._store.writing() as orm:
            rows = rows_by_id(orm, NoteRow, session_id, [note.id for note in notes])
            joining = [note.id for note in notes if note.merged_into is not None]
            if joining:
                dotted = orm.scalar(
                    select(func.count())
                    .select_from(DotRow)
                    .join(VoteRoundRow, DotRow.round_id == VoteRoundRow.id)
                    .where(VoteRoundRow.session_id == session_id, DotRow.item_id.in_(joining))
                )
                if dotted:
                    raise NoteHasDots("This note has dots in a vote; merging it would lose them.")
                if rated_or_ranked(orm, session_id, joining):
                    raise NoteHasVotes(
                        "This note has ratings or ranks in a vote; merging it would lose them."
                    )
            for note in notes:
                copy_note(note, rows[note.id])

    def note_places(self, session_id: str) -> dict[str, int]:
        """Every note's place in its session's board order (later is drawn on top)."""
        query = select(NoteRow.id, NoteRow.position).where(NoteRow.session_id == session_id)
        with self._store.reading() as orm:
            return {str(note_id): int(position) for note_id, position in orm.execute(query)}

    def dismissed_pairs(self, session_id: str) -> set[tuple[str, str]]:
        """The pairs of notes said not to be the same idea (smaller id first)."""
        with self._store.reading() as orm:
            rows = orm.execute(
                select(
                    SimilarityDismissalRow.first_note_id, SimilarityDismissalRow.second_note_id
                ).where(SimilarityDismissalRow.session_id == session_id)
            ).all()
        return {(first, second) for first, second in rows}

    def dismiss_pair(self, session_id: str, a: str, b: str) -> None:
        """Remember that two notes are not the same idea (saying it twice is no error)."""
        first, second = pair_key(a, b)
        with self._store.writing() as orm:
            if orm.get(SimilarityDismissalRow, (session_id, first, second)) is None:
                orm.add(
                    SimilarityDismissalRow(
                        session_id=session_id, first_note_id=first, second_note_id=second
                    )
                )

    def undismiss_pair(self, session_id: str, a: str, b: str) -> None:
        """Forget that two notes were said not to be the same (undo)."""
        first, second = pair_key(a, b)
        with self._store.writing() as orm:
            orm.execute(
                delete(SimilarityDismissalRow).where(
                    SimilarityDismissalRow.session_id == session_id,
                    SimilarityDismissalRow.first_note_id == first,
                    SimilarityDismissalRow.second_note_id == second,
                )
            )
