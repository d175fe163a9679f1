"""Alike pairs among thousands of notes, within a bound of time and memory for any text.

The exact search (:meth:`app.core.similarity.SimilarityIndex.pairs`) scores every pair
of notes that share a key in their prefixes. On a long session most of those pairs
share only middling words and are scored for nothing (237,000 scored to find 6,000
among 10,000 notes), and on hostile text (long unspaced Chinese, words broken up by
invisible marks) the candidates grow with the square of the notes. This search is the
same one within bounds (:class:`SearchBounds`):

- a key held by a large share of the notes is skipped: it tells nothing apart, and its
  posting list is what grows with the square;
- each note reads a bounded number of posting entries, rarest keys first, and scores
  only its few best candidates, by the weight of the rare keys they share;
- the notes that write as one word what a note writes apart are looked up the same
  way: forms held by many notes skipped, a bounded number of entries read;
- the whole search takes a bounded number of steps; past it, it stops and says so.

The bounds only ever leave pairs out: each pair found has the score the exact search
gives it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from app.core.note_likeness import SIZE_SLACK, Likeness

if TYPE_CHECKING:
    from app.core.similarity import SimilarityIndex


@dataclass(frozen=True, slots=True)
class SearchBounds:
    """How much one search may do; every figure counts steps, never time."""

    candidates: int = 8
    """Best candidates scored per note (a note's duplicates are rarely more)."""
    postings: int = 250
    """Posting entries read per note, rarest keys first."""
    common_share: float = 0.05
    """A key held by more than this share of the notes is skipped..."""
    common_floor: int = 100
    """...when it is also held by more than this many notes (small boards stay exact),"""
    common_ceiling: int = 500
    """...and always when held by more than this many (a word on 500 notes is no clue)."""
    work: int = 3_000_000
    """Steps of a whole search (posting entries read, pairs scored); then it stops."""

    def common(self, notes: int) -> int:
        """How many notes may hold a key before it is skipped, among ``notes``."""
        return min(self.common_ceiling, max(self.common_floor, int(self.common_share * notes)))


DEFAULT_BOUNDS = SearchBounds()

_Id = TypeVar("_Id", int, str)


@dataclass(frozen=True, slots=True)
class PairSearch:
    """What one bounded search found, and whether it went through every note."""

    pairs: tuple[tuple[str, str, float], ...]
    """``(a, b, score)``, best first, ``a`` before ``b`` in the order the notes came."""
    stopped_early: bool
    """True when the search ran out of steps before every note had looked."""
    searched: int
    """How many notes looked for their candidates."""
    total: int
    """How many notes there were to look."""
    near: dict[tuple[str, str], float]
    """Every pair scored within reach of the threshold (kept to follow later changes)."""
    scored: int
    """How many pairs were scored."""
    visited: int
    """How many posting entries were read."""


NEAR = 0.8
"""Pairs scored above this share of the threshold are kept: as notes come and go and
the weights move, they are scored again, since they may cross it."""


class _Tally:
    """Counts the steps of one search against its bound."""

    def __init__(self, bounds: SearchBounds) -> None:
        self.bounds = bounds
        self.visited = 0
        self.scored = 0

    @property
    def spent(self) -> bool:
        return self.visited + self.scored >= self.bounds.work


def _best(likely: dict[_Id, float], count: int) -> list[_Id]:
    """The ``count`` likeliest candidates (the first found on a tie)."""
    if len(likely) <= count:
        return list(likely)
    return sorted(likely, key=likely.__getitem__, reverse=True)[:count]


def _prefix(keys: list[tuple[str, float]], share: float) -> list[tuple[str, float]]:
    """The rarest keys holding more than ``share`` of the note's key weight."""
    needed = sum(value for _, value in keys) * min(1.0, share)
    running = 0.0
    for count, (_, value) in enumerate(keys, start=1):
        running += value
        if running > needed:
            return keys[:count]
    return keys


def search_pairs(
    index: SimilarityIndex,
    chosen: Sequence[str],
    min_score: float,
    likeness: Likeness,
    bounds: SearchBounds = DEFAULT_BOUNDS,
) -> PairSearch:
    """The alike pairs among ``chosen`` (in the order the notes came), within ``bounds``.

    Each note's longer prefix is indexed, and each note probes it with its longer
    prefix too (the exact search probes with the shorter one): the weight two notes
    share there ranks the candidates far better than one rare word does.
    """
    entries = index._entries
    frequency = index._key_frequency
    common = bounds.common(len(chosen))
    _, long_share = index._prefix_shares(min_score, likeness)
    position = {note_id: rank for rank, note_id in enumerate(chosen)}
    profiles = [index._profile(entries[note_id]) for note_id in chosen]
    indexed: defaultdict[str, list[int]] = defaultdict(list)
    probes: list[list[tuple[str, float]]] = []
    for rank, note_id in enumerate(chosen):
        keys = [item for item in index._keys(entries[note_id]) if frequency(item[0]) <= common]
        prefix = _prefix(keys, long_share)
        for key, _ in prefix:
            indexed[key].append(rank)
        probes.append(prefix)
    tally = _Tally(bounds)
    near: dict[tuple[str, str], float] = {}
    seen: set[tuple[int, int]] = set()
    totals = [profile.total for profile in profiles]
    size_floor = min_score ** (1.0 / likeness.long) / SIZE_SLACK
    near_floor = min_score * NEAR
    count = bounds.candidates
    searched = 0
    for rank, note_id in enumerate(chosen):
        if tally.spent:
            break
        searched += 1
        total = totals[rank]
        if total <= 0.0:
            continue
        shared: dict[int, float] = {}
        room = bounds.postings
        for key, value in probes[rank]:
            holders = indexed.get(key, [])
            if len(holders) > room:
                holders = holders[:room]
            room -= len(holders)
            tally.visited += len(holders)
            if shared:
                get = shared.get
                for other in holders:
                    shared[other] = get(other, 0.0) + value
            else:
                shared = dict.fromkeys(holders, value)
            if room <= 0:
                break
        shared.pop(rank, None)
        # Ranked by shared² / weight: among notes that share a rare word, the one
        # nearest in weight is likeliest the same idea. Notes too unequal in weight
        # to reach the score are left out first.
        low, high = total * size_floor, total / size_floor if size_floor else math.inf
        likely = {
            other: value * value / weight
            for other, value in shared.items()
            if low <= (weight := totals[other]) <= high
        }
        best = _best(likely, count)
        entry = entries[note_id]
        if entry.joined or entry.words & index._joined_postings.keys():
            # A word written as one covers two of the other's: no bound by weight then.
            joined, read = joined_up(index, note_id, common, bounds.postings)
            tally.visited += read
            ranks = sorted(position[other] for other in joined if other in position)
            best = list(dict.fromkeys([*best, *ranks[:count]]))
        for other in best:
            pair = (rank, other) if rank < other else (other, rank)
            if other == rank or pair in seen:
                continue
            seen.add(pair)
            tally.scored += 1
            first, second = pair
            value = index._profiled_score(
                entries[chosen[first]],
                profiles[first],
                entries[chosen[second]],
                profiles[second],
                near_floor,
                likeness,
            )
            if value >= near_floor:
                near[chosen[first], chosen[second]] = value
    return PairSearch(
        ranked(near, position, min_score),
        searched < len(chosen),
        searched,
        len(chosen),
        near,
        tally.scored,
        tally.visited,
    )


def ranked(
    scores: dict[tuple[str, str], float], position: dict[str, int], min_score: float
) -> tuple[tuple[str, str, float], ...]:
    """The pairs at or above ``min_score``, best first, then in the order notes came."""
    found = [(a, b, value) for (a, b), value in scores.items() if value >= min_score]
    found.sort(key=lambda item: (-item[2], position[item[0]], position[item[1]]))
    return tuple(found)


def probe_note(
    index: SimilarityIndex,
    note_id: str,
    min_score: float,
    likeness: Likeness,
    bounds: SearchBounds = DEFAULT_BOUNDS,
) -> list[str]:
    """One note's best candidates among every note of the index, as the search ranks them.

    Its longer prefix against every note's keys: it may be the shorter note of a pair
    or the longer one. Keys held by a large share of the notes are skipped.
    """
    entry = index._entries[note_id]
    total = index._total(entry)
    if total <= 0.0:
        return []
    frequency = index._key_frequency
    common = bounds.common(len(index))
    _, long_share = index._prefix_shares(min_score, likeness)
    keys = [item for item in index._keys(entry) if frequency(item[0]) <= common]
    shared: dict[str, float] = {}
    room = bounds.postings
    for key, value in _prefix(keys, long_share):
        holders = sorted(index._holders(key))[:room]
        room -= len(holders)
        for other in holders:
            shared[other] = shared.get(other, 0.0) + value
        if room <= 0:
            break
    shared.pop(note_id, None)
    size_floor = min_score ** (1.0 / likeness.long) / SIZE_SLACK
    low, high = total * size_floor, total / size_floor if size_floor else math.inf
    likely = {
        other: value * value / weight
        for other, value in shared.items()
        if low <= (weight := index._total(index._entries[other])) <= high
    }
    joined = sorted(joined_up(index, note_id, common, bounds.postings)[0])
    return list(dict.fromkeys([*_best(likely, bounds.candidates), *joined[: bounds.candidates]]))


def joined_up(
    index: SimilarityIndex, note_id: str, common: int, room: int
) -> tuple[set[str], int]:
    """Notes that write as one word what this note writes apart, or the other way.

    As :meth:`app.core.similarity.SimilarityIndex._joined_up`, within bounds: a form
    held by more than ``common`` notes is skipped (a word broken up by invisible marks
    joins up into "customer"), and no more than about ``room`` posting entries are
    read. Returns the notes and how many entries were read.
    """
    entry = index._entries[note_id]
    postings, joined_postings = index._postings, index._joined_postings
    found: set[str] = set()
    read = 0
    # In the order the note says them (a frozenset's order changes between runs).
    lists = chain(
        (postings.get(form) for form in entry.joined), map(joined_postings.get, entry.spelling)
    )
    for holders in lists:
        if not holders or len(holders) > common:
            continue
        read += len(holders)
        found |= holders
        if read >= room:
            break
    found.discard(note_id)
    return found, read
