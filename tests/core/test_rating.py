"""Rating rounds: templates, criteria, one voter's ballot, and results computed by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from app.core.rating import (
    ICE,
    IMPACT_EFFORT,
    NUF,
    TEMPLATES,
    RatingBallot,
    criteria_refusal,
    fresh_criteria,
    rating_ballot_for,
    rating_department_breakdown,
    rating_results,
)
from app.core.types import (
    Criterion,
    Participant,
    Rating,
    RoundKind,
    RoundStatus,
    VoteRound,
    VoteTarget,
)
from app.core.voting import SELF_VOTE_REFUSAL

NEW, USEFUL, FEASIBLE = (Criterion(c, c.title(), 1, 5) for c in ("new", "useful", "feasible"))
IMPACT = Criterion("impact", "Impact", 1, 5)
EFFORT = Criterion("effort", "Effort", 1, 5, higher_is_better=False)
PEOPLE = {
    "ana": Participant("ana", "Ana", "Sales"),
    "bo": Participant("bo", "Bo", "Sales"),
    "cy": Participant("cy", "Cy", "Support"),
}


def rating_round(
    criteria: tuple[Criterion, ...], values: dict[tuple[str, str], list[int | None]], **changes
) -> VoteRound:
    """A closed rating round; ``values[item, criterion]`` lists ana's, bo's, cy's values."""
    ratings = tuple(
        Rating(voter, item, criterion, value)
        for (item, criterion), given in values.items()
        for voter, value in zip(("ana", "bo", "cy"), given, strict=False)
        if value is not None
    )
    base = VoteRound(
        "r1",
        "Score the shortlist",
        VoteTarget.NOTES,
        1,
        1,
        False,
        False,
        RoundStatus.CLOSED,
        kind=RoundKind.RATING,
        criteria=criteria,
        ratings=ratings,
    )
    return replace(base, **changes)


# Three voters rate three notes on NUF; cy skips z whole and bo skips z's feasibility.
NUF_ROUND = rating_round(
    (NEW, USEFUL, FEASIBLE),
    {
        ("x", "new"): [5, 4, 3],
        ("x", "useful"): [4, 4, 4],
        ("x", "feasible"): [2, 3, 4],
        ("y", "new"): [1, 5, 3],
        ("y", "useful"): [5, 5, 5],
        ("y", "feasible"): [5, 4, 3],
        ("z", "new"): [2, 2],
        ("z", "useful"): [1, 5],
        ("z", "feasible"): [3],
    },
)
ITEMS = ["w", "x", "y", "z"]  # nobody rated w


def numbers(item) -> list[tuple[str, int, float | None, float | None, bool]]:
    """Each criterion's count, mean, spread (to 3 places) and flag."""

    def shown(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    return [
        (c.criterion.id, c.count, shown(c.mean), shown(c.spread), c.discuss) for c in item.criteria
    ]


def test_a_nuf_round_gives_means_spreads_combined_scores_and_flags_by_hand():
    results = rating_results(NUF_ROUND, ITEMS)
    assert [r.item_id for r in results] == ["y", "x", "z", "w"]
    y, x, z, w = results
    # sqrt(2/3) = 0.816: the spread of three values one step apart
    # y: new 1,5,3 -> mean 3, spread sqrt(8/3) = 1.633 >= 1 (a quarter of 5 - 1): discuss
    assert numbers(y) == [
        ("new", 3, 3.0, 1.633, True),
        ("useful", 3, 5.0, 0.0, False),
        ("feasible", 3, 4.0, 0.816, False),
    ]
    assert (y.combined, y.voters, y.discuss, y.place) == (4.0, 3, True, 1)
    # x: means 4, 4, 3; spreads 0.816, 0, 0.816: no criterion reaches 1
    assert numbers(x) == [
        ("new", 3, 4.0, 0.816, False),
        ("useful", 3, 4.0, 0.0, False),
        ("feasible", 3, 3.0, 0.816, False),
    ]
    assert x.combined == pytest.approx(11 / 3) and (x.discuss, x.place) == (False, 2)
    # z: cy skipped it, bo skipped its feasibility; useful 1 and 5: spread 2, discuss
    assert numbers(z) == [
        ("new", 2, 2.0, 0.0, False),
        ("useful", 2, 3.0, 2.0, True),
        ("feasible", 1, 3.0, 0.0, False),
    ]
    assert z.combined == pytest.approx(8 / 3) and (z.voters, z.discuss, z.place) == (2, True, 3)
    # w: nobody rated it: no numbers, no place, last
    assert numbers(w) == [(c, 0, None, None, False) for c in ("new", "useful", "feasible")]
    assert (w.combined, w.voters, w.discuss, w.place) == (None, 0, False, None)


def test_the_discuss_flag_goes_up_at_a_spread_of_a_quarter_of_the_scale():
    # 1-5: a quarter is 1.0. Values 2 and 4 spread exactly 1.0; 2, 3, 4 spread 0.816.
    at_the_line = rating_round((NEW, USEFUL), {("a", "new"): [2, 4], ("b", "new"): [2, 3, 4]})
    a, b = rating_results(at_the_line, ["a", "b"])
    assert (a.item_id, a.criteria[0].spread, a.discuss) == ("a", 1.0, True)
    assert (b.item_id, b.discuss) == ("b", False)
    # 1-10: a quarter is 2.25. Values 3 and 7 spread 2.0, 2 and 7 spread 2.5.
    impact, confidence = (Criterion(c, c, 1, 10) for c in ("impact", "confidence"))
    wide = rating_round((impact, confidence), {("a", "impact"): [3, 7], ("b", "impact"): [2, 7]})
    flags = {r.item_id: r.discuss for r in rating_results(wide, ["a", "b"])}
    assert flags == {"a": False, "b": True}


def test_effort_counts_turned_around_in_the_combined_score():
    round_ = rating_round(
        (IMPACT, EFFORT),
        {
            ("p", "impact"): [4, 5],  # mean 4.5
            ("p", "effort"): [1, 2],  # mean 1.5, little effort: counts as 6 - 1.5 = 4.5
            ("q", "impact"): [5, 5],  # mean 5
            ("q", "effort"): [5, 4],  # mean 4.5, much effort: counts as 1.5
        },
    )
    p, q = rating_results(round_, ["q", "p"])
    assert (p.item_id, p.combined, q.item_id, q.combined) == ("p", 4.5, "q", 3.25)
    # The means themselves are shown as given, not turned.
    assert [c.mean for c in p.criteria] == [4.5, 1.5]


def test_equal_combined_scores_share_a_place_and_keep_the_board_order():
    round_ = rating_round(
        (NEW, USEFUL),
        {("a", "new"): [2], ("b", "new"): [4], ("b", "useful"): [2], ("c", "useful"): [3]},
    )
    # a: 2; b: (4 + 2) / 2 = 3; c: 3
    assert [(r.item_id, r.place) for r in rating_results(round_, ["a", "c", "b"])] == [
        ("c", 1),
        ("b", 1),
        ("a", 3),
    ]


def test_ratings_of_items_outside_the_round_or_of_unknown_criteria_count_for_nothing():
    round_ = rating_round((NEW, USEFUL), {("a", "new"): [4], ("gone", "new"): [1]})
    round_ = replace(round_, ratings=(*round_.ratings, Rating("bo", "a", "old", 1)))
    (a,) = rating_results(round_, ["a"])
    assert (a.combined, a.voters) == (4.0, 1)


def test_the_department_breakdown_scores_each_departments_own_ratings():
    breakdown = rating_department_breakdown(NUF_ROUND, PEOPLE, ITEMS)
    assert breakdown is not None and list(breakdown) == ["Sales", "Support"]
    # Sales (ana, bo) on y: new 3, useful 5, feasible 4.5 -> 12.5 / 3
    assert breakdown["Sales"] == pytest.approx({"x": 11 / 3, "y": 12.5 / 3, "z": 8 / 3})
    # Support (cy) rated x and y only: z is left out
    assert breakdown["Support"] == pytest.approx({"x": 11 / 3, "y": 11 / 3})


def test_an_anonymous_round_has_no_department_breakdown():
    assert rating_department_breakdown(replace(NUF_ROUND, anonymous=True), PEOPLE, ITEMS) is None


def test_the_templates_are_nuf_ice_and_impact_effort_with_effort_lower_is_better():
    shapes = {
        t.key: [(c.name, c.min, c.max, c.higher_is_better) for c in t.criteria] for t in TEMPLATES
    }
    assert shapes == {
        "nuf": [("New", 1, 5, True), ("Useful", 1, 5, True), ("Feasible", 1, 5, True)],
        "ice": [("Impact", 1, 10, True), ("Confidence", 1, 10, True), ("Ease", 1, 10, True)],
        "impact_effort": [("Impact", 1, 5, True), ("Effort", 1, 5, False)],
    }
    assert (TEMPLATES[0], TEMPLATES[1], TEMPLATES[2]) == (NUF, ICE, IMPACT_EFFORT)
    for template in TEMPLATES:
        assert criteria_refusal(fresh_criteria(template.criteria)) is None


def test_fresh_criteria_get_new_ids_each_time():
    counter = itertools.count()
    made = fresh_criteria(NUF.criteria, make_id=lambda: f"c{next(counter)}")
    assert [c.id for c in made] == ["c0", "c1", "c2"]
    again = fresh_criteria(NUF.criteria)
    assert len({c.id for c in (*fresh_criteria(NUF.criteria), *again)}) == 6
    assert [c.name for c in again] == ["New", "Useful", "Feasible"]


def crit(name: str, low: int = 1, high: int = 5, cid: str | None = None) -> Criterion:
    return Criterion(cid or name, name, low, high)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ((crit("a"),), "A rating round needs 2 to 5 criteria; this one has 1."),
        (
            tuple(crit(n) for n in "abcdef"),
            "A rating round needs 2 to 5 criteria; this one has 6.",
        ),
        ((crit("a"), crit(" ", cid="b")), "Criterion 2 needs a name."),
        (
            (crit("a"), crit("n" * 61)),
            "The name of criterion 2 is 61 characters long; the limit is 60.",
        ),
        ((crit("a"), crit("bell\x07")), "The name of criterion 2 has a control character"),
        (
            (crit("a"), crit("Effort", 5, 5)),
            "The scale of “Effort” must run upwards: its lowest value (5) must be below its "
            "highest (5).",
        ),
        (
            (crit("a"), crit("Effort", 0, 11)),
            "The scale of “Effort” has 12 steps; a scale has at most 11.",
        ),
        (
            (crit("Useful"), crit("useful ", cid="u2")),
            "Two criteria are called “useful”: give each its own name.",
        ),
        (
            (crit("a", cid="same"), crit("b", cid="same")),
            "Criterion 2 has the id of another criterion.",
        ),
    ],
)
def test_criteria_are_refused_in_one_sentence(criteria: tuple[Criterion, ...], expected: str):
    assert (criteria_refusal(criteria) or "").startswith(expected)


def test_criteria_at_the_limits_are_accepted():
    assert criteria_refusal((crit("a", 0, 10), crit("n" * 60, -3, -2))) is None
    assert criteria_refusal(tuple(crit(n) for n in "abcde")) is None


def test_a_rating_ballot_sets_clears_and_refuses_with_reasons():
    ballot = RatingBallot((NEW, USEFUL), ("x", "y", "mine"), own=frozenset({"mine"}))
    ballot = ballot.rate("x", "new", 5).rate("x", "useful", 1).rate("y", "useful", 3)
    assert ballot.rate("x", "new", 4).value("x", "new") == 4  # a new value replaces the old
    assert ballot.refusal("x", "new", 6) == "New goes from 1 to 5; 6 is not on its scale."
    assert ballot.refusal("x", "new", 0) == "New goes from 1 to 5; 0 is not on its scale."
    assert ballot.refusal("zzz", "new", 3) == "That item is not part of this round."
    assert ballot.refusal("x", "cost", 3) == "That criterion is not part of this round."
    assert ballot.refusal("mine", "new", 3) == SELF_VOTE_REFUSAL
    with pytest.raises(ValueError, match="not on its scale"):
        ballot.rate("x", "new", 9)
    assert ballot.rated_items == 2
    cleared = ballot.clear("x", "useful")
    assert cleared.value("x", "useful") is None and cleared.value("x", "new") == 5
    assert cleared.clear("x", "useful") is cleared
    assert ballot.ratings("ana") == (
        Rating("ana", "x", "new", 5),
        Rating("ana", "x", "useful", 1),
        Rating("ana", "y", "useful", 3),
    )


def test_a_rating_ballot_reads_back_what_the_round_stored():
    ballot = rating_ballot_for(NUF_ROUND, "bo", ["x", "z"], own=["x"])
    assert ballot.ratings("bo") == (
        Rating("bo", "x", "new", 4),
        Rating("bo", "x", "useful", 4),
        Rating("bo", "x", "feasible", 3),
        Rating("bo", "z", "new", 2),
        Rating("bo", "z", "useful", 5),
    )
    assert ballot.refusal("x", "new", 3) == SELF_VOTE_REFUSAL
    assert ballot.refusal("z", "feasible", 3) is None


def test_a_criterion_nobody_rated_on_an_item_is_left_out_of_its_combined_score():
    # a: new 4, 4 and useful never: its combined score is 4 (not (4 + nothing) / 2)
    round_ = rating_round((NEW, USEFUL), {("a", "new"): [4, 4], ("b", "useful"): [2, 3, None]})
    a, b = rating_results(round_, ["a", "b"])
    assert (a.item_id, a.combined, a.voters, a.place) == ("a", 4.0, 2, 1)
    assert [(c.criterion.id, c.count, c.mean) for c in a.criteria] == [
        ("new", 2, 4.0),
        ("useful", 0, None),
    ]
    assert (b.item_id, b.combined, b.place) == ("b", 2.5, 2)
