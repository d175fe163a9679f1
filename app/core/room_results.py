"""A rating or rank round's results as the room reads them on the projector.

The room's view draws groups of cards (:mod:`app.core.room_layout`); a round's results
become one group, headed by the round and what its number means, with one card an
item in the results' order, its number first (a long label is cut at the card's end,
never the number): "1. 4.00 · discuss" over "FAQ page" for a rating round, "1. 6
points" over "FAQ page" for a rank round. Nothing is shown of a round whose counts
the room may not see yet (:func:`app.core.voting.counts_shown`), and dot rounds keep
their dots on the board's cards instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.core.format_helpers import counted
from app.core.rating import rating_results
from app.core.rating_minutes import score_text
from app.core.results import final_ranking
from app.core.room_cards import RoomCard, RoomGroup
from app.core.types import RoundKind, VoteRound
from app.core.voting import counts_shown

RESULTS_COLOR = "#E8EEF5"
"""The results' cards: a quiet light grey-blue, distinct from every note colour."""
DISCUSS_COLOR = "#FDE68A"
"""A rating item the room disagrees on: amber, as on the results page."""


def room_results(
    vote_round: VoteRound,
    rounds: Sequence[VoteRound],
    items: Sequence[str],
    labels: Mapping[str, str],
) -> list[RoomGroup] | None:
    """The round's results as one group of cards for the room; None when not to be shown.

    None for a dot round (its dots are on the board's cards) and for a round whose counts
    are still hidden (blind and open).
    """
    if vote_round.kind is RoundKind.DOTS or not counts_shown(vote_round):
        return None
    if vote_round.kind is RoundKind.RATING:
        cards = []
        for entry in rating_results(vote_round, items):
            place = f"{entry.place}. " if entry.place is not None else ""
            score = score_text(entry.combined) if entry.combined is not None else "not rated"
            discuss = " · discuss" if entry.discuss else ""
            text = f"{place}{score}{discuss}\n{labels.get(entry.item_id, '')}"
            color = DISCUSS_COLOR if entry.discuss else RESULTS_COLOR
            cards.append(RoomCard(entry.item_id, text, color))
        title = f"{vote_round.title}: combined score"
        return [RoomGroup(title, RESULTS_COLOR, tuple(cards))]
    ranked = final_ranking(vote_round, rounds, items)
    cards = [
        RoomCard(
            entry.item_id,
            f"{entry.rank}. {counted(entry.count, 'point')}\n{labels.get(entry.item_id, '')}",
            RESULTS_COLOR,
        )
        for entry in ranked
    ]
    return [RoomGroup(f"{vote_round.title}: points", RESULTS_COLOR, tuple(cards))]
