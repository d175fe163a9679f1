"""A rating round's results as every place shows them: the table's words and numbers.

The window's results page, the room's view and the minutes (PDF and Markdown) all
show a rating round from :func:`rating_table`, so their numbers cannot disagree; the
numbers themselves come from :func:`app.core.rating.rating_results`. Also here: the
words for a round's bias controls, which the minutes give for every round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.core.rating import CriterionResult, rating_department_breakdown, rating_results
from app.core.types import Criterion, Participant, VoteRound


def combined_definition(criteria: Sequence[Criterion]) -> str:
    """How the combined score is stated wherever it shows, naming what was turned around.

    "Combined: the mean of the criteria; Effort turned around (lower is better)." for
    impact and effort; NUF and ICE have nothing to turn, and their sentence says no more.
    """
    turned = [c.name for c in criteria if not c.higher_is_better]
    if not turned:
        return "Combined: the mean of the criteria."
    names = turned[0] if len(turned) == 1 else ", ".join(turned[:-1]) + " and " + turned[-1]
    return f"Combined: the mean of the criteria; {names} turned around (lower is better)."


SPREAD_DEFINITION = (
    "Each score is the mean ± the spread (standard deviation); n: how many rated the item. "
    "“Discuss”: the room disagrees (a spread of a quarter of the scale or more)."
)
NO_CONTROLS = "Bias controls: none."


HUNDREDTH = Decimal("0.01")


def score_text(value: float | None) -> str:
    """A mean, a spread or a combined score as every place prints it: two decimals, or —.

    Rounded as people round by hand, halves up: a mean of 29/8 = 3.625 reads 3.63 (the
    float's own formatting gives 3.62, and 2.67 for 2.675). ``repr`` is the shortest
    decimal that is the float, so an exact mean's half is seen as one.
    """
    if value is None:
        return "—"
    return str(Decimal(repr(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def criterion_heading(criterion: Criterion) -> str:
    """``"Useful 1-5"``, ``"Effort 1-5, lower is better"``: a column's name."""
    heading = f"{criterion.name} {criterion.min}-{criterion.max}"
    return heading if criterion.higher_is_better else heading + ", lower is better"


def controls_text(vote_round: VoteRound) -> str:
    """Which bias controls the round had on, in one sentence ("Bias controls: none.")."""
    on = []
    if vote_round.shuffle:
        on.append("each voter saw the items in their own order")
    if vote_round.no_self_votes:
        on.append("no votes on one's own ideas")
    if not on:
        return NO_CONTROLS
    return "Bias controls: " + "; ".join(on) + "."


@dataclass(frozen=True, slots=True)
class RatingLine:
    """One item of a rating round, as a row of its table."""

    item_id: str
    place: int | None
    """1 for the best combined score (equal scores share it); ``None`` if nobody rated it."""
    text: str
    scores: tuple[str, ...]
    """Per criterion, in the round's order: ``"4.00 ± 0.82"``, ``"5.00 ± 0.00 (n 1)"``, ``"—"``."""
    combined: float | None
    voters: int
    """How many voters rated it (n)."""
    discuss: bool
    by_department: tuple[str, ...] = ()
    """Its combined score from each of :attr:`RatingTable.departments` alone, or ``"—"``."""

    @property
    def place_text(self) -> str:
        """``"2"``, or ``"—"`` for an item nobody rated."""
        return "—" if self.place is None else str(self.place)

    @property
    def combined_text(self) -> str:
        """The combined score with two decimals, or ``"—"``."""
        return score_text(self.combined)

    @property
    def discuss_text(self) -> str:
        """``"discuss"`` when the room disagrees on it, else empty."""
        return "discuss" if self.discuss else ""


@dataclass(frozen=True, slots=True)
class RatingTable:
    """A rating round's results: its criteria, its items in the combined order, the scale."""

    criteria: tuple[str, ...]
    """Each criterion's column heading (:func:`criterion_heading`)."""
    lines: tuple[RatingLine, ...]
    top: int
    """The highest value any criterion allows: the chart's scale runs from 0 to it."""
    anonymous: bool
    """No breakdown by department: nobody is shown who rated what."""
    definition: str = ""
    """How to read the numbers: :func:`combined_definition` and :data:`SPREAD_DEFINITION`."""
    departments: tuple[str, ...] = ()
    """The departments that rated anything, in people order; empty when anonymous."""

    @property
    def rated(self) -> bool:
        """Whether anybody rated anything."""
        return any(line.combined is not None for line in self.lines)


def _cell(result: CriterionResult, voters: int) -> str:
    if result.mean is None:
        return "—"
    text = f"{score_text(result.mean)} ± {score_text(result.spread)}"
    return text if result.count == voters else f"{text} (n {result.count})"


def rating_table(
    vote_round: VoteRound,
    items: Sequence[str],
    label: Callable[[str], str],
    people: Mapping[str, Participant],
) -> RatingTable:
    """``vote_round``'s results (a rating round) as a table, best combined score first."""
    spread = rating_department_breakdown(vote_round, people, items)
    departments = tuple(spread or {})
    lines = tuple(
        RatingLine(
            entry.item_id,
            entry.place,
            label(entry.item_id),
            tuple(_cell(result, entry.voters) for result in entry.criteria),
            entry.combined,
            entry.voters,
            entry.discuss,
            tuple(score_text((spread or {})[d].get(entry.item_id)) for d in departments),
        )
        for entry in rating_results(vote_round, items)
    )
    return RatingTable(
        tuple(criterion_heading(c) for c in vote_round.criteria),
        lines,
        max((c.max for c in vote_round.criteria), default=1),
        spread is None,
        f"{combined_definition(vote_round.criteria)} {SPREAD_DEFINITION}",
        departments,
    )
