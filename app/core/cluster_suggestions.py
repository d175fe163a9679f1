"""Clusters suggested for the loose notes: the themes their words make together.

Two notes on one theme seldom say it the same way ("on hold for ages", "a callback
instead of the phone queue"), so a theme is not a pair of look-alike notes: it is a
part of the board whose notes are tied to each other, each by a word or two, more
than to the rest. The notes are the nodes of a graph, tied by how much they share of
their subject (:func:`app.core.text_features.theme_features`, weighed as the board
weighs them); its communities (Louvain's method, networkx's) are the themes, and a
note stays in one only if two of its notes hold it there, or one that shares a good
part of what it says. A board of notes on unrelated subjects then gets no suggestion:
a word shared by chance ties two notes, never a theme.

Nothing changes until the facilitator accepts: a suggestion is a title and the notes
it would group, shown first and taken whole or in part.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.similarity import RELATED, RELATED_MIN_SCORE, SimilarityIndex, SimilarPair
from app.core.text_features import theme_features
from app.core.types import Note

if TYPE_CHECKING:
    import networkx

MAX_GROUP_SIZE = 12
"""A suggested cluster holds at most this many notes (a wall is no cluster)."""
TIE_FLOOR = 0.05
"""Notes sharing less of their subject than this are not tied at all."""
STRONG_TIE = RELATED_MIN_SCORE
"""A note tied this strongly to one other note of a theme needs no second tie."""
RESOLUTION = 1.0
"""Louvain's resolution: above 1, smaller themes; below, larger ones."""
RUNS = 10
"""How many runs of Louvain's method are compared (each from another seed)."""
MANY_NOTES = 400
"""Beyond this many loose notes, fewer ties and one run (see :func:`theme_groups`)."""
SPLIT_RUNS = 3
"""Runs compared when a theme too large for one cluster is split."""
NEIGHBOURS = 8
"""Each note keeps this many of its strongest ties (and those of notes it is among
the strongest of)."""


@dataclass(frozen=True, slots=True)
class SuggestedGroup:
    """A cluster that could be made: its proposed title and its notes, in board order."""

    title: str
    note_ids: tuple[str, ...]


def loose_notes(notes: Sequence[Note]) -> list[Note]:
    """Cards in no cluster that anyone can see: the ones a suggestion may group."""
    return [n for n in notes if n.cluster_id is None and n.merged_into is None and not n.hidden]


def theme_index(notes: Iterable[Note]) -> SimilarityIndex:
    """The notes' subjects, weighed among themselves (a word on every note tells little)."""
    return SimilarityIndex(((note.id, note.text) for note in notes), features=theme_features)


def suggest_groups(notes: Sequence[Note]) -> list[SuggestedGroup]:
    """The themes among the loose notes, largest first, each in board order."""
    loose = loose_notes(notes)
    index = theme_index(loose)
    by_id = {note.id: note for note in loose}
    ties = index.pairs(TIE_FLOOR, likeness=RELATED)
    return [
        SuggestedGroup(group_title([by_id[i].text for i in members], index), members)
        for members in theme_groups([note.id for note in loose], ties)
    ]


def theme_groups(
    note_ids: Sequence[str], ties: Sequence[SimilarPair], max_size: int = MAX_GROUP_SIZE
) -> list[tuple[str, ...]]:
    """The notes tied into themes of two to ``max_size``, in the order given.

    The largest themes come first, and among themes of a size the most closely tied.

    Ties are what two notes share (``score``); a note in no theme is left out. On a
    board of more than :data:`MANY_NOTES`, each note keeps only its :data:`NEIGHBOURS`
    strongest ties (a word on half the board ties everything to everything, slowly),
    and Louvain's method runs once.
    """
    import networkx  # only when suggestions are asked for: it takes a while to import

    many = len(note_ids) > MANY_NOTES
    graph = networkx.Graph()
    graph.add_nodes_from(note_ids)
    graph.add_weighted_edges_from(
        (tie.a, tie.b, tie.score) for tie in (_strongest(ties) if many else ties)
    )
    order = {note_id: position for position, note_id in enumerate(note_ids)}
    runs = 1 if many else RUNS
    found: list[tuple[float, tuple[str, ...]]] = []
    for community in _communities(graph, RESOLUTION, runs):
        for group in _at_most(graph, _held(graph, community), max_size, RESOLUTION):
            inside = graph.subgraph(group)
            strength = inside.size(weight="weight") / max(1, inside.number_of_edges())
            found.append((strength, tuple(sorted(group, key=order.__getitem__))))
    found.sort(key=lambda pair: (-len(pair[1]), -pair[0], order[pair[1][0]]))
    return [group for _, group in found]


def _strongest(ties: Sequence[SimilarPair]) -> list[SimilarPair]:
    """The ties that are among the :data:`NEIGHBOURS` strongest of either of their notes."""
    kept: set[int] = set()
    taken: Counter[str] = Counter()
    for position, tie in sorted(enumerate(ties), key=lambda item: -item[1].score):
        if taken[tie.a] < NEIGHBOURS or taken[tie.b] < NEIGHBOURS:
            kept.add(position)
        taken[tie.a] += 1
        taken[tie.b] += 1
    return [tie for position, tie in enumerate(ties) if position in kept]


def _communities(graph: networkx.Graph, resolution: float, runs: int) -> list[set[str]]:
    """The best of a few runs of Louvain's method: the highest modularity.

    Each run visits the notes in another order and can stop at another partition; the
    one whose communities are tied most within and least to each other is kept. The
    seeds are fixed, so the same board always gets the same suggestions.
    """
    import networkx

    best: list[set[str]] = []
    best_quality = -math.inf
    for seed in range(runs):
        found: list[set[str]] = networkx.community.louvain_communities(
            graph, weight="weight", resolution=resolution, seed=seed
        )
        quality = _modularity(graph, found, resolution) if runs > 1 else 0.0
        if quality > best_quality + 1e-9:
            best, best_quality = found, quality
    return best


def _modularity(graph: networkx.Graph, communities: list[set[str]], resolution: float) -> float:
    """Newman's modularity of a partition, weighted (networkx's own is many times slower)."""
    home = {note: number for number, members in enumerate(communities) for note in members}
    inside = [0.0] * len(communities)
    degree = [0.0] * len(communities)
    total = 0.0
    for first, second, weight in graph.edges(data="weight"):
        total += weight
        degree[home[first]] += weight
        degree[home[second]] += weight
        if home[first] == home[second]:
            inside[home[first]] += weight
    if total <= 0.0:
        return 0.0
    return sum(
        within / total - resolution * (ends / (2 * total)) ** 2
        for within, ends in zip(inside, degree, strict=True)
    )


def _held(graph: networkx.Graph, community: Iterable[str]) -> set[str]:
    """The notes of a community that two of its notes tie to it, or one strongly.

    Dropping a note can leave another with one tie: so again, until none goes.
    """
    members = set(community)
    while True:
        loose = {note for note in members if not _holds(graph, note, members)}
        if not loose:
            return members if len(members) >= 2 else set()
        members -= loose


def _holds(graph: networkx.Graph, note: str, members: set[str]) -> bool:
    weights = [data["weight"] for other, data in graph[note].items() if other in members]
    return len(weights) >= 2 or any(weight >= STRONG_TIE for weight in weights)


def _at_most(
    graph: networkx.Graph, members: set[str], max_size: int, resolution: float
) -> list[set[str]]:
    """A theme too large for one cluster, split into its own sub-themes.

    The finer look (a higher resolution) is taken until the parts fit; a part that
    will not split (every note tied alike) keeps the notes tied most within it.
    """
    if len(members) < 2:
        return []
    if len(members) <= max_size:
        return [members]
    inside = graph.subgraph(members)
    groups: list[set[str]] = []
    parts = _communities(inside, resolution * 2, SPLIT_RUNS)
    if len(parts) > 1:
        for part in parts:
            groups += _at_most(graph, _held(inside, part), max_size, resolution * 2)
    if not groups:
        strength = dict(inside.degree(weight="weight"))
        ranked = sorted(members, key=lambda note: (-strength[note], note))
        groups = [set(ranked[:max_size])]
    return groups


def group_title(texts: Sequence[str], index: SimilarityIndex) -> str:
    """The word most of the notes share (the rarer, the better), as first written."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        features = theme_features(text)
        for word, written in zip(features.words, features.spellings, strict=True):
            spelling.setdefault(word, written)
        counts.update(set(features.words))
    if not counts:
        return "Similar notes"
    best = max(counts, key=lambda word: (counts[word], index.weight(word), word))
    return spelling[best].capitalize()
