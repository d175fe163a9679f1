"""Rating rounds: criteria and their templates, one voter's ballot, and the results.

Each voter rates items on the round's criteria (NUF, ICE, impact and effort, or the
facilitator's own); an item or a criterion may be left unrated. The numbers every
place shows (the window, the room's view, the minutes) come from here, defined once:

- **mean**: the mean of the values given to one item on one criterion.
- **spread**: their *population* standard deviation, the square root of the mean
  squared distance from the mean (one rating: 0; none: no spread).
- **discuss**: an item is flagged when, on at least one criterion, the spread is at
  least a quarter of that criterion's range (``max - min``): 1.0 on a 1-5 scale, 2.25
  on a 1-10 scale. The widest spread a scale allows is half its range (half the room
  at each end), so the flag goes up at half the widest disagreement there can be.
- **combined score**: the mean of the item's criterion means, each lower-is-better
  criterion turned around first (a value ``v`` counts as ``min + max - v``, so higher
  is always better). Criteria nobody rated on the item are left out; an item nobody
  rated has no combined score and comes last.

Means and spreads are computed exactly (fractions), so two items with the same scores
always share a place and the discuss flag never wobbles on a rounding error.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from app.core import limits
from app.core.types import Criterion, Participant, Rating, VoteRound, new_id
from app.core.voting import NOT_IN_ROUND, SELF_VOTE_REFUSAL

DISCUSS_SHARE = Fraction(1, 4)
"""The spread, as a share of a criterion's range (``max - min``), that flags "discuss"."""


# ---------------------------------------------------------------------- criteria


@dataclass(frozen=True, slots=True)
class RatingTemplate:
    """A ready set of criteria. Their ids are empty: :func:`fresh_criteria` gives real ones."""

    key: str
    name: str
    criteria: tuple[Criterion, ...]


def _scale(name: str, low: int, high: int, higher_is_better: bool = True) -> Criterion:
    return Criterion("", name, low, high, higher_is_better)


NUF = RatingTemplate(
    "nuf",
    "NUF: new, useful, feasible",
    (_scale("New", 1, 5), _scale("Useful", 1, 5), _scale("Feasible", 1, 5)),
)
ICE = RatingTemplate(
    "ice",
    "ICE: impact, confidence, ease",
    (_scale("Impact", 1, 10), _scale("Confidence", 1, 10), _scale("Ease", 1, 10)),
)
IMPACT_EFFORT = RatingTemplate(
    "impact_effort",
    "Impact and effort",
    (_scale("Impact", 1, 5), _scale("Effort", 1, 5, higher_is_better=False)),
)
TEMPLATES = (NUF, ICE, IMPACT_EFFORT)
"""The templates a facilitator picks from, in the order offered."""


def fresh_criteria(
    criteria: Iterable[Criterion], make_id: Callable[[], str] = new_id
) -> tuple[Criterion, ...]:
    """``criteria`` (a template's, or another round's) each with a new id.

    Every id in a session file is unique, so a new round never reuses the ids of
    another round's criteria: make its criteria here.
    """
    return tuple(replace(criterion, id=make_id()) for criterion in criteria)


def criteria_refusal(criteria: Sequence[Criterion]) -> str | None:
    """Why ``criteria`` cannot be a rating round's, in one sentence; ``None`` if they can.

    2 to 5 criteria, each with a name of 1 to 60 characters (no two alike) and a scale
    that runs upwards over at most 11 steps (``max - min`` at most 10).
    """
    if not limits.MIN_CRITERIA <= len(criteria) <= limits.MAX_CRITERIA:
        return (
            f"A rating round needs {limits.MIN_CRITERIA} to {limits.MAX_CRITERIA} criteria; "
            f"this one has {len(criteria)}."
        )
    names: set[str] = set()
    ids: set[str] = set()
    for number, criterion in enumerate(criteria, start=1):
        if not criterion.name.strip():
            return f"Criterion {number} needs a name."
        problem = limits.text_problem(criterion.name, max_length=limits.MAX_CRITERION_NAME)
        if problem is not None:
            return f"The name of criterion {number} {problem}."
        name = f"“{criterion.name.strip()}”"
        if criterion.min >= criterion.max:
            return (
                f"The scale of {name} must run upwards: its lowest value ({criterion.min}) "
                f"must be below its highest ({criterion.max})."
            )
        if criterion.max - criterion.min > limits.MAX_SCALE_SPAN:
            return (
                f"The scale of {name} has {criterion.max - criterion.min + 1} steps; "
                f"a scale has at most {limits.MAX_SCALE_SPAN + 1}."
            )
        key = criterion.name.strip().casefold()
        if key in names:
            return f"Two criteria are called {name}: give each its own name."
        if criterion.id in ids:
            return f"Criterion {number} has the id of another criterion."
        names.add(key)
        ids.add(criterion.id)
    return None


def turned(criterion: Criterion, value: Fraction) -> Fraction:
    """``value`` as higher-is-better: a lower-is-better value ``v`` is ``min + max - v``."""
    return value if criterion.higher_is_better else criterion.min + criterion.max - value


# ---------------------------------------------------------------------- the ballot


@dataclass(frozen=True, slots=True)
class RatingBallot:
    """One voter's values in one rating round, and the round's rules for them."""

    criteria: tuple[Criterion, ...]
    items: tuple[str, ...]
    """The items this round is about, in the order shown."""
    values: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """(item id, criterion id) → the value given."""
    own: frozenset[str] = frozenset()
    """Items that are the voter's own ideas in a round without self-votes."""

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The round's criterion of that id, if it has one."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def value(self, item_id: str, criterion_id: str) -> int | None:
        """The value given to ``item_id`` on ``criterion_id``, if any."""
        return self.values.get((item_id, criterion_id))

    @property
    def rated_items(self) -> int:
        """How many of the round's items have at least one value."""
        given = {item for item, _ in self.values}
        return sum(1 for item in self.items if item in given)

    def refusal(self, item_id: str, criterion_id: str, value: int) -> str | None:
        """Why ``value`` can't be given now, in words for the voter; ``None`` if it can."""
        if item_id not in self.items:
            return NOT_IN_ROUND
        if item_id in self.own:
            return SELF_VOTE_REFUSAL
        criterion = self.criterion(criterion_id)
        if criterion is None:
            return "That criterion is not part of this round."
        if not criterion.min <= value <= criterion.max:
            return (
                f"{criterion.name} goes from {criterion.min} to {criterion.max}; "
                f"{value} is not on its scale."
            )
        return None

    def rate(self, item_id: str, criterion_id: str, value: int) -> RatingBallot:
        """The ballot with ``value`` given (replacing any earlier); ValueError when refused."""
        reason = self.refusal(item_id, criterion_id, value)
        if reason is not None:
            raise ValueError(reason)
        values = dict(self.values)
        values[item_id, criterion_id] = value
        return replace(self, values=values)

    def clear(self, item_id: str, criterion_id: str) -> RatingBallot:
        """The ballot without a value there (unchanged if it had none)."""
        if (item_id, criterion_id) not in self.values:
            return self
        values = dict(self.values)
        del values[item_id, criterion_id]
        return replace(self, values=values)

    def ratings(self, voter_id: str) -> tuple[Rating, ...]:
        """The ballot as stored ratings: items in the order shown, criteria in the round's."""
        return tuple(
            Rating(voter_id, item, criterion.id, value)
            for item in self.items
            for criterion in self.criteria
            if (value := self.values.get((item, criterion.id))) is not None
        )


def rating_ballot_for(
    vote_round: VoteRound, voter_id: str, items: Sequence[str], own: Iterable[str] = ()
) -> RatingBallot:
    """The rating ballot of ``voter_id`` as stored in the round.

    ``own`` is what :func:`app.core.voting.own_items` gives for the voter.
    """
    values = {
        (r.item_id, r.criterion_id): r.value for r in vote_round.ratings if r.voter_id == voter_id
    }
    return RatingBallot(vote_round.criteria, tuple(items), values, frozenset(own))


# ---------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """What the room gave one item on one criterion."""

    criterion: Criterion
    count: int
    """How many ratings it got."""
    mean: float | None
    """``None`` when nobody rated it."""
    spread: float | None
    """Population standard deviation of the values; ``None`` when nobody rated it."""
    discuss: bool
    """The spread is at least :data:`DISCUSS_SHARE` of the criterion's range."""


@dataclass(frozen=True, slots=True)
class RatedItem:
    """One item's place in a rating round's results."""

    item_id: str
    criteria: tuple[CriterionResult, ...]
    """One per criterion of the round, in the round's order."""
    combined: float | None
    """The mean of the criteria's means, lower-is-better ones turned around."""
    voters: int
    """How many voters rated it on at least one criterion."""
    discuss: bool
    """The room disagrees on at least one criterion: talk before deciding."""
    place: int | None
    """1 for the best combined score; equal scores share a place; ``None`` if unrated."""


@dataclass(frozen=True, slots=True)
class _Exact:
    result: RatedItem
    combined: Fraction | None


def _mean_and_variance(values: Sequence[int]) -> tuple[Fraction, Fraction]:
    exact = [Fraction(value) for value in values]
    return statistics.mean(exact), statistics.pvariance(exact)


def _item(item_id: str, criteria: Sequence[Criterion], ratings: Sequence[Rating]) -> _Exact:
    per_criterion: list[CriterionResult] = []
    turned_means: list[Fraction] = []
    for criterion in criteria:
        values = [r.value for r in ratings if r.criterion_id == criterion.id]
        if not values:
            per_criterion.append(CriterionResult(criterion, 0, None, None, False))
            continue
        mean, variance = _mean_and_variance(values)
        # spread >= share * range, squared on both sides: exact, no square root.
        limit = DISCUSS_SHARE * (criterion.max - criterion.min)
        discuss = variance >= limit * limit
        spread = math.sqrt(variance)
        per_criterion.append(CriterionResult(criterion, len(values), float(mean), spread, discuss))
        turned_means.append(turned(criterion, mean))
    combined = statistics.mean(turned_means) if turned_means else None
    voters = len({r.voter_id for r in ratings if any(r.criterion_id == c.id for c in criteria)})
    result = RatedItem(
        item_id,
        tuple(per_criterion),
        None if combined is None else float(combined),
        voters,
        any(c.discuss for c in per_criterion),
        None,
    )
    return _Exact(result, combined)


def rating_results(vote_round: VoteRound, items: Sequence[str]) -> list[RatedItem]:
    """Every item of a rating round with its numbers, best combined score first.

    Items with equal combined scores share a place and keep the order they were given
    in; items nobody rated come last, without a place.
    """
    by_item: dict[str, list[Rating]] = {item: [] for item in items}
    for rating in vote_round.ratings:
        if rating.item_id in by_item:
            by_item[rating.item_id].append(rating)
    exact = [_item(item, vote_round.criteria, by_item[item]) for item in items]
    rated = sorted((e for e in exact if e.combined is not None), key=lambda e: -_score(e))
    ranked: list[RatedItem] = []
    place = 0
    for position, entry in enumerate(rated, start=1):
        if position == 1 or _score(entry) != _score(rated[position - 2]):
            place = position
        ranked.append(replace(entry.result, place=place))
    return ranked + [e.result for e in exact if e.combined is None]


def _score(entry: _Exact) -> Fraction:
    assert entry.combined is not None
    return entry.combined


def rating_department_breakdown(
    vote_round: VoteRound, people: Mapping[str, Participant], items: Sequence[str]
) -> dict[str, dict[str, float]] | None:
    """Each department's combined score per item, from that department's ratings alone.

    ``None`` when the round is anonymous: nobody is shown who rated what. Departments
    come in people order ("No department" for those without one); a department that
    rated nothing, and the items it did not rate, are left out.
    """
    if vote_round.anonymous:
        return None
    departments = list(dict.fromkeys(p.department or "No department" for p in people.values()))
    theirs: dict[str, dict[str, list[Rating]]] = {department: {} for department in departments}
    for rating in vote_round.ratings:
        person = people.get(rating.voter_id)
        if person is not None:
            by_item = theirs[person.department or "No department"]
            by_item.setdefault(rating.item_id, []).append(rating)
    breakdown: dict[str, dict[str, float]] = {}
    for department, by_item in theirs.items():
        scores = {
            item: score
            for item in items
            if item in by_item
            and (score := _item(item, vote_round.criteria, by_item[item]).result.combined)
            is not None
        }
        if scores:
            breakdown[department] = scores
    return breakdown
