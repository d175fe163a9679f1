"""The 2×2 filled from a rating round: the rule, against hand-computed values."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.core.matrix_fill import (
    Axis,
    MatrixScore,
    default_due,
    fill_from_round,
    hypothesis_for,
    matrix_step,
    measure_for,
    placed_by_hand,
    suggested_axes,
    template_axes,
)
from app.core.rating import ICE, IMPACT_EFFORT, NUF, fresh_criteria
from app.core.types import Criterion, Goal, Rating, RoundStatus, VoteRound, VoteTarget

ids = iter(f"c{i}" for i in range(100))


def rating_round(
    criteria: tuple[Criterion, ...], ratings: list[tuple[str, str, int]]
) -> VoteRound:
    """``ratings``: (item, criterion name, value), one voter each."""
    by_name = {c.name: c.id for c in criteria}
    return VoteRound(
        "r",
        "Rate it",
        VoteTarget.NOTES,
        0,
        0,
        False,
        False,
        RoundStatus.CLOSED,
        criteria=criteria,
        ratings=tuple(
            Rating(f"v{n}", item, by_name[name], value)
            for n, (item, name, value) in enumerate(ratings)
        ),
    )


def test_each_template_maps_its_own_axes():
    nuf = fresh_criteria(NUF.criteria, lambda: next(ids))
    assert template_axes(nuf) == (Axis(nuf[1].id, True), Axis(nuf[2].id, False))
    ice = fresh_criteria(ICE.criteria, lambda: next(ids))
    assert template_axes(ice) == (Axis(ice[0].id, True), Axis(ice[2].id, False))
    ie = fresh_criteria(IMPACT_EFFORT.criteria, lambda: next(ids))
    assert template_axes(ie) == (Axis(ie[0].id, True), Axis(ie[1].id, True))


def test_own_criteria_are_guessed_and_left_to_the_facilitator():
    value = Criterion("v", "Value", 1, 7)
    cost = Criterion("k", "Cost", 1, 3, higher_is_better=False)
    assert template_axes((value, cost)) is None
    assert suggested_axes((value, cost)) == (Axis("v", True), Axis("k", True))
    ease = Criterion("e", "Ease", 0, 10)
    assert suggested_axes((value, ease)) == (Axis("v", True), Axis("e", False))


def test_a_mean_becomes_the_nearest_whole_step_halves_up():
    one_to_five = Criterion("a", "Useful", 1, 5)
    assert matrix_step(one_to_five, Fraction(7, 2)) == 4  # 3.5 -> 4
    assert matrix_step(one_to_five, Fraction(10, 3)) == 3  # 3.33 -> 3
    # Feasible 4.5 mirrored on 1-5: 6 - 4.5 = 1.5 -> 2
    assert matrix_step(one_to_five, Fraction(9, 2), high_is_more=False) == 2
    one_to_ten = Criterion("b", "Ease", 1, 10)
    # Ease 8 mirrored: 11 - 8 = 3; 1 + 4 * 2 / 9 = 1.89 -> 2
    assert matrix_step(one_to_ten, Fraction(8), high_is_more=False) == 2
    # Impact 7: 1 + 4 * 6 / 9 = 3.67 -> 4
    assert matrix_step(one_to_ten, Fraction(7)) == 4
    # 1 + 4 * 4.375 / 9 = 2.94 -> 3; and an exact half (1 + 4 * 4.5 / 9 = 3) stays 3
    assert matrix_step(one_to_ten, Fraction(43, 8)) == 3
    # the ends
    assert matrix_step(one_to_ten, Fraction(1)) == 1
    assert matrix_step(one_to_ten, Fraction(10)) == 5


def test_nuf_fills_impact_from_useful_and_effort_from_the_mirror_of_feasible():
    nuf = fresh_criteria(NUF.criteria, lambda: next(ids))
    vote = rating_round(
        nuf,
        [
            ("a", "Useful", 5),
            ("a", "Useful", 4),  # mean 4.5 -> 5
            ("a", "Feasible", 5),
            ("a", "Feasible", 4),  # 6 - 4.5 = 1.5 -> 2
            ("a", "New", 1),
            ("b", "Useful", 2),  # b not rated on Feasible: its effort stays
        ],
    )
    axes = suggested_axes(nuf)
    filled = fill_from_round(vote, ["a", "b"], axes, {"b": MatrixScore(None, 3)})
    assert filled == {
        "a": MatrixScore(5, 2, True, True),
        "b": MatrixScore(2, 3, True, False),
    }


def test_filling_again_keeps_what_the_facilitator_placed_and_replaces_the_rounds():
    ie = fresh_criteria(IMPACT_EFFORT.criteria, lambda: next(ids))
    vote = rating_round(ie, [("a", "Impact", 4), ("a", "Effort", 2), ("b", "Impact", 1)])
    axes = suggested_axes(ie)
    first = fill_from_round(vote, ["a", "b"], axes, {})
    assert first["a"] == MatrixScore(4, 2, True, True)
    moved = placed_by_hand(first["a"], 4, 5)  # the facilitator drags effort to 5
    assert moved == MatrixScore(4, 5, True, False)
    stale = {"a": moved, "b": MatrixScore(3, None, True, False)}
    again = fill_from_round(vote, ["a", "b"], axes, stale)
    assert again["a"] == MatrixScore(4, 5, True, False)  # the hand-placed effort stays
    assert again["b"] == MatrixScore(1, None, True, False)  # the round's value refreshed
    typed_first = fill_from_round(vote, ["a"], axes, {"a": MatrixScore(2, None)})
    assert typed_first["a"] == MatrixScore(2, 2, False, True)


def test_the_hypothesis_and_measure_come_from_the_goal():
    goal = Goal("g", "Halve onboarding", metric="Median days to first order", unit="days")
    assert hypothesis_for("Welcome call on day one.", goal) == (
        "If we try “Welcome call on day one”, we expect median days to first order to improve."
    )
    assert measure_for(goal) == "Median days to first order (days)"
    no_metric = Goal("g", "Halve onboarding")
    assert hypothesis_for("Send a checklist", no_metric, "Faster onboarding") == (
        "If we try “Send a checklist”, we expect to get closer to: faster onboarding."
    )
    assert (
        hypothesis_for("QR codes\n on boxes", None) == "If we try “QR codes on boxes”, we expect …"
    )
    assert measure_for(None) == ""
    assert default_due(date(2026, 12, 28)) == date(2027, 1, 4)


def test_an_earlier_experiment_is_found_from_its_notes_or_for_a_cluster_by_its_title():
    from app.core.matrix_fill import earlier_experiment
    from app.core.types import ActionItem

    from_note = ActionItem("a1", "Welcome call", source_note_id="n2")
    from_cluster = ActionItem("a2", "First day", source_note_id=None)
    actions = [from_note, from_cluster]
    # n2 is stacked into the card n1: the card's idea is an experiment already.
    assert earlier_experiment("Welcome call", ["n1", "n2"], actions) == from_note
    assert earlier_experiment("Welcome call", ["n3"], actions) is None
    assert earlier_experiment("First  day", [], actions) == from_cluster  # its title, as made
    assert earlier_experiment("Welcome call", [], [from_note]) is None  # a note's, not a cluster's
