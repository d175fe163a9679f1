"""The session's notes kept ready for matching, in step with the document.

The index is built once, when first needed (or just after the window first paints),
and then follows every note captured, edited, revealed or deleted: the hint after
Enter compares one note, never the whole board again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.core.pair_search import DEFAULT_BOUNDS, SearchBounds
from app.core.similar_pairs import (
    CandidateList,
    SimilarCandidate,
    find_candidates,
    similarity_index,
)
from app.core.similarity import DEFAULT_MIN_SCORE, SimilarityIndex
from app.core.stacks import pair_key
from app.core.types import Note
from app.ui.document import SessionDocument


class SimilarNotes(QObject):
    """Which notes of the open session may be the same idea, or belong together."""

    def __init__(
        self,
        document: SessionDocument,
        parent: QObject | None = None,
        bounds: SearchBounds = DEFAULT_BOUNDS,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.bounds = bounds
        """How much one search for the list may do (a test makes it small)."""
        self._index: SimilarityIndex | None = None
        self._texts: dict[str, str] = {}
        # Bound slots: the document may outlive the window this belongs to.
        document.notes_added.connect(self._follow_notes)
        document.notes_changed.connect(self._follow_notes)
        document.notes_removed.connect(self._follow_removed)
        document.stacks_changed.connect(self._follow_stacks)
        document.reloaded.connect(self._forget)

    @property
    def index(self) -> SimilarityIndex:
        """The index of every note anyone can see, built on first use."""
        if self._index is None:
            notes = self._all_notes()
            self._index = similarity_index(notes)
            self._texts = {note.id: note.text for note in notes if not note.hidden}
        return self._index

    def prepare(self) -> None:
        """Build the index now (after the first paint), so no Enter waits for it."""
        _ = self.index

    def _all_notes(self) -> list[Note]:
        return [*self.document.board.notes.values(), *self.document.board.stacked_notes.values()]

    def _follow_notes(self, notes: list[Note]) -> None:
        if self._index is None:
            return
        for note in notes:
            if note.hidden:
                self._drop(note.id)
            elif self._texts.get(note.id) != note.text:
                self._index.add(note.id, note.text)
                self._texts[note.id] = note.text

    def _follow_stacks(self, top_ids: list[str]) -> None:
        # A stack put back by undo brings notes that were never announced as cards.
        self._follow_notes([n for top in top_ids for n in self.document.board.stack_of(top)])

    def _follow_removed(self, note_ids: list[str]) -> None:
        # A card merged into a stack is removed from the board but still said it.
        for note_id in note_ids:
            if self.document.board.note(note_id) is None:
                self._drop(note_id)

    def _drop(self, note_id: str) -> None:
        if self._index is not None and self._texts.pop(note_id, None) is not None:
            self._index.remove(note_id)

    def _forget(self) -> None:
        self._index = None
        self._texts = {}

    # ------------------------------------------------------------------ asking

    def like(self, note_id: str) -> SimilarCandidate | None:
        """The card most like a note just added (``b``), if one is alike enough.

        Its own stack, notes said not to be the same, and face-down notes never count.
        """
        note = self.document.board.notes.get(note_id)
        if note is None or note.hidden or note_id not in self.index:
            return None
        dismissed = self.document.board.dismissed_pairs
        for pair in self.index.similar_to(note_id, DEFAULT_MIN_SCORE):
            other = self.document.board.note(pair.b)
            if other is None:
                continue
            top_id = other.merged_into or other.id
            top = self.document.board.notes.get(top_id)
            if top is None or top.hidden or top_id == note_id:
                continue
            if pair_key(note_id, top_id) in dismissed:
                continue
            return SimilarCandidate(note_id, top_id, pair.score, note.text, top.text)
        return None

    def candidates(self) -> list[SimilarCandidate]:
        """Pairs of cards that may be one idea, best first (dismissed pairs left out)."""
        return self.candidate_list().pairs

    def candidate_list(self) -> CandidateList:
        """The pairs, and whether the search stopped early (a bound on time and memory).

        The index keeps the pairs it found: asked again after a few notes changed, it
        looks again only for those notes.
        """
        dismissed = self.document.board.dismissed_pairs
        return find_candidates(
            self._all_notes(), self.index, dismissed, DEFAULT_MIN_SCORE, self.bounds
        )
