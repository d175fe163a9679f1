"""Which notes say the same idea: offline, fast, in every script.

How alike two notes are is :mod:`app.core.note_likeness`. Finding every pair above a
score among thousands of notes compares only notes that share one of their rarest
features (prefix filtering): two notes that cover most of each other always do, since
the first feature they share, in the order of rarity, comes before the part of either
note the other leaves uncovered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.note_likeness import (
    RELATED,
    SAME_IDEA,
    SIZE_SLACK,
    TYPO_CREDIT,
    Likeness,
    LikenessIndex,
    NoteEntry,
)
from app.core.pair_search import (
    DEFAULT_BOUNDS,
    NEAR,
    PairSearch,
    SearchBounds,
    probe_note,
    ranked,
    search_pairs,
)
from app.core.text_features import TextFeatures, text_features

__all__ = [
    "DEFAULT_MIN_SCORE",
    "RELATED",
    "RELATED_MIN_SCORE",
    "SAME_IDEA",
    "TYPO_CREDIT",
    "Likeness",
    "PairSearch",
    "SearchBounds",
    "SimilarPair",
    "SimilarityIndex",
]

DEFAULT_MIN_SCORE = 0.7
"""Pairs at or above this score are offered as the same idea (hint, list, CLI)."""

RELATED_MIN_SCORE = 0.4
"""Notes at or above this relatedness share a theme: one suggested cluster."""

_FOLLOW_SHARE = 0.05
"""A search follows the notes changed since the last one while they are at most this
share of the session (or 50 notes); past it, it starts again."""

_PREFIX_SLACK = 0.02
"""Prefixes hold a little more than the bound needs: a misspelt word's key weighs
what it weighs, not what the word it misspells does."""


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two notes that may be the same idea, and how alike they are (0..1)."""

    a: str
    b: str
    score: float


class SimilarityIndex(LikenessIndex):
    """The notes of one session, and the pairs among them that may be one idea."""

    def __init__(
        self,
        notes: Iterable[tuple[str, str]] = (),
        features: Callable[[str], TextFeatures] = text_features,
    ) -> None:
        self._changed: set[str] = set()
        self._last: tuple[tuple[float, Likeness, SearchBounds], PairSearch] | None = None
        super().__init__(notes, features)

    def add(self, note_id: str, text: str) -> None:
        """Take a note in (or its new text, if it is already in)."""
        super().add(note_id, text)
        self._changed.add(note_id)

    def remove(self, note_id: str) -> None:
        """Leave a note out from now on (nothing happens if it is not in)."""
        if note_id in self:
            self._changed.add(note_id)
        super().remove(note_id)

    # ------------------------------------------------------------------ finding

    def _slip_class(self, word: str) -> str:
        """The word that stands for every word linked to ``word`` by slips (the least).

        "recieve" and "receive" are one key: whatever two notes cover of each other
        through a misspelling, they then share in their keys too.
        """
        found = self._classes.get(word)
        if found is not None:
            return found
        partners = self._slips.partners
        if not partners(word):
            return word  # most words: a class of one, kept nowhere (memory)
        members = {word}
        frontier = [word]
        while frontier:
            for slip in partners(frontier.pop()):
                if slip not in members:
                    members.add(slip)
                    frontier.append(slip)
        representative = min(members)
        self._members[representative] = frozenset(members)
        for member in members:
            self._classes[member] = representative
        return representative

    def _key_frequency(self, key: str) -> int:
        members = self._members.get(key)
        if members is None:
            return self._frequency[key]
        found = self._class_frequency.get(key)
        if found is None:
            found = sum(self._frequency[member] for member in members)
            self._class_frequency[key] = found
        return found

    def _holders(self, key: str) -> set[str]:
        """The notes that have a key: a character pair, or any word of a slip class."""
        members = self._members.get(key)
        if members is None or len(members) == 1:
            return self._postings.get(key, set())
        found: set[str] = set()
        for member in members:
            found |= self._postings.get(member, set())
        return found

    def _keys(self, entry: NoteEntry) -> list[tuple[str, float]]:
        """The features a note can share with another, rarest first, with weights.

        A word's key is its slip class; its weight is the word's own, which is at
        least what a misspelling of it covers in the other note.
        """
        weight = self.weight
        keys: dict[str, float] = {glyph: weight(glyph) for glyph in entry.glyphs}
        for word in self._words(entry):
            key = self._slip_class(word)
            keys[key] = max(keys.get(key, 0.0), weight(word))
        frequency = self._key_frequency
        return sorted(keys.items(), key=lambda item: (frequency(item[0]), item[0]))

    def _prefix(self, entry: NoteEntry, share: float) -> list[str]:
        """The note's rarest keys, holding more than ``share`` of its key weight.

        Two notes that cover a part ``c`` of each other share one of their keys
        within the prefixes holding ``1 - c`` of each.
        """
        keys = self._keys(entry)
        needed = sum(value for _, value in keys) * min(1.0, share)
        prefix: list[str] = []
        running = 0.0
        for key, value in keys:
            prefix.append(key)
            running += value
            if running > needed:
                break
        return prefix

    def _joined_up(self, note_id: str, entry: NoteEntry) -> set[str]:
        """Notes that write as one word what this note writes apart, or the other way.

        ("Wi-Fi" and "WiFi", "QR code" and "qrcode".) The keys leave these out, so they
        are looked up on their own: a dictionary lookup per word and per pair of
        neighbouring words.
        """
        found: set[str] = set()
        for joined in entry.joined:
            found |= self._postings.get(joined, set())
        for word in entry.words:
            found |= self._joined_postings.get(word, set())
        found.discard(note_id)
        return found

    @staticmethod
    def _prefix_shares(min_score: float, likeness: Likeness) -> tuple[float, float]:
        """How much of its weight the shorter and the longer note's prefix hold.

        A score of ``t`` needs the shorter note covered at least ``t ** (1 / s)``
        and the longer at least ``t ** (1 / l)`` (each share is at most 1).
        """
        floor = max(min_score, 0.0)
        short_cover = floor ** (1.0 / likeness.short)
        long_cover = floor ** (1.0 / likeness.long)
        return 1.0 - short_cover + _PREFIX_SLACK, 1.0 - long_cover + _PREFIX_SLACK

    def similar_to(
        self, note_id: str, min_score: float = DEFAULT_MIN_SCORE, limit: int | None = None
    ) -> list[SimilarPair]:
        """The notes most like one note of the index, best first (``a`` is the note)."""
        entry = self._entries[note_id]
        _, long_share = self._prefix_shares(min_score, SAME_IDEA)
        candidates: set[str] = set()
        # The note may be the shorter of a pair or the longer one: its longer prefix
        # finds both, since the postings hold every feature of every other note.
        for key in self._prefix(entry, long_share):
            candidates |= self._holders(key)
        joined_up = self._joined_up(note_id, entry)
        candidates |= joined_up
        candidates.discard(note_id)
        found = []
        for other_id in candidates:
            other = self._entries[other_id]
            # A word written as one covers two of the other's: no bound by weight then.
            if other_id not in joined_up and not self._sizes_allow(entry, other, min_score):
                continue
            value = self._score(entry, other, min_score)
            if value >= min_score:
                found.append(SimilarPair(note_id, other_id, value))
        found.sort(key=lambda pair: (-pair.score, pair.b))
        return found[:limit] if limit is not None else found

    def pairs(
        self,
        min_score: float = DEFAULT_MIN_SCORE,
        among: Iterable[str] | None = None,
        likeness: Likeness = SAME_IDEA,
    ) -> list[SimilarPair]:
        """Every pair of notes at or above ``min_score``, best first.

        ``among`` limits the search to some notes (the loose ones, say); ``a`` comes
        before ``b`` in the order the notes were added. ``likeness`` says how alike:
        the same idea (the default), or one theme (:data:`RELATED`).
        """
        entries = self._entries
        order = {note_id: index for index, note_id in enumerate(entries)}
        chosen = sorted(
            {note_id for note_id in (entries if among is None else among) if note_id in order},
            key=order.__getitem__,
        )
        short_share, long_share = self._prefix_shares(min_score, likeness)
        # Each note's longer prefix is indexed; each note then probes with its
        # shorter one, as the shorter note of any pair it belongs to.
        indexed: defaultdict[str, list[str]] = defaultdict(list)
        for note_id in chosen:
            for key in self._prefix(entries[note_id], long_share):
                indexed[key].append(note_id)
        scored: dict[tuple[str, str], float] = {}
        wanted = set(chosen)
        profiles = {note_id: self._profile(entries[note_id]) for note_id in chosen}
        size_floor = min_score ** (1.0 / likeness.long) / SIZE_SLACK
        for note_id in chosen:
            rank = order[note_id]
            entry = entries[note_id]
            profile = profiles[note_id]
            probes = [
                other_id
                for key in self._prefix(entry, short_share)
                for other_id in indexed.get(key, ())
            ]
            joined_up = {other for other in self._joined_up(note_id, entry) if other in wanted}
            probes += joined_up
            for other_id in probes:
                pair = (note_id, other_id) if rank < order[other_id] else (other_id, note_id)
                if other_id == note_id or pair in scored:
                    continue
                other_profile = profiles[other_id]
                # The same test as _sizes_allow, inline: it runs for every candidate.
                # A word written as one covers two of the other's: no bound by weight.
                lighter, heavier = sorted((profile.total, other_profile.total))
                if lighter < heavier * size_floor and other_id not in joined_up:
                    scored[pair] = 0.0
                    continue
                scored[pair] = self._profiled_score(
                    entry, profile, entries[other_id], other_profile, min_score, likeness
                )
        found = [
            SimilarPair(a, b, value) for (a, b), value in scored.items() if value >= min_score
        ]
        found.sort(key=lambda pair: (-pair.score, order[pair.a], order[pair.b]))
        return found

    # ------------------------------------------------------------------ bounded

    def search(
        self,
        min_score: float = DEFAULT_MIN_SCORE,
        likeness: Likeness = SAME_IDEA,
        bounds: SearchBounds = DEFAULT_BOUNDS,
    ) -> PairSearch:
        """The pairs at or above ``min_score`` within ``bounds`` of time and memory.

        Every pair found has the score :meth:`pairs` gives it; the bounds only leave
        pairs out (see :mod:`app.core.pair_search`). The pairs found are kept: asked
        again after a few notes came, went or changed, the search looks again only
        for those notes and scores again the pairs it kept, with the weights as they
        are now.
        """
        settings = (min_score, likeness, bounds)
        last = self._last
        changed = self._changed
        if last is not None and last[0] == settings and not changed:
            return last[1]  # nothing changed: the same pairs (even if it stopped early)
        order = {note_id: rank for rank, note_id in enumerate(self._entries)}
        if (
            last is not None
            and last[0] == settings
            and not last[1].stopped_early
            and len(changed) <= max(50, _FOLLOW_SHARE * len(order))
        ):
            found = self._follow(last[1], order, min_score, likeness, bounds)
        else:
            found = search_pairs(self, list(order), min_score, likeness, bounds)
        self._last = (settings, found)
        self._changed = set()
        return found

    def _follow(
        self,
        last: PairSearch,
        order: dict[str, int],
        min_score: float,
        likeness: Likeness,
        bounds: SearchBounds,
    ) -> PairSearch:
        """The last search brought up to date with the notes changed since."""
        changed = self._changed
        pairs = {pair for pair in last.near if not changed.intersection(pair)}
        for note_id in changed:
            if note_id in order:
                for other in probe_note(self, note_id, min_score, likeness, bounds):
                    low, high = sorted((note_id, other), key=order.__getitem__)
                    pairs.add((low, high))
        near_floor = min_score * NEAR
        near: dict[tuple[str, str], float] = {}
        for a, b in pairs:
            first, second = self._entries[a], self._entries[b]
            value = self._profiled_score(
                first, self._profile(first), second, self._profile(second), near_floor, likeness
            )
            if value >= near_floor:
                near[a, b] = value
        return PairSearch(
            ranked(near, order, min_score),
            False,
            len(order),
            len(order),
            near,
            len(pairs),
            0,
        )
