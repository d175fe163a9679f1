"""Rating and rank rounds in the minutes, against numbers worked by hand."""

from __future__ import annotations

from dataclasses import replace

from app.core.minutes import build_minutes
from app.core.rating import IMPACT_EFFORT, NUF, fresh_criteria
from app.core.rating_minutes import NO_CONTROLS, combined_definition, controls_text
from app.core.types import Criterion, RoundKind
from tests.core.rating_sessions import (
    EXPECTED_POINTS,
    EXPECTED_RATING_ROWS,
    RANK_ROUND_ID,
    TEXTS,
    W,
    X,
    Y,
    Z,
    rating_session,
)


def test_a_rating_round_gives_the_hand_computed_means_spreads_and_combined_scores():
    minutes = build_minutes(rating_session())
    rating = minutes.rounds[2]
    assert rating.kind is RoundKind.RATING and rating.rating is not None
    table = rating.rating
    assert table.criteria == ("New 1-5", "Useful 1-5", "Feasible 1-5")
    assert [
        (line.place_text, line.text, *line.scores, line.combined_text, line.voters, line.discuss)
        for line in table.lines
    ] == [
        (place, TEXTS[item], new, useful, feasible, combined, n, discuss)
        for place, item, new, useful, feasible, combined, n, discuss in EXPECTED_RATING_ROWS
    ]
    assert not table.anonymous
    assert table.departments == ("Sales", "Support")
    assert [(line.text, line.by_department) for line in table.lines][:3] == [
        (TEXTS[Y], ("4.17", "3.67")),
        (TEXTS[X], ("3.67", "3.67")),
        (TEXTS[Z], ("2.67", "—")),
    ]
    assert rating.controls == (
        "Bias controls: each voter saw the items in their own order; no votes on one's own ideas."
    )
    assert "3 voters" in rating.explanation
    assert rating.ranking == []  # never ranked by its (empty) dots


def test_a_rank_round_gives_points_and_is_the_final_ranking_not_the_rating_round():
    minutes = build_minutes(rating_session())
    ranked = minutes.rounds[1]
    assert [(line.place_text, line.text, line.dots) for line in ranked.ranking] == [
        (place, TEXTS[item], points) for place, item, points in EXPECTED_POINTS
    ]
    assert [line.dots_label for line in ranked.ranking] == [
        "6 points",
        "5 points",
        "5 points",
        "2 points",
    ]
    assert ranked.ties == [[TEXTS[X], TEXTS[Z]]]
    assert "each voter ranked their top 3" in ranked.explanation
    assert ranked.controls == NO_CONTROLS
    assert ranked.breakdown == {
        "Sales": [(TEXTS[X], 5), (TEXTS[Y], 5), (TEXTS[Z], 2)],
        "Support": [(TEXTS[Y], 1), (TEXTS[Z], 3), (TEXTS[W], 2)],
    }
    assert ranked.top_picks["Support"] == [TEXTS[Z]]
    final = minutes.final
    assert final is not None and final.round_title == "Rank the top 3"
    assert final.unit == "point" and final.ranking == ranked.ranking
    # The ideas keep the dot round's dots: W's 2, nobody else's.
    dots = {line.text: line.dots for _, lines in minutes.ideas for line in lines}
    assert dots == {text: (2 if item == W else 0) for item, text in TEXTS.items()}


def test_every_round_says_which_bias_controls_were_on():
    session = rating_session()
    rank_round = next(r for r in session.vote_rounds if r.id == RANK_ROUND_ID)
    assert controls_text(replace(rank_round, shuffle=True)) == (
        "Bias controls: each voter saw the items in their own order."
    )
    assert controls_text(replace(rank_round, no_self_votes=True)) == (
        "Bias controls: no votes on one's own ideas."
    )
    dots_round = build_minutes(session).rounds[0]
    assert dots_round.controls == NO_CONTROLS
    assert [line.dots_label for line in dots_round.ranking] == ["2 dots"]


def test_the_combined_score_names_what_it_turned_around():
    assert (
        combined_definition(fresh_criteria(NUF.criteria)) == "Combined: the mean of the criteria."
    )
    assert combined_definition(fresh_criteria(IMPACT_EFFORT.criteria)) == (
        "Combined: the mean of the criteria; Effort turned around (lower is better)."
    )
    cost, risk = Criterion("c", "Cost", 1, 5, False), Criterion("r", "Risk", 0, 10, False)
    assert combined_definition((cost, Criterion("v", "Value", 1, 5), risk)) == (
        "Combined: the mean of the criteria; Cost and Risk turned around (lower is better)."
    )
