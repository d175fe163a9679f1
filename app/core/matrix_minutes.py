"""What stands on the 2×2 in the minutes: cards (a stack as its card) and clusters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.matrix_fill import is_quick_win
from app.core.types import Cluster, Note


@dataclass(frozen=True, slots=True)
class MatrixLine:
    """One thing on the 2×2: a card (a stack counts as its card) or a cluster."""

    text: str
    """The card's words, or the cluster's title."""
    impact: int
    effort: int
    kind: str = "note"
    """``note``, ``stack`` or ``cluster``."""
    stack_size: int = 1
    """How many notes a stack holds, its card included."""
    from_round: str = ""
    """Which values a rating round filled (``impact and effort``, ``impact``, ``effort``),
    ``""`` when both were placed by hand."""

    @property
    def quick_win(self) -> bool:
        """High impact (4-5) for low effort (1-2)."""
        return is_quick_win(self.impact, self.effort)

    @property
    def label(self) -> str:
        """What the minutes call it: the words, and what it is when not a single note."""
        if self.kind == "cluster":
            return f"Cluster “{self.text}”"
        if self.kind == "stack":
            return f"{self.text} (a stack of {self.stack_size} notes)"
        return self.text

    @property
    def facts(self) -> str:
        """``impact 5, effort 1``, and where the values came from when a round filled them."""
        line = f"impact {self.impact}, effort {self.effort}"
        return f"{line}; {self.from_round} from a rating round" if self.from_round else line


def matrix_lines(
    cards: Sequence[Note], clusters: Sequence[Cluster], sizes: Mapping[str, int]
) -> list[MatrixLine]:
    """Every card and cluster placed on the 2×2 (both values set): cards, then clusters.

    ``sizes`` are the stacks' sizes (:func:`app.core.stacks.stack_sizes`).
    """
    lines: list[MatrixLine] = []
    placed: list[tuple[str, str, Note | Cluster]] = [
        ("stack" if sizes.get(n.id, 1) > 1 else "note", n.text, n) for n in cards
    ]
    placed += [("cluster", c.title or "Untitled cluster", c) for c in clusters]
    for kind, text, held in placed:
        if held.impact is None or held.effort is None:
            continue
        filled = [
            axis
            for axis, marked in (
                ("impact", held.impact_from_round),
                ("effort", held.effort_from_round),
            )
            if marked
        ]
        lines.append(
            MatrixLine(
                text,
                held.impact,
                held.effort,
                kind,
                sizes.get(held.id, 1) if kind == "stack" else 1,
                " and ".join(filled),
            )
        )
    return lines
