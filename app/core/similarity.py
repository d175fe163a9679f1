"""Which notes say the same idea: offline, fast, in every script.

Two notes are compared over their features (``app.core.text_features``): content words
and, for scripts without spaces, characters and pairs of characters. Each feature
weighs what it tells apart in this session: a word on every second note ("customer")
weighs little, a word on two notes ("callback") a lot (an inverse document frequency
over the session's notes). A misspelt word ("recieve") still matches the word it
misspells, for a little less (``app.core.word_slips``); a word written apart ("e mail",
"QR code") matches the word written as one.

The score is the weighted share of each note that the other one covers, the shorter
note counting most: "Offer a callback instead of hold music" is wholly inside "Maybe
we could offer customers a callback instead of the hold music", so the two are alike;
"Route the slowest tickets first" and "Route the fastest tickets first" each leave
their one weighty word uncovered, so they are not.

Finding every pair above a score among thousands of notes compares only notes that
share one of their rarest features (prefix filtering): two notes that cover most of
each other always do, since the first feature they share, in the order of rarity,
comes before the part of either note the other leaves uncovered.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.text_features import TextFeatures, text_features
from app.core.word_slips import SlipIndex

DEFAULT_MIN_SCORE = 0.7
"""Pairs at or above this score are offered as the same idea (hint, list, CLI)."""

RELATED_MIN_SCORE = 0.4
"""Notes at or above this relatedness share a theme: one suggested cluster."""

TYPO_CREDIT = 0.9
"""How much of a word a misspelling of it covers."""

_GLYPH_WEIGHT = 0.5
"""A single character weighs half: a pair of characters says more than one."""
_SIZE_SLACK = 1.25
"""How much more than its own weight a note can cover of another (a misspelt word
weighs what it weighs in the other note)."""
_PREFIX_SLACK = 0.02
"""Prefixes hold a little more than the bound needs: a misspelt word's key weighs
what it weighs, not what the word it misspells does."""


@dataclass(frozen=True, slots=True)
class Likeness:
    """How the two shares of a pair make its score: ``short ** s * long ** l``."""

    short: float
    long: float


SAME_IDEA = Likeness(1.5, 0.5)
"""Near-duplicates: the shorter note must be nearly all inside the longer one."""
RELATED = Likeness(0.5, 0.5)
"""Notes on one theme: both notes share a fair part of what they say."""


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two notes that may be the same idea, and how alike they are (0..1)."""

    a: str
    b: str
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    words: frozenset[str]
    glyphs: frozenset[str]
    spelling: dict[str, str]
    """Each content word's spelling (the first one, if it comes twice)."""
    joined: dict[str, tuple[str, ...]]
    """Neighbouring words written as one, with the content words they hold."""

    @property
    def features(self) -> frozenset[str]:
        return self.words | self.glyphs


@dataclass(frozen=True, slots=True)
class _Profile:
    """What scoring a note needs, as long as the index does not change."""

    words: frozenset[str]
    total: float
    slipful: tuple[tuple[str, set[str]], ...]


def _entry(features: TextFeatures) -> _Entry:
    spelling: dict[str, str] = {}
    for word, written in zip(features.words, features.spellings, strict=True):
        spelling.setdefault(word, written)
    return _Entry(
        frozenset(features.words), frozenset(features.glyphs), spelling, dict(features.joined)
    )


class SimilarityIndex:
    """The notes of one session, ready to be compared with each other.

    Notes are added as they are captured and removed as they are deleted; the
    weights follow the notes the index holds.
    """

    def __init__(self, notes: Iterable[tuple[str, str]] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._frequency: Counter[str] = Counter()
        self._postings: defaultdict[str, set[str]] = defaultdict(set)
        self._slips = SlipIndex()
        # Weights change with every note added or removed; within one search they
        # are read thousands of times, so they are kept until the next change.
        self._weights: dict[str, float] = {}
        self._profiles: dict[int, _Profile] = {}
        self._classes: dict[str, str] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._joined_postings: defaultdict[str, set[str]] = defaultdict(set)
        for note_id, text in notes:
            self.add(note_id, text)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, note_id: object) -> bool:
        return note_id in self._entries

    def add(self, note_id: str, text: str) -> None:
        """Take a note in (or its new text, if it is already in)."""
        if note_id in self._entries:
            self.remove(note_id)
        entry = _entry(text_features(text))
        self._forget_weights()
        for word, spelling in entry.spelling.items():
            self._slips.add(word, spelling)
        self._entries[note_id] = entry
        features = entry.features
        self._frequency.update(features)
        for feature in features:
            self._postings[feature].add(note_id)
        for joined in entry.joined:
            self._joined_postings[joined].add(note_id)

    def remove(self, note_id: str) -> None:
        """Leave a note out from now on (nothing happens if it is not in)."""
        entry = self._entries.pop(note_id, None)
        if entry is None:
            return
        self._forget_weights()
        for word in entry.words:
            self._slips.remove(word)
        features = entry.features
        self._frequency.subtract(features)
        for feature in features:
            holders = self._postings[feature]
            holders.discard(note_id)
            if not holders:
                del self._postings[feature]
                del self._frequency[feature]
        for joined in entry.joined:
            holding = self._joined_postings[joined]
            holding.discard(note_id)
            if not holding:
                del self._joined_postings[joined]

    def _forget_weights(self) -> None:
        self._weights.clear()
        self._profiles.clear()
        self._classes.clear()
        self._members.clear()

    def weight(self, feature: str) -> float:
        """What one feature tells apart in this session (rarer weighs more)."""
        value = self._weights.get(feature)
        if value is None:
            total = len(self._entries)
            value = math.log(1.0 + (total + 2.0) / (self._frequency[feature] + 1.0))
            if len(feature) == 1 and not feature.isascii():
                value *= _GLYPH_WEIGHT
            self._weights[feature] = value
        return value

    def score(self, a: str, b: str) -> float:
        """How alike two notes of the index are, from 0 (nothing shared) to 1."""
        return self._score(self._entries[a], self._entries[b])

    # ------------------------------------------------------------------ scoring

    def _profile(self, entry: _Entry) -> _Profile:
        """The note's words (each once), its weight, and its words that have slips."""
        key = id(entry)
        profile = self._profiles.get(key)
        if profile is None:
            partners = self._slips.partners
            # "reply … reeply" is one word written twice: the first spelling counts.
            words = frozenset(
                word
                for word in entry.words
                if not any(slip < word for slip in partners(word) & entry.words)
            )
            weight = self.weight
            total = sum(map(weight, words)) + sum(map(weight, entry.glyphs))
            slipful = tuple((word, partners(word)) for word in words if partners(word))
            profile = _Profile(words, total, slipful)
            self._profiles[key] = profile
        return profile

    def _words(self, entry: _Entry) -> frozenset[str]:
        return self._profile(entry).words

    def _total(self, entry: _Entry) -> float:
        return self._profile(entry).total

    def _sizes_allow(self, first: _Entry, second: _Entry, min_score: float) -> bool:
        """Whether two notes weigh near enough alike to reach ``min_score`` at all.

        The longer note is covered by the shorter one's weight at most (a little more
        through a misspelt word), so the score is at most the square root of the
        ratio of their weights.
        """
        lighter, heavier = sorted((self._total(first), self._total(second)))
        return heavier <= 0.0 or lighter * _SIZE_SLACK >= heavier * min_score**2

    def _score(self, first: _Entry, second: _Entry, min_score: float = 0.0) -> float:
        """The score of two notes; below ``min_score`` it may stop at a bound of it."""
        return self._profiled_score(
            first, self._profile(first), second, self._profile(second), min_score, SAME_IDEA
        )

    def relatedness(self, a: str, b: str) -> float:
        """How much two notes share, both ways (0..1): what suggested clusters use."""
        first, second = self._entries[a], self._entries[b]
        return self._profiled_score(
            first, self._profile(first), second, self._profile(second), 0.0, RELATED
        )

    def _profiled_score(
        self,
        first: _Entry,
        first_profile: _Profile,
        second: _Entry,
        second_profile: _Profile,
        min_score: float,
        likeness: Likeness,
    ) -> float:
        if first_profile.total <= 0.0 or second_profile.total <= 0.0:
            return 0.0
        if first_profile.total > second_profile.total:
            first, second = second, first
            first_profile, second_profile = second_profile, first_profile
        short = self._covered(first, first_profile, second) / first_profile.total
        bound = math.pow(short, likeness.short)
        if bound < min_score:
            return bound  # the longer note's share is at most 1
        long = self._covered(second, second_profile, first) / second_profile.total
        return min(1.0, bound * math.pow(long, likeness.long))

    def _covered(self, entry: _Entry, profile: _Profile, other: _Entry) -> float:
        """How much of a note's weight the other note covers."""
        weight = self.weight
        covered = sum(map(weight, entry.glyphs & other.glyphs)) if entry.glyphs else 0.0
        words = profile.words
        other_words = other.words
        same = words & other_words
        covered += sum(map(weight, same))
        if len(same) == len(words):
            return covered
        rest = words - same
        # A word the other note wrote apart ("e mail"), or words it wrote as one.
        apart = set(rest & other.joined.keys())
        for join in entry.joined.keys() & other_words:
            apart.update(word for word in entry.joined[join] if word in rest)
        if apart:
            covered += sum(map(weight, apart))
            rest = rest - apart
        for word, slips in profile.slipful:
            if word in rest and not slips.isdisjoint(other_words):
                # A misspelling is rare because it is misspelt, not because the
                # word is: it weighs no more than the word it misspells.
                matched = min(weight(slip) for slip in slips & other_words)
                covered += min(weight(word), matched) * TYPO_CREDIT
        return covered

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
        return sum(self._frequency[member] for member in members)

    def _holders(self, key: str) -> set[str]:
        """The notes that have a key: a character pair, or any word of a slip class."""
        members = self._members.get(key)
        if members is None or len(members) == 1:
            return self._postings.get(key, set())
        found: set[str] = set()
        for member in members:
            found |= self._postings.get(member, set())
        return found

    def _keys(self, entry: _Entry) -> list[tuple[str, float]]:
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

    def _prefix(self, entry: _Entry, share: float) -> list[str]:
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

    def _joined_up(self, note_id: str, entry: _Entry) -> set[str]:
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
        size_floor = min_score ** (1.0 / likeness.long) / _SIZE_SLACK
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
