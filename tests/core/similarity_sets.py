"""The labelled pairs of notes the matcher is measured on, and how it scores on them.

``similarity_data/tuning_pairs.jsonl`` is the set the matcher was tuned against;
``similarity_data/holdout_pairs.jsonl`` was written apart, on other topics, and is only
ever measured. Each line is ``{"a", "b", "duplicate", "lang", "kind"}``.

The boards measure suggested clusters: ``themed_board.jsonl`` (24 notes, four themes,
said as people say them; what the suggestions were tuned on), ``themed_board_holdout.jsonl``
(16 notes, four other themes, written apart and only measured) and
``unrelated_board.jsonl`` (24 notes, each on a subject of its own). Each line is
``{"text", "theme"}`` (no theme: the note is alone).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.cluster_suggestions import suggest_groups
from app.core.similarity import DEFAULT_MIN_SCORE, SimilarityIndex
from app.core.types import Note

DATA = Path(__file__).with_name("similarity_data")
TUNING = DATA / "tuning_pairs.jsonl"
HOLDOUT = DATA / "holdout_pairs.jsonl"
THEMED = DATA / "themed_board.jsonl"
THEMED_HOLDOUT = DATA / "themed_board_holdout.jsonl"
UNRELATED = DATA / "unrelated_board.jsonl"


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


@dataclass(frozen=True, slots=True)
class ThemeQuality:
    """How the suggested clusters of a labelled board match its themes."""

    adjusted_rand: float
    """1 for the themes exactly, about 0 for chance (a note in no suggestion is alone)."""
    purity: float
    """Of the notes suggested, the share in a group whose commonest theme is theirs."""
    grouped: int
    """How many notes are in a suggestion."""
    themes_found: int
    """How many themes are the commonest of some suggested group."""
    groups: tuple[tuple[str, ...], ...]
    """Each suggestion's notes, as their texts."""


def labelled_board(path: Path) -> list[tuple[str, str]]:
    """Each note of a board, ``(text, theme)`` in board order (a lone note is its own)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    return [(row["text"], row.get("theme") or f"alone {n}") for n, row in enumerate(rows)]


def board_notes(texts: list[str]) -> list[Note]:
    """Loose notes with these texts, ids "0", "1"… in board order."""
    when = datetime(2026, 12, 1, tzinfo=UTC)
    return [Note(str(n), text, "#FFF59D", 0, 0, when) for n, text in enumerate(texts)]


def adjusted_rand_index(first: list[str], second: list[str]) -> float:
    """How alike two ways of grouping the same items are, chance taken out (Hubert–Arabie)."""

    def pairs(count: int) -> float:
        return count * (count - 1) / 2

    both = sum(pairs(n) for n in Counter(zip(first, second, strict=True)).values())
    one = sum(pairs(n) for n in Counter(first).values())
    other = sum(pairs(n) for n in Counter(second).values())
    expected = one * other / pairs(len(first))
    best = (one + other) / 2
    return 1.0 if best == expected else (both - expected) / (best - expected)


def theme_quality(path: Path) -> ThemeQuality:
    """Suggest clusters for a labelled board, and compare them with its themes."""
    board = labelled_board(path)
    notes = board_notes([text for text, _ in board])
    groups = suggest_groups(notes)
    suggested = {note_id: f"group {n}" for n, g in enumerate(groups) for note_id in g.note_ids}
    themes = [theme for _, theme in board]
    found = [suggested.get(note.id, f"alone {note.id}") for note in notes]
    commonest = [Counter(themes[int(i)] for i in g.note_ids).most_common(1)[0] for g in groups]
    grouped = len(suggested)
    return ThemeQuality(
        adjusted_rand=adjusted_rand_index(themes, found),
        purity=sum(count for _, count in commonest) / grouped if grouped else 1.0,
        grouped=grouped,
        themes_found=len({theme for theme, _ in commonest}),
        groups=tuple(tuple(board[int(i)][0] for i in g.note_ids) for g in groups),
    )
