"""Which words of a session are slips of each other ("recieve" and "receive").

Comparing every word of one note with every word of another, edit by edit, is what
made finding pairs slow. The words of a session are few next to its pairs of notes,
so each word is compared once, when it first appears, with the words that share one
of its deletion variants (all that is left after taking one or two letters out): two
words one edit apart always share one (the symmetric-deletion idea of SymSpell).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from rapidfuzz.distance import OSA

_MIN_LENGTH = 4
_TWO_EDIT_LENGTH = 8


def is_typo_of(first: str, second: str) -> bool:
    """Whether two spellings are one word with a slip: one edit, two in long words.

    An edit is a letter changed, added, dropped or two neighbours swapped (optimal
    string alignment). Two edits are allowed from eight letters on, if the first
    letter is the same: "decentralise" is not a slip of "centralise".
    """
    shortest = min(len(first), len(second))
    if shortest < _MIN_LENGTH or abs(len(first) - len(second)) > 2 or first == second:
        return False
    if shortest >= _TWO_EDIT_LENGTH and first[0] == second[0]:
        return OSA.distance(first, second, score_cutoff=2) <= 2
    return OSA.distance(first, second, score_cutoff=1) <= 1


def deletion_variants(spelling: str) -> set[str]:
    """The spelling and what is left of it with one letter out (two, if it is long)."""
    variants = {spelling}
    if len(spelling) < _MIN_LENGTH:
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
        self._spellings: defaultdict[str, set[str]] = defaultdict(set)
        self._by_variant: defaultdict[str, set[str]] = defaultdict(set)
        self._variants: dict[str, set[str]] = {}
        self._partners: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, word: str, spelling: str) -> None:
        """Count one more use of a word, written this way."""
        self._uses[word] += 1
        if spelling in self._spellings[word] and word in self._variants:
            return
        self._spellings[word].add(spelling)
        new = deletion_variants(word) | deletion_variants(spelling)
        partners = self._partners[word]
        for variant in new:
            holders = self._by_variant[variant]
            for other in holders:
                if other != word and other not in partners and self._are_slips(word, other):
                    partners.add(other)
                    self._partners[other].add(word)
            holders.add(word)
        self._variants.setdefault(word, set()).update(new)

    def remove(self, word: str) -> None:
        """Count one use fewer; a word no note uses any more is forgotten."""
        if self._uses[word] > 1:
            self._uses[word] -= 1
            return
        self._uses.pop(word, None)
        self._spellings.pop(word, None)
        for variant in self._variants.pop(word, set()):
            holders = self._by_variant[variant]
            holders.discard(word)
            if not holders:
                del self._by_variant[variant]
        for other in self._partners.pop(word, set()):
            self._partners[other].discard(word)

    def partners(self, word: str) -> set[str]:
        """The words that are slips of this one (empty for most words)."""
        return self._partners.get(word, set())

    def _are_slips(self, word: str, other: str) -> bool:
        if is_typo_of(word, other):
            return True
        return any(
            is_typo_of(mine, theirs)
            for mine in self._spellings[word]
            for theirs in self._spellings[other]
        )
