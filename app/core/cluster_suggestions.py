"""Clusters suggested for the loose notes, from what their words share.

Nothing changes until the facilitator accepts: a suggestion is a title and the notes
it would group, shown first and taken whole or in part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.similarity import RELATED, RELATED_MIN_SCORE, SimilarityIndex, SimilarPair
from app.core.text_features import text_features
from app.core.types import Note

MAX_GROUP_SIZE = 12
"""A suggested cluster holds at most this many notes (a wall is no cluster)."""


@dataclass(frozen=True, slots=True)
class SuggestedGroup:
    """A cluster that could be made: its proposed title and its notes, in board order."""

    title: str
    note_ids: tuple[str, ...]


def loose_notes(notes: Sequence[Note]) -> list[Note]:
    """Cards in no cluster that anyone can see: the ones a suggestion may group."""
    return [n for n in notes if n.cluster_id is None and n.merged_into is None and not n.hidden]


def suggest_groups(
    notes: Sequence[Note], index: SimilarityIndex, min_score: float = RELATED_MIN_SCORE
) -> list[SuggestedGroup]:
    """Groups of two or more loose notes alike enough to share a cluster, largest first."""
    loose = loose_notes(notes)
    order = {note.id: position for position, note in enumerate(loose)}
    by_id = {note.id: note for note in loose}
    pairs = index.pairs(min_score, among=list(order), likeness=RELATED)
    suggestions = []
    for group in groups_from_pairs(pairs, MAX_GROUP_SIZE):
        members = sorted(group, key=order.__getitem__)
        suggestions.append(
            SuggestedGroup(group_title([by_id[i].text for i in members], index), tuple(members))
        )
    return suggestions


def group_title(texts: Sequence[str], index: SimilarityIndex) -> str:
    """The word most of the notes share (the rarer, the better), as first written."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        features = text_features(text)
        for word, written in zip(features.words, features.spellings, strict=True):
            spelling.setdefault(word, written)
        counts.update(set(features.words))
    if not counts:
        return "Similar notes"
    best = max(counts, key=lambda word: (counts[word], index.weight(word), word))
    return spelling[best].capitalize()


def groups_from_pairs(pairs: Sequence[SimilarPair], max_size: int = 12) -> list[tuple[str, ...]]:
    """Notes joined by their strongest likenesses into groups of two or more.

    Best pairs join first; a pair that would make a group larger than ``max_size``
    is skipped, so one common word never sweeps the whole board into one group.
    Groups come largest first, each in the order its notes joined.
    """
    group_of: dict[str, list[str]] = {}
    for pair in sorted(pairs, key=lambda p: -p.score):
        first = group_of.get(pair.a)
        second = group_of.get(pair.b)
        if first is not None and first is second:
            continue
        size = (len(first) if first else 1) + (len(second) if second else 1)
        if size > max_size:
            continue
        merged = (first or [pair.a]) + (second or [pair.b])
        for note_id in merged:
            group_of[note_id] = merged
    unique: dict[int, list[str]] = {id(group): group for group in group_of.values()}
    return sorted((tuple(group) for group in unique.values()), key=lambda g: -len(g))
