"""Similar ideas on a long session: the bounded list's CPU time and peak memory.

Each case runs in a fresh process, so that its peak memory is its own:

    python -m bench.similar_search ordinary|hostile COUNT

prints one line: the index's and the list's CPU seconds, the peak resident memory in
MB, how many notes looked for their like, how many there were, how many pairs were
found, and the floors: the CPU seconds rapidfuzz takes to fold every note once (in
C), and the peak memory with the notes made and nothing indexed. Ordinary notes are
:func:`bench.similarity.similarity_board`'s; hostile ones are valid text that is
costly to read (:func:`hostile_notes`).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import Figure, median, peak_megabytes

ROOT = Path(__file__).resolve().parent.parent

_MARKS = [chr(code) for code in range(0x0300, 0x0370)] + [chr(c) for c in range(0x20D0, 0x20F0)]
_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
_RIGHT_TO_LEFT = ["\u200f", "\u202b", "\u202e", "\u2067"]
_CHINESE = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
_HEBREW_ARABIC = "אבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
_EMOJI = ["👍", "🚀", "🔥", "👩‍💻", "🇪🇺", "❤️"]


def hostile_notes(count: int, seed: int = 7) -> list[str]:
    """``count`` notes of valid text, each up to the 2,000 characters a note may hold.

    Six kinds in turn: combining accents stacked on every letter, zero-width marks
    inside every word, right-to-left marks before Hebrew and Arabic words, long
    unspaced Chinese (words drawn by a long-tailed frequency), very long words, and
    repeated emoji.
    """
    from bench.similarity import similarity_board

    rng = random.Random(seed)
    chinese_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(_CHINESE))]
    base = similarity_board(500, seed=3)
    notes: list[str] = []
    while len(notes) < count:
        kind = len(notes) % 6
        if kind == 0:
            text = rng.choice(base) + " " + "".join(rng.choices(_GREEK, k=40))
            marks = (rng.choices(_MARKS, k=rng.randint(1, 6)) for _ in text)
            out = "".join(char + "".join(stack) for char, stack in zip(text, marks, strict=True))
        elif kind == 1:
            text = " ".join(rng.choice(base) for _ in range(8))
            out = "".join(
                char + (rng.choice(_INVISIBLE) if rng.random() < 0.4 else "") for char in text
            )
        elif kind == 2:
            words = ("".join(rng.choices(_HEBREW_ARABIC, k=rng.randint(2, 7))) for _ in range(150))
            out = "".join(rng.choice(_RIGHT_TO_LEFT) + word + " " for word in words)
        elif kind == 3:
            out = "".join(rng.choices(_CHINESE, chinese_weights, k=rng.randint(1500, 2000)))
        elif kind == 4:
            letters = "abcdefghijklmnopqrstuvwxyz"
            out = " ".join("".join(rng.choices(letters, k=rng.randint(40, 400))) for _ in range(8))
        else:
            out = " ".join(rng.choice(_EMOJI) * rng.randint(1, 30) for _ in range(60))
        notes.append(out[:2000])
    return notes


def measure(kind: str, count: int) -> str:
    """One case, in this process: the line :func:`main` prints."""
    from rapidfuzz import utils

    from app.core.similar_pairs import find_candidates, similarity_index
    from bench.similarity import similarity_board
    from tests.core.similarity_sets import board_notes

    texts = similarity_board(count) if kind == "ordinary" else hostile_notes(count)
    notes = board_notes(texts)
    bare_peak = peak_megabytes()
    start = time.process_time()
    for text in texts:
        utils.default_process(text)
    fold = time.process_time() - start
    start = time.process_time()
    index = similarity_index(notes)
    indexed = time.process_time()
    found = find_candidates(notes, index)
    listed = time.process_time()
    return (
        f"{indexed - start:.6f} {listed - indexed:.6f} {peak_megabytes():.1f} "
        f"{found.searched} {found.total} {len(found.pairs)} {fold:.6f} {bare_peak:.1f}"
    )


@dataclass(frozen=True)
class SearchRun:
    """What one process measured."""

    index_seconds: float
    list_seconds: float
    peak_mb: float
    searched: int
    total: int
    pairs: int
    fold_seconds: float
    """The floor of the CPU figures: rapidfuzz folds every note once."""
    bare_mb: float
    """The floor of the memory figures: the notes made, nothing indexed."""

    @property
    def stopped_early(self) -> bool:
        """Whether the search ran out of steps before every note had looked."""
        return self.searched < self.total


def run(kind: str, count: int) -> SearchRun:
    """One case in a fresh process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.similar_search", kind, str(count)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=True,
    )
    index, listed, peak, searched, total, pairs, fold, bare = result.stdout.split()
    return SearchRun(
        float(index),
        float(listed),
        float(peak),
        int(searched),
        int(total),
        int(pairs),
        float(fold),
        float(bare),
    )


def search_figures(count: int, runs: int) -> list[Figure]:
    """The bounded list of ``count`` ordinary notes, and of ``count`` hostile ones."""
    ordinary = [run("ordinary", count) for _ in range(runs)]
    hostile = run("hostile", count)  # one run: CPU time varies little, and it is slow
    listed = median([one.list_seconds for one in ordinary])
    went = "stopped early" if hostile.stopped_early else "went through"
    fold = median([one.fold_seconds for one in ordinary])
    return [
        Figure(
            f"similar ideas: bounded list of {count:,} notes (CPU)",
            listed,
            "s",
            fold,
            "≤ 1 s",
            listed <= 1.0,
        ),
        Figure(
            f"similar ideas: index of {count:,} notes (CPU)",
            median([one.index_seconds for one in ordinary]),
            "s",
            fold,
        ),
        Figure(
            f"similar ideas: peak memory, list of {count:,} notes",
            median([one.peak_mb for one in ordinary]),
            "MB",
            median([one.bare_mb for one in ordinary]),
        ),
        Figure(
            f"similar ideas: index of {count:,} hostile notes (CPU)",
            hostile.index_seconds,
            "s",
            hostile.fold_seconds,
        ),
        Figure(
            f"similar ideas: list of {count:,} hostile notes (CPU; it {went})",
            hostile.list_seconds,
            "s",
            hostile.fold_seconds,
            "≤ 3 s or stops early",
            hostile.list_seconds <= 3.0 or hostile.stopped_early,
        ),
        Figure(
            f"similar ideas: peak memory, {count:,} hostile notes",
            hostile.peak_mb,
            "MB",
            hostile.bare_mb,
            "≤ 300 MB",
            hostile.peak_mb <= 300.0,
        ),
        Figure(
            f"similar ideas: hostile notes that looked for their like, of {count:,}",
            hostile.searched,
            "notes",
            hostile.total,
        ),
    ]


def board_quality_figures(count: int) -> list[Figure]:
    """Precision and recall of the bounded list on the labelled held-out pairs, each
    pair among ``count`` ordinary notes (the bounds leave pairs out only in a crowd)."""
    from app.core.similarity import SimilarityIndex
    from bench.similarity import similarity_board
    from tests.core.similarity_sets import HOLDOUT, labelled_pairs

    pairs = labelled_pairs(HOLDOUT)
    board = similarity_board(count, seed=5)
    index = SimilarityIndex((f"board {number}", text) for number, text in enumerate(board))
    for number, pair in enumerate(pairs):
        index.add(f"{number} a", pair.a)
        index.add(f"{number} b", pair.b)
    found = {(a, b) for a, b, _ in index.search().pairs}
    flagged = [pair for n, pair in enumerate(pairs) if (f"{n} a", f"{n} b") in found]
    right = sum(pair.duplicate for pair in flagged)
    duplicates = sum(pair.duplicate for pair in pairs)
    precision = right / len(flagged) if flagged else 1.0
    recall = right / duplicates if duplicates else 1.0
    return [
        Figure(
            f"similar ideas: precision of the bounded list among {count:,} notes, held-out set",
            precision * 100,
            "%",
            target="≥ 90 %",
            met=precision >= 0.9,
        ),
        Figure(
            f"similar ideas: recall of the bounded list among {count:,} notes, held-out set",
            recall * 100,
            "%",
            target="≥ 70 %",
            met=recall >= 0.7,
        ),
    ]


def main() -> None:
    """``python -m bench.similar_search KIND COUNT``: measure one case, print its line."""
    kind, count = sys.argv[1], int(sys.argv[2])
    if kind not in ("ordinary", "hostile"):
        raise SystemExit("usage: python -m bench.similar_search ordinary|hostile COUNT")
    print(measure(kind, count))


if __name__ == "__main__":
    main()
