"""The bounded search for alike pairs: within its bounds on any text, and never wrong."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.note_likeness import MAX_FEATURES, MAX_WORDS, _matched_text
from app.core.pair_search import SearchBounds, joined_up
from app.core.similar_pairs import find_candidates
from app.core.similarity import DEFAULT_MIN_SCORE, SimilarityIndex
from tests.core.similarity_sets import board_notes

MARKS = [chr(code) for code in range(0x0300, 0x0370)] + [chr(c) for c in range(0x20D0, 0x20F0)]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200f", "\u202e"]
CHINESE = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
WORDS = [
    "callback",
    "hold",
    "music",
    "ticket",
    "route",
    "invoice",
    "weekly",
    "portal",
    "refund",
    "login",
    "email",
]


def hostile_text(rng: random.Random, kind: int) -> str:
    """Valid text that is costly to read: marks, invisible characters, unspaced Chinese."""
    if kind == 0:  # stacks of combining accents on every letter
        text = " ".join(rng.choices(WORDS, k=40)) + " αβγδεζηθικλμνξοπρστυφχψω"
        return "".join(c + "".join(rng.choices(MARKS, k=rng.randint(1, 5))) for c in text)
    if kind == 1:  # zero-width and right-to-left marks inside every word
        text = " ".join(rng.choices(WORDS, k=250))
        return "".join(c + (rng.choice(INVISIBLE) if rng.random() < 0.4 else "") for c in text)
    return "".join(rng.choices(CHINESE, k=2000))  # one long unspaced run


@pytest.fixture(scope="module")
def hostile_index() -> SimilarityIndex:
    rng = random.Random(7)
    return SimilarityIndex(
        (str(number), hostile_text(rng, number % 3)[:2000]) for number in range(5000)
    )


def test_a_hostile_session_of_5000_notes_is_searched_within_bounds(
    hostile_index: SimilarityIndex,
):
    bounds = SearchBounds()
    found = hostile_index.search(bounds=bounds)
    # Every note looked, or the search says it stopped early: never both, never neither.
    assert found.stopped_early == (found.searched < found.total)
    assert found.total == 5000
    # The work is bounded by the notes, not by their pairs: a note reads its postings
    # and the notes that join up its words, each up to a bound (the last list whole).
    per_note = 2 * bounds.postings + bounds.common(found.total)
    assert found.scored <= bounds.candidates * 2 * found.searched
    assert found.visited <= per_note * found.searched
    assert found.visited + found.scored <= bounds.work + per_note + 2 * bounds.candidates
    # What keeps it within memory: no note holds more than MAX_FEATURES features.
    assert max(len(entry.features) for entry in hostile_index._entries.values()) <= MAX_FEATURES


def test_reading_a_note_costs_the_same_for_any_text():
    index = SimilarityIndex()
    # Invisible marks between letters make a word a letter or two; Chinese, a feature
    # a character: only the first MAX_WORDS words (a character each) are read.
    broken = "".join(f"{word[0]}\u200b{word[1:]} " for word in WORDS * 40)
    index.add("broken", broken)
    index.add("chinese", "保留音" * 30 + "".join(CHINESE[-20:]))
    read = _matched_text(broken)
    assert len(re.findall(r"\w+", read)) == MAX_WORDS
    assert broken.startswith(read)
    assert index._entries["chinese"].glyphs == {"保", "留", "音", "保留", "留音", "音保"}
    assert max(len(entry.joined) for entry in index._entries.values()) <= MAX_FEATURES


def test_words_written_as_one_are_not_looked_up_among_the_many_notes_that_hold_them():
    # "cust omer" joins up into "customer", which 300 notes say: no clue to which one.
    notes = [(str(n), f"customer {WORDS[n % len(WORDS)]} number {n}") for n in range(300)]
    index = SimilarityIndex([*notes, ("apart", "cust omer portal")])
    assert joined_up(index, "apart", common=100, room=250) == (set(), 0)
    found, read = joined_up(index, "apart", common=1000, room=250)
    assert len(found) == read == 300  # what the exact search looks through


def test_a_search_out_of_steps_stops_early_and_says_so(hostile_index: SimilarityIndex):
    found = hostile_index.search(bounds=SearchBounds(work=20_000))
    assert found.stopped_early
    assert 0 < found.searched < found.total == 5000
    notes = board_notes([f"note {number}" for number in range(3)])
    index = SimilarityIndex((note.id, note.text) for note in notes)
    listed = find_candidates(notes, index)
    assert not listed.stopped_early and listed.stopped_line() is None
    stopped = type(listed)([], True, 1234, 5000)
    assert stopped.stopped_line() == (
        "Stopped early: 1,234 of 5,000 notes looked for their like within the time and "
        "memory allowed; some pairs may be missing."
    )


VOCABULARY = [
    "callback",
    "calback",
    "hold",
    "music",
    "ticket",
    "tickets",
    "route",
    "faster",
    "fastest",
    "slowest",
    "email",
    "e mail",
    "wifi",
    "wi fi",
    "refund",
    "customer",
    "保留音",
    "折り返し電話",
]

notes_strategy = st.lists(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(" ".join),
    min_size=2,
    max_size=40,
)
bounds_strategy = st.builds(
    SearchBounds,
    candidates=st.integers(1, 4),
    postings=st.integers(1, 30),
    common_share=st.floats(0.0, 0.5),
    common_floor=st.integers(1, 10),
    work=st.integers(1, 400),
)


def assert_exact(index: SimilarityIndex, found: tuple[tuple[str, str, float], ...]) -> None:
    exhaustive = {(p.a, p.b): p.score for p in index.pairs()}
    for a, b, score in found:
        assert (a, b) in exhaustive
        assert score == pytest.approx(exhaustive[a, b])
        assert score == pytest.approx(index.score(a, b))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=notes_strategy,
    later=notes_strategy,
    gone=st.sets(st.integers(0, 39)),
    bounds=bounds_strategy,
)
def test_every_pair_found_is_one_the_exhaustive_search_finds_with_its_score(
    notes: list[str], later: list[str], gone: set[int], bounds: SearchBounds
):
    index = SimilarityIndex((str(number), text) for number, text in enumerate(notes))
    assert_exact(index, index.search(DEFAULT_MIN_SCORE, bounds=bounds).pairs)
    # Notes come and go: the kept pairs are followed, and their scores are today's.
    for number, text in enumerate(later):
        index.add(f"later {number}", text)
    for number in gone:
        index.remove(str(number))
    assert_exact(index, index.search(DEFAULT_MIN_SCORE, bounds=bounds).pairs)


def test_the_pair_list_follows_new_notes_without_searching_again():
    rng = random.Random(3)
    notes = [(str(n), " ".join(rng.choices(WORDS, k=rng.randint(2, 6)))) for n in range(300)]
    index = SimilarityIndex(notes)
    first = index.search()
    assert first.visited > 0
    index.add("again", "Offer a callback instead of hold music, please")
    index.add("typed", "Offer a calback instead of the hold music")
    followed = index.search()
    assert followed.visited == 0  # no posting list of the whole session read again
    assert ("again", "typed") in {(a, b) for a, b, _ in followed.pairs}
    assert_exact(index, followed.pairs)
