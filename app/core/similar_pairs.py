"""Pairs of cards that may be one idea: what the list, the hint and the command line offer.

Apart from :mod:`app.core.stacks` (the rules of stacks), so that storage, which needs
those rules, never loads the matcher.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from app.core.pair_search import DEFAULT_BOUNDS, SearchBounds
from app.core.similarity import DEFAULT_MIN_SCORE, SimilarityIndex
from app.core.stacks import pair_key
from app.core.types import Note


@dataclass(frozen=True, slots=True)
class SimilarCandidate:
    """Two cards that may be one idea, with what a list or the command line shows."""

    a: str
    b: str
    score: float
    a_text: str
    b_text: str


def similarity_index(notes: Iterable[Note]) -> SimilarityIndex:
    """An index of the notes anyone can see (face-down notes stay secret)."""
    return SimilarityIndex((note.id, note.text) for note in notes if not note.hidden)


@dataclass(frozen=True, slots=True)
class CandidateList:
    """The pairs a list or the command line shows, and whether the search stopped early."""

    pairs: list[SimilarCandidate]
    stopped_early: bool
    searched: int
    """How many notes looked for their like (all of them unless it stopped early)."""
    total: int

    def stopped_line(self) -> str | None:
        """One sentence saying the search stopped early, or None when it went through."""
        if not self.stopped_early:
            return None
        return (
            f"Stopped early: {self.searched:,} of {self.total:,} {plural(self.total, 'note')} "
            "looked for their like within the time and memory allowed; some pairs may be "
            "missing."
        )


def candidate_pairs(
    notes: Sequence[Note],
    index: SimilarityIndex,
    dismissed: Collection[tuple[str, str]] = (),
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[SimilarCandidate]:
    """Pairs of cards that may be one idea, best first (see :func:`find_candidates`)."""
    return find_candidates(notes, index, dismissed, min_score).pairs


def find_candidates(
    notes: Sequence[Note],
    index: SimilarityIndex,
    dismissed: Collection[tuple[str, str]] = (),
    min_score: float = DEFAULT_MIN_SCORE,
    bounds: SearchBounds = DEFAULT_BOUNDS,
) -> CandidateList:
    """Pairs of cards that may be one idea, best first, found within bounds.

    A stacked note speaks for its stack: a new note like any note of a stack is like
    the stack. Pairs said not to be the same (``dismissed``, in :func:`pair_key`
    order), and notes already in one stack, are left out. The search is bounded in
    time and memory whatever the text (:meth:`SimilarityIndex.search`, within
    ``bounds``); the list says when it stopped early.
    """
    by_id = {note.id: note for note in notes}
    best: dict[tuple[str, str], float] = {}
    search = index.search(min_score, bounds=bounds)
    for pair_a, pair_b, score in search.pairs:
        first, second = by_id.get(pair_a), by_id.get(pair_b)
        if first is None or second is None:
            continue
        a, b = _top(first, by_id), _top(second, by_id)
        if a == b or a not in by_id or b not in by_id:
            continue
        if by_id[a].hidden or by_id[b].hidden:
            continue  # a face-down card's text stays secret, whatever its stack says
        key = pair_key(a, b)
        if key in dismissed:
            continue
        best[key] = max(best.get(key, 0.0), score)
    order = {note.id: position for position, note in enumerate(notes)}
    ranked = sorted(best.items(), key=lambda item: (-item[1], order[item[0][0]]))
    found = []
    for (a, b), score in ranked:
        if order[a] > order[b]:
            a, b = b, a
        found.append(SimilarCandidate(a, b, score, by_id[a].text, by_id[b].text))
    return CandidateList(found, search.stopped_early, search.searched, search.total)


def plural(count: int, noun: str) -> str:
    """The noun as ``count`` of it reads ("note", "notes")."""
    return noun if count == 1 else f"{noun}s"


def _top(note: Note, by_id: dict[str, Note]) -> str:
    """The card a note's stack shows as: its chain of merges followed to the end."""
    seen = {note.id}
    while note.merged_into is not None and note.merged_into in by_id:
        if note.merged_into in seen:
            break  # the format refuses loops; a loop read anyway stops here
        note = by_id[note.merged_into]
        seen.add(note.id)
    return note.id
