"""The labelled pairs of notes the matcher is measured on, and how it scores on them.

``similarity_data/tuning_pairs.jsonl`` is the set the matcher was tuned against;
``similarity_data/holdout_pairs.jsonl`` was written apart, on other topics, and is only
ever measured. Each line is ``{"a", "b", "duplicate", "lang", "kind"}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app.core.similarity import DEFAULT_MIN_SCORE, SimilarityIndex

DATA = Path(__file__).with_name("similarity_data")
TUNING = DATA / "tuning_pairs.jsonl"
HOLDOUT = DATA / "holdout_pairs.jsonl"


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two notes and whether a facilitator would stack them as one idea."""

    a: str
    b: str
    duplicate: bool
    lang: str
    kind: str


@dataclass(frozen=True, slots=True)
class Quality:
    """How the matcher did on a labelled set at one threshold."""

    precision: float
    recall: float
    mistakes: tuple[tuple[float, LabelledPair], ...]


def labelled_pairs(path: Path) -> list[LabelledPair]:
    """Every pair of one labelled set, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [LabelledPair(**json.loads(line)) for line in lines if line.strip()]


def scored_pairs(pairs: list[LabelledPair]) -> list[tuple[float, LabelledPair]]:
    """Each pair's score, with every note of the set in one index (as one session)."""
    index = SimilarityIndex()
    for number, pair in enumerate(pairs):
        index.add(f"{number}a", pair.a)
        index.add(f"{number}b", pair.b)
    return [(index.score(f"{n}a", f"{n}b"), pair) for n, pair in enumerate(pairs)]


def quality(pairs: list[LabelledPair], min_score: float = DEFAULT_MIN_SCORE) -> Quality:
    """Precision and recall of "same idea" at ``min_score``, and the pairs it got wrong."""
    scored = scored_pairs(pairs)
    flagged = [(s, p) for s, p in scored if s >= min_score]
    right = sum(1 for _, p in flagged if p.duplicate)
    duplicates = sum(1 for _, p in scored if p.duplicate)
    mistakes = tuple((s, p) for s, p in scored if (s >= min_score) != p.duplicate)
    return Quality(
        precision=right / len(flagged) if flagged else 1.0,
        recall=right / duplicates if duplicates else 1.0,
        mistakes=mistakes,
    )
