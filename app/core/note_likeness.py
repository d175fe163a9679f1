"""How alike two notes are: weighted features, and the share of each the other covers.

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
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.text_features import SPACELESS, TextFeatures, text_features
from app.core.word_slips import SlipIndex

TYPO_CREDIT = 0.9
"""How much of a word a misspelling of it covers."""

_GLYPH_WEIGHT = 0.5
"""A single character weighs half: a pair of characters says more than one."""
SIZE_SLACK = 1.25
"""How much more than its own weight a note can cover of another (a misspelt word
weighs what it weighs in the other note)."""
MAX_FEATURES = 32
"""A note is compared on its first 32 distinct features (words, then characters of
scripts without spaces), and as many words written as one: more than a sticky note
says (the longest note of the labelled sets has 23), and what keeps any session
within memory (a long unspaced Chinese note has some 4,000)."""
MAX_TEXT = 400
"""...read from its first 400 characters (cut at a space when there is one)..."""
MAX_WORDS = 64
"""...and its first 64 words (a character of a script without spaces counts as one),
so that reading a note costs the same for any text (invisible marks or accents stacked
on every letter break a text into a word a letter)."""
_WORD = re.compile(f"[{SPACELESS}]|[^\\W{SPACELESS}]+")


def _matched_text(text: str) -> str:
    """The part of a note's text that is compared: its first words and characters."""
    if len(text) > MAX_TEXT:
        cut = text[:MAX_TEXT]
        space = cut.rfind(" ")
        text = cut[:space] if space > MAX_TEXT // 2 else cut
    for count, word in enumerate(_WORD.finditer(text), start=1):
        if count == MAX_WORDS:
            return text[: word.end()]
    return text


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
class NoteEntry:
    """A note as the index holds it: its features, ready to be compared."""

    words: frozenset[str]
    glyphs: frozenset[str]
    spelling: dict[str, str]
    """Each content word's spelling (the first one, if it comes twice)."""
    joined: dict[str, tuple[str, ...]]
    """Neighbouring words written as one, with the content words they hold."""

    @property
    def features(self) -> frozenset[str]:
        """Every feature, words and characters."""
        return self.words | self.glyphs


@dataclass(frozen=True, slots=True)
class NoteProfile:
    """What scoring a note needs, as long as the index does not change."""

    words: frozenset[str]
    total: float
    slipful: tuple[tuple[str, set[str]], ...]


def note_entry(features: TextFeatures) -> NoteEntry:
    """The entry of a note's features (each word's first spelling kept).

    Only the first :data:`MAX_FEATURES` distinct features are kept, words first, and
    as many joined-up words.
    """
    spelling: dict[str, str] = {}
    for word, written in zip(features.words, features.spellings, strict=True):
        if word not in spelling:
            if len(spelling) == MAX_FEATURES:
                break
            spelling[word] = written
    glyphs = dict.fromkeys(features.glyphs)
    room = MAX_FEATURES - len(spelling)
    if len(glyphs) > room:
        glyphs = dict.fromkeys(list(glyphs)[:room])
    joined: dict[str, tuple[str, ...]] = {}
    for together, parts in features.joined:
        if len(joined) == MAX_FEATURES:
            break
        joined.setdefault(together, parts)
    return NoteEntry(frozenset(spelling), frozenset(glyphs), spelling, joined)


class LikenessIndex:
    """The notes of one session, and how alike any two of them are.

    Notes are added as they are captured and removed as they are deleted; the
    weights follow the notes the index holds. :class:`app.core.similarity.SimilarityIndex`
    adds finding the alike ones among thousands. ``features`` reduces a text to what is
    compared: the words of its idea (the default), or of its theme
    (:func:`app.core.text_features.theme_features`).
    """

    def __init__(
        self,
        notes: Iterable[tuple[str, str]] = (),
        features: Callable[[str], TextFeatures] = text_features,
    ) -> None:
        self._features = features
        """What a text is reduced to (the words of an idea; or of a theme)."""
        self._entries: dict[str, NoteEntry] = {}
        self._frequency: Counter[str] = Counter()
        self._postings: defaultdict[str, set[str]] = defaultdict(set)
        self._slips = SlipIndex()
        # Weights change with every note added or removed; within one search they
        # are read thousands of times, so they are kept until the next change.
        self._weights: dict[str, float] = {}
        self._profiles: dict[int, NoteProfile] = {}
        self._classes: dict[str, str] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._class_frequency: dict[str, int] = {}
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
        entry = note_entry(self._features(_matched_text(text)))
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
        self._class_frequency.clear()

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

    def _profile(self, entry: NoteEntry) -> NoteProfile:
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
            profile = NoteProfile(words, total, slipful)
            self._profiles[key] = profile
        return profile

    def _words(self, entry: NoteEntry) -> frozenset[str]:
        return self._profile(entry).words

    def _total(self, entry: NoteEntry) -> float:
        return self._profile(entry).total

    def _sizes_allow(self, first: NoteEntry, second: NoteEntry, min_score: float) -> bool:
        """Whether two notes weigh near enough alike to reach ``min_score`` at all.

        The longer note is covered by the shorter one's weight at most (a little more
        through a misspelt word), so the score is at most the square root of the
        ratio of their weights.
        """
        lighter, heavier = sorted((self._total(first), self._total(second)))
        return heavier <= 0.0 or lighter * SIZE_SLACK >= heavier * min_score**2

    def _score(self, first: NoteEntry, second: NoteEntry, min_score: float = 0.0) -> float:
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
        first: NoteEntry,
        first_profile: NoteProfile,
        second: NoteEntry,
        second_profile: NoteProfile,
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

    def _covered(self, entry: NoteEntry, profile: NoteProfile, other: NoteEntry) -> float:
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
