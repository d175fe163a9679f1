"""Similar ideas: how fast all pairs and the capture hint are, and how right.

The board is made from the labelled notes' own words (eight languages), drawn by how
often they occur, as the words of a long session are: a few very common, most rare.
A tenth of its notes are said again: misspelt, with a word more, in another order.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from rapidfuzz import fuzz, process, utils

from app.core.cluster_suggestions import suggest_groups
from app.core.similarity import DEFAULT_MIN_SCORE, RELATED, RELATED_MIN_SCORE, SimilarityIndex
from bench.common import Figure, alternate, median, timed
from tests.core.similarity_sets import (
    HOLDOUT,
    THEMED,
    THEMED_HOLDOUT,
    TUNING,
    UNRELATED,
    board_notes,
    labelled_pairs,
    quality,
    theme_quality,
)

_WORD = re.compile(r"[^\W\d_]+")


def similarity_board(count: int, seed: int = 11) -> list[str]:
    """``count`` notes of a long session, a tenth of them said again in other words."""
    rng = random.Random(seed)
    pairs = labelled_pairs(TUNING) + labelled_pairs(HOLDOUT)
    texts = [text for pair in pairs for text in (pair.a, pair.b)]
    ranked = [word for word, _ in Counter(_WORD.findall(" ".join(texts))).most_common()]
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(ranked))]
    notes = texts[: count // 3]
    while len(notes) < count:
        if notes and rng.random() < 0.1:
            notes.append(_said_again(rng.choice(notes), rng, ranked))
        else:
            words = rng.choices(ranked, weights, k=rng.randint(3, 12))
            notes.append(" ".join(words).capitalize())
    return notes[:count]


def _said_again(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    change = rng.randrange(3)
    if change == 0 and words:
        at = rng.randrange(len(words))
        word = words[at]
        if len(word) > 3:
            cut = rng.randrange(1, len(word) - 1)
            words[at] = word[:cut] + word[cut + 1 :]  # a letter dropped
    elif change == 1:
        words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary[:300]))
    else:
        rng.shuffle(words)
    return " ".join(words)


def similarity_figures(count: int, runs: int) -> list[Figure]:
    """All pairs, the hint after Enter, and precision and recall on both labelled sets."""
    notes = similarity_board(count)
    index = SimilarityIndex((str(number), text) for number, text in enumerate(notes))

    def all_pairs() -> float:
        return timed(lambda: index.pairs())

    def each_against_all() -> float:
        # The floor: rapidfuzz's own loop in C++, every note against every note by
        # plain edit distance, keeping what reaches the same cut-off.
        return timed(
            lambda: [
                process.extract(
                    text, notes, scorer=fuzz.ratio, score_cutoff=DEFAULT_MIN_SCORE * 100
                )
                for text in notes
            ]
        )

    mine, floor = alternate(runs, all_pairs, each_against_all)
    pair_figure = Figure(
        f"similar ideas: all pairs of {count:,} notes",
        median(mine),
        "s",
        median(floor),
        "≤ 300 ms",
        median(mine) <= 0.3,
    )

    def build() -> float:
        return timed(lambda: SimilarityIndex((str(n), t) for n, t in enumerate(notes)))

    def fold_only() -> float:
        return timed(lambda: [utils.default_process(text) for text in notes])

    built, folded = alternate(runs, build, fold_only)
    build_figure = Figure(
        f"similar ideas: index {count:,} notes (once, at open)",
        median(built),
        "s",
        median(folded),
    )

    rng = random.Random(5)
    steps = max(20, runs * 10)

    def hint() -> float:
        text = _said_again(rng.choice(notes), rng, notes)

        def step() -> None:
            index.add("typed", text)
            index.similar_to("typed", limit=1)

        return timed(step)

    def one_against_all() -> float:
        text = rng.choice(notes)
        return timed(lambda: process.extractOne(text, notes, scorer=fuzz.ratio))

    hints, ones = alternate(steps, hint, one_against_all)
    hint_figure = Figure(
        f"similar ideas: hint after Enter at {count:,} notes (median)",
        median(hints),
        "s",
        median(ones),
        "≤ 10 ms",
        median(hints) <= 0.01,
    )
    figures = [pair_figure, build_figure, hint_figure]
    for name, path, promised in (("tuning set", TUNING, False), ("held-out set", HOLDOUT, True)):
        result = quality(labelled_pairs(path))
        figures.append(
            Figure(
                f"similar ideas: precision, {name}",
                result.precision * 100,
                "%",
                target="≥ 90 %" if promised else "report",
                met=result.precision >= 0.9 if promised else None,
            )
        )
        figures.append(
            Figure(
                f"similar ideas: recall, {name}",
                result.recall * 100,
                "%",
                target="≥ 70 %" if promised else "report",
                met=result.recall >= 0.7 if promised else None,
            )
        )
    return figures


def suggestion_figures(count: int, runs: int) -> list[Figure]:
    """Suggested clusters: how long for ``count`` loose notes, and how right on the boards.

    The floor is what the suggestions were before they looked for themes: every pair
    of notes related enough to share a cluster, found by the same index.
    """
    notes = board_notes(similarity_board(count, seed=3))

    def suggest() -> float:
        return timed(lambda: suggest_groups(notes))

    def related_pairs() -> float:
        index = SimilarityIndex((note.id, note.text) for note in notes)
        return timed(lambda: index.pairs(RELATED_MIN_SCORE, likeness=RELATED))

    mine, floor = alternate(runs, suggest, related_pairs)
    figures = [
        Figure(
            f"suggested clusters: {count:,} loose notes",
            median(mine),
            "s",
            median(floor),
            "≤ 1 s",
            median(mine) <= 1.0,
        )
    ]
    for name, path in (("themed board", THEMED), ("themed board written apart", THEMED_HOLDOUT)):
        found = theme_quality(path)
        figures.append(
            Figure(
                f"suggested clusters: adjusted Rand index, {name}",
                found.adjusted_rand * 100,
                "%",
                target="≥ 60 %",
                met=found.adjusted_rand >= 0.6,
            )
        )
    unrelated = theme_quality(UNRELATED)
    figures.append(
        Figure(
            "suggested clusters: notes grouped on a board of unrelated notes",
            unrelated.grouped,
            "notes",
            target="≤ 3",
            met=unrelated.grouped <= 3,
        )
    )
    return figures
