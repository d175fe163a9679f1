"""The 2×2 (impact up, effort across, 1..5 each) filled from a rating round's means.

The rule, stated once:

- **Which criterion is which axis.** A round made from a template maps itself:
  *impact and effort* gives impact from Impact and effort from Effort; *NUF* gives
  impact from Useful and effort from the mirror of Feasible (feasible is the opposite
  of effort); *ICE* gives impact from Impact and effort from the mirror of Ease. A
  round of the facilitator's own criteria has no such map: the facilitator picks a
  criterion for each axis and says whether a high value on it means more of the axis
  (:class:`Axis`); :func:`suggested_axes` offers a first guess.
- **From a mean to a step.** The criterion's exact mean ``m`` on its scale
  ``min..max`` is mirrored when a high value means less of the axis
  (``min + max - m``: 6 − feasible on 1-5, 11 − ease on 1-10), then mapped linearly
  onto 1..5 (``1 + 4 (m - min) / (max - min)``) and rounded to the nearest whole step,
  halves upwards (2.5 is 3). On a 1-5 scale the step is the rounded mean itself.
- **Marked, and the facilitator's own kept.** A value filled from a round is marked
  so (:class:`MatrixScore`). Filling again replaces only values that are empty or
  still marked; a value the facilitator placed by hand (typed, dragged, or changed
  after it was filled: :func:`placed_by_hand` takes the mark off) is kept. An item
  nobody rated on a criterion keeps what it had on that axis.

Quick wins (high impact for low effort) become experiments: :func:`hypothesis_for`
words the hypothesis and :func:`measure_for` the measure, from the session's goal.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from app.core import limits
from app.core.rating import ICE, IMPACT_EFFORT, NUF, RatingTemplate
from app.core.types import ActionItem, Criterion, Goal, VoteRound

LOW, HIGH = 1, 5
"""The 2×2's scale on both axes."""
DUE_IN = timedelta(days=7)
"""An experiment made from a quick win is due a week from the day it is made."""


@dataclass(frozen=True, slots=True)
class MatrixScore:
    """An item's place on the 2×2, and which of its values came from a rating round."""

    impact: int | None = None
    effort: int | None = None
    impact_from_round: bool = False
    effort_from_round: bool = False


@dataclass(frozen=True, slots=True)
class Axis:
    """The criterion an axis of the 2×2 is read from.

    ``high_is_more``: a high value on the criterion means high impact (or high effort);
    when False the mean is mirrored first (Feasible, Ease as effort).
    """

    criterion_id: str
    high_is_more: bool = True


def is_quick_win(impact: int | None, effort: int | None) -> bool:
    """High impact (4-5) for low effort (1-2)."""
    return impact is not None and effort is not None and impact >= 4 and effort <= 2


def _shape(criteria: Iterable[Criterion]) -> tuple[tuple[str, int, int, bool], ...]:
    return tuple((c.name.casefold(), c.min, c.max, c.higher_is_better) for c in criteria)


_TEMPLATE_AXES: tuple[tuple[RatingTemplate, tuple[str, bool], tuple[str, bool]], ...] = (
    (IMPACT_EFFORT, ("impact", True), ("effort", True)),
    (NUF, ("useful", True), ("feasible", False)),
    (ICE, ("impact", True), ("ease", False)),
)


def template_axes(criteria: Sequence[Criterion]) -> tuple[Axis, Axis] | None:
    """Impact's and effort's axes for a round made from a template; ``None`` otherwise."""
    for template, (impact, impact_more), (effort, effort_more) in _TEMPLATE_AXES:
        if _shape(criteria) == _shape(template.criteria):
            by_name = {c.name.casefold(): c.id for c in criteria}
            return Axis(by_name[impact], impact_more), Axis(by_name[effort], effort_more)
    return None


def suggested_axes(criteria: Sequence[Criterion]) -> tuple[Axis, Axis]:
    """The template's axes, or a first guess for criteria of the facilitator's own.

    The guess: impact from the first higher-is-better criterion (high means more);
    effort from the first lower-is-better one (high means more effort), else from the
    last criterion, mirrored (like Feasible). The facilitator may change both.
    """
    known = template_axes(criteria)
    if known is not None:
        return known
    better = [c for c in criteria if c.higher_is_better] or list(criteria)
    impact = better[0]
    worse = [c for c in criteria if not c.higher_is_better and c.id != impact.id]
    if worse:
        return Axis(impact.id, impact.higher_is_better), Axis(worse[0].id, True)
    rest = [c for c in criteria if c.id != impact.id] or [impact]
    return Axis(impact.id, True), Axis(rest[-1].id, False)


def matrix_step(criterion: Criterion, mean: Fraction, high_is_more: bool = True) -> int:
    """``mean`` on ``criterion``'s scale as a whole step of 1..5 (see the module's rule)."""
    value = mean if high_is_more else criterion.min + criterion.max - mean
    step = LOW + (HIGH - LOW) * (value - criterion.min) / (criterion.max - criterion.min)
    return max(LOW, min(HIGH, math.floor(step + Fraction(1, 2))))


def round_means(vote_round: VoteRound, item_id: str) -> dict[str, Fraction]:
    """The exact mean of each criterion ``item_id`` was rated on, by criterion id."""
    values: dict[str, list[Fraction]] = {}
    for rating in vote_round.ratings:
        if rating.item_id == item_id:
            values.setdefault(rating.criterion_id, []).append(Fraction(rating.value))
    return {criterion: statistics.mean(given) for criterion, given in values.items()}


def fill_from_round(
    vote_round: VoteRound,
    items: Sequence[str],
    axes: tuple[Axis, Axis],
    current: Mapping[str, MatrixScore],
) -> dict[str, MatrixScore]:
    """Every item of ``items`` with impact and effort filled from the round's means.

    A value is filled where it is empty or marked as from a round, and marked; the
    facilitator's own values, and the axes of an item nobody rated on, stay as they were.
    """
    criteria = {c.id: c for c in vote_round.criteria}
    impact_axis, effort_axis = axes
    filled: dict[str, MatrixScore] = {}
    for item_id in items:
        score = current.get(item_id, MatrixScore())
        means = round_means(vote_round, item_id)
        impact = _filled(criteria, means, impact_axis, score.impact, score.impact_from_round)
        effort = _filled(criteria, means, effort_axis, score.effort, score.effort_from_round)
        if impact is not None:
            score = replace(score, impact=impact, impact_from_round=True)
        if effort is not None:
            score = replace(score, effort=effort, effort_from_round=True)
        filled[item_id] = score
    return filled


def _filled(
    criteria: Mapping[str, Criterion],
    means: Mapping[str, Fraction],
    axis: Axis,
    value: int | None,
    from_round: bool,
) -> int | None:
    """The step to fill in, or ``None`` to leave the value as it is."""
    criterion = criteria.get(axis.criterion_id)
    mean = means.get(axis.criterion_id)
    if criterion is None or mean is None or (value is not None and not from_round):
        return None
    return matrix_step(criterion, mean, axis.high_is_more)


def placed_by_hand(score: MatrixScore, impact: int | None, effort: int | None) -> MatrixScore:
    """``score`` with the facilitator's values: a value that changes is no longer the round's."""
    return MatrixScore(
        impact,
        effort,
        score.impact_from_round and impact == score.impact,
        score.effort_from_round and effort == score.effort,
    )


# ---------------------------------------------------------------- quick wins to experiments


def _clause(text: str) -> str:
    """An idea's words as the middle of a sentence: one line, no closing stop, lower first."""
    words = " ".join(text.split()).rstrip(".!;: ")
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        words = words[0].lower() + words[1:]
    return words


def measure_for(goal: Goal | None) -> str:
    """The measure of an experiment: the goal's metric, with its unit when it has one."""
    if goal is None or not goal.metric.strip():
        return ""
    metric = goal.metric.strip()
    return f"{metric} ({goal.unit.strip()})" if goal.unit.strip() else metric


def hypothesis_for(idea: str, goal: Goal | None, goal_wording: str = "") -> str:
    """The hypothesis of an experiment: 'If we try “<idea>”, we expect <the metric> to improve'.

    The idea is quoted as written: notes are as often a noun ("QR codes on boxes") as a
    verb ("Send a checklist"), and "If we try …" reads right with either. Without a
    metric the session's goal is named instead ("…, we expect to get closer to:
    <goal>."); without either, the expectation is left for the facilitator to say.
    """
    start = f"If we try “{' '.join(idea.split()).rstrip('.!;: ')}”, we expect "
    metric = goal.metric.strip() if goal is not None else ""
    wording = goal_wording.strip() or (goal.title.strip() if goal is not None else "")
    if metric:
        end = f"{_clause(metric)} to improve."
    elif wording:
        end = f"to get closer to: {_clause(wording)}."
    else:
        end = "…"
    return (start + end)[: limits.MAX_ACTION_TEXT]


def experiment_title(idea: str) -> str:
    """An action's title from an idea's words: one line, at most a title's length."""
    words = " ".join(idea.split())
    if len(words) <= limits.MAX_TITLE:
        return words
    return words[: limits.MAX_TITLE - 1].rstrip() + "…"


def earlier_experiment(
    idea: str, note_ids: Collection[str], actions: Iterable[ActionItem]
) -> ActionItem | None:
    """The action already made from this idea, if any, so that it is not made twice.

    ``note_ids`` are a card's note and the notes stacked into it: its action is one
    that came from any of them. A cluster (no ``note_ids``), which no action points
    at, has one when an action from no note bears the title its experiment would take.
    """
    if note_ids:
        return next((a for a in actions if a.source_note_id in note_ids), None)
    title = experiment_title(idea)
    return next((a for a in actions if a.source_note_id is None and a.title == title), None)


def default_due(today: date) -> date:
    """When an experiment made today is due unless the facilitator says otherwise."""
    return today + DUE_IN
