"""Misspelt words find the words they misspell, once per word, not once per pair."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.word_slips import SlipIndex, deletion_variants, is_typo_of


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("receive", "recieve"),  # two letters swapped
        ("callback", "calback"),  # one dropped
        ("customer", "custommer"),  # one added
        ("cambio", "canbio"),  # one changed
        ("mitarbeiter", "mitarbieter"),
        ("verification", "verificaton"),
    ],
)
def test_one_slip_is_a_typo(first: str, second: str):
    assert is_typo_of(first, second)
    assert is_typo_of(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("slowest", "fastest"),
        ("weekly", "monthly"),
        ("online", "offline"),
        ("centralise", "decentralise"),
        ("increase", "decrease"),
        ("import", "export"),
        ("fee", "few"),  # too short to tell
        ("same", "same"),
    ],
)
def test_different_words_are_no_typos(first: str, second: str):
    assert not is_typo_of(first, second)


def test_two_words_one_edit_apart_share_a_deletion_variant():
    assert deletion_variants("receive") & deletion_variants("recieve")
    assert "callback" in deletion_variants("callback")
    assert deletion_variants("a") == {"a"}


def test_the_index_pairs_slips_both_ways_and_forgets_unused_words():
    slips = SlipIndex()
    slips.add("receive", "receive")
    slips.add("recieve", "recieve")
    slips.add("invoice", "invoices")
    assert slips.partners("receive") == {"recieve"}
    assert slips.partners("recieve") == {"receive"}
    assert slips.partners("invoice") == set()
    slips.add("recieve", "recieve")
    slips.remove("recieve")
    assert slips.partners("receive") == {"recieve"}  # one note still uses it
    slips.remove("recieve")
    assert slips.partners("receive") == set()


def test_a_slip_in_the_spelling_counts_where_the_trimmed_words_are_too_short():
    slips = SlipIndex()
    slips.add("bill", "billing")
    slips.add("bil", "biling")
    assert slips.partners("bil") == {"bill"}


def test_a_pasted_run_of_letters_has_no_slips():
    """A 2,000-letter "word" would have two million deletion variants."""
    long_word = "ab" * 1000
    assert deletion_variants(long_word) == {long_word}
    assert not is_typo_of("x" * 40, "x" * 39 + "y")
    assert is_typo_of("x" * 31 + "a", "x" * 31 + "b")


SPELLINGS = ["receive", "recieve", "receve", "billing", "biling", "invoice", "invoise", "route"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(SPELLINGS)), max_size=40))
def test_words_that_come_and_go_leave_the_index_as_if_only_the_kept_ones_came(
    steps: list[tuple[bool, str]],
):
    slips = SlipIndex()
    uses: Counter[str] = Counter()
    for adding, word in steps:
        if adding:
            slips.add(word, word)
            uses[word] += 1
        elif uses[word]:
            slips.remove(word)
            uses[word] -= 1
    fresh = SlipIndex()
    for word in +uses:
        fresh.add(word, word)
    for word in SPELLINGS:
        assert slips.partners(word) == fresh.partners(word)
    # Nothing is kept of a word no note uses; a variant held by one word is the word.
    assert held(slips) == held(fresh)


def held(slips: SlipIndex) -> dict[str, str | list[str]]:
    return {
        variant: words if isinstance(words, str) else sorted(words)
        for variant, words in slips._by_variant.items()
    }
