"""Which words of a session are slips of each other ("recieve" and "receive").

Comparing every word of one note with every word of another, edit by edit, is what
made finding pairs slow. The words of a session are few next to its pairs of notes,
so each word is compared once, when it first appears, with the words that share one
of its deletion variants (all that is left after taking one or two letters out): two
words one edit apart always share one (the symmetric-deletion idea of SymSpell).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from rapidfuzz.distance import OSA

_MIN_LENGTH = 4
_TWO_EDIT_LENGTH = 8
_MAX_LENGTH = 32
"""Longer "words" (a run of letters with no space, pasted in) have no slips: one of
2,000 letters would have two million deletion variants."""


def is_typo_of(first: str, second: str) -> bool:
    """Whether two spellings are one word with a slip: one edit, two in long words.

    An edit is a letter changed, added, dropped or two neighbours swapped (optimal
    string alignment). Two edits are allowed from eight letters on, if the first
    letter is the same: "decentralise" is not a slip of "centralise". Words of more
    than 32 letters have no slips.
    """
    shortest = min(len(first), len(second))
    if not _MIN_LENGTH <= shortest <= _MAX_LENGTH:
        return False
    if abs(len(first) - len(second)) > 2 or first == second:
        return False
    if shortest >= _TWO_EDIT_LENGTH and first[0] == second[0]:
        return OSA.distance(first, second, score_cutoff=2) <= 2
    return OSA.distance(first, second, score_cutoff=1) <= 1


def deletion_variants(spelling: str) -> set[str]:
    """The spelling and what is left of it with one letter out (two, if it is long)."""
    variants = {spelling}
    if not _MIN_LENGTH <= len(spelling) <= _MAX_LENGTH:
        return variants
    variants.update(spelling[:i] + spelling[i + 1 :] for i in range(len(spelling)))
    if len(spelling) >= _TWO_EDIT_LENGTH:
        for first, second in combinations(range(len(spelling)), 2):
            variants.add(spelling[:first] + spelling[first + 1 : second] + spelling[second + 1 :])
    return variants


class SlipIndex:
    """The words of a session, each with the words that are slips of it.

    A word is a note's feature (its ending trimmed); it is a slip of another when the
    two features are, or when two of their spellings are ("biling" of "billing",
    whose features "bil" and "bill" are too short to tell).
    """

    def __init__(self) -> None:
        self._uses: Counter[str] = Counter()
        self._spellings: dict[str, tuple[str, ...]] = {}
        # Most variants belong to one word, held as itself (a set of one would take
        # 200 bytes a variant); a word's variants are made again when it goes, not kept.
        self._by_variant: dict[str, str | list[str]] = {}
        self._partners: dict[str, set[str]] = {}

    def add(self, word: str, spelling: str) -> None:
        """Count one more use of a word, written this way."""
        self._uses[word] += 1
        spellings = self._spellings.get(word, ())
        if spelling in spellings:
            return
        # A new spelling is compared through its own variants (the word's are filed).
        new = deletion_variants(spelling)
        if not spellings:
            new |= deletion_variants(word)
        self._spellings[word] = (*spellings, spelling)
        by_variant = self._by_variant
        for variant in new:
            held = by_variant.get(variant)
            if held is None:
                by_variant[variant] = word
                continue
            holders = [held] if isinstance(held, str) else held
            for other in holders:
                if (
                    other != word
                    and not self._linked(word, other)
                    and self._are_slips(word, other)
                ):
                    self._partners.setdefault(word, set()).add(other)
                    self._partners.setdefault(other, set()).add(word)
            if word not in holders:
                holders.append(word)
                by_variant[variant] = holders

    def remove(self, word: str) -> None:
        """Count one use fewer; a word no note uses any more is forgotten."""
        if self._uses[word] > 1:
            self._uses[word] -= 1
            return
        self._uses.pop(word, None)
        variants = self._variants(word)
        self._spellings.pop(word, None)
        by_variant = self._by_variant
        for variant in variants:
            held = by_variant.get(variant)
            if held == word:
                del by_variant[variant]
            elif isinstance(held, list) and word in held:
                held.remove(word)
                if len(held) == 1:
                    by_variant[variant] = held[0]
        for other in self._partners.pop(word, set()):
            partners = self._partners[other]
            partners.discard(word)
            if not partners:
                del self._partners[other]

    def _variants(self, word: str) -> set[str]:
        """Every variant the word was filed under: of the word and of each spelling."""
        found = deletion_variants(word)
        for spelling in self._spellings.get(word, ()):
            found |= deletion_variants(spelling)
        return found

    def _linked(self, word: str, other: str) -> bool:
        partners = self._partners.get(word)
        return partners is not None and other in partners

    def partners(self, word: str) -> set[str]:
        """The words that are slips of this one (empty for most words)."""
        return self._partners.get(word, set())

    def _are_slips(self, word: str, other: str) -> bool:
        if is_typo_of(word, other):
            return True
        return any(
            is_typo_of(mine, theirs)
            for mine in self._spellings.get(word, ())
            for theirs in self._spellings.get(other, ())
        )
