"""How a vote round maps onto its rows: the round, its criteria, items, voters and votes.

Reading a round back (:func:`round_from_row`), writing one whole (:func:`round_row`,
:func:`round_child_values`) and the values of one rating or rank row, shared by the
store that writes ballots as they change (:mod:`app.storage.voting_store`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from app.core.types import Criterion, Dot, Rank, Rating, Via, VoteRound, utc_now
from app.storage.models import (
    BallotRow,
    DotRow,
    RankRow,
    RatingRow,
    RoundCriterionRow,
    RoundItemRow,
    RoundVoterRow,
    VoteRoundRow,
)


def round_from_row(v: VoteRoundRow) -> VoteRound:
    """A stored round as a core type."""
    return VoteRound(
        id=v.id,
        title=v.title,
        target=v.target,
        dots_per_voter=v.dots_per_voter,
        max_dots_per_item=v.max_dots_per_item,
        anonymous=v.anonymous,
        blind=v.blind,
        status=v.status,
        opened_at=v.opened_at,
        closed_at=v.closed_at,
        dots=tuple(Dot(d.voter_id, d.item_id, d.count) for d in v.dots),
        voter_ids=tuple(voter.participant_id for voter in v.voters),
        item_ids=tuple(item.item_id for item in v.items),
        finished_voter_ids=tuple(ballot.voter_id for ballot in v.ballots),
        phone_voter_ids=tuple(ballot.voter_id for ballot in v.ballots if ballot.via is Via.PHONE),
        runoff_of=v.runoff_of,
        kind=v.kind,
        criteria=tuple(
            Criterion(c.id, c.name, c.min, c.max, c.higher_is_better) for c in v.criteria
        ),
        ratings=tuple(Rating(r.voter_id, r.item_id, r.criterion_id, r.value) for r in v.ratings),
        rank_size=v.rank_size,
        ranks=tuple(Rank(r.voter_id, r.item_id, r.position) for r in v.ranks),
        shuffle=v.shuffle,
        no_self_votes=v.no_self_votes,
    )


def round_row(
    vote_round: VoteRound, session_id: str, position: int, *, bulk: bool = False
) -> VoteRoundRow:
    """A new row for a round, with its criteria, voters and finished ballots.

    Its dots and items too, unless the caller inserts those in bulk (``bulk``, with
    :func:`round_child_values`): a big session's round lists every note. Never its
    ratings and ranks, which refer to its criteria: they go in once the round's row
    and criteria are in (with :func:`round_child_values`, or after a flush).
    """
    row = VoteRoundRow(id=vote_round.id, session_id=session_id, position=position)
    copy_round(vote_round, row)
    row.criteria = criterion_rows(vote_round.criteria, {})
    if not bulk:
        row.dots = [
            DotRow(voter_id=d.voter_id, item_id=d.item_id, position=j, count=d.count)
            for j, d in enumerate(vote_round.dots)
        ]
        row.items = [
            RoundItemRow(item_id=item, position=j) for j, item in enumerate(vote_round.item_ids)
        ]
        row.ratings, row.ranks = [], []
    row.voters = [
        RoundVoterRow(participant_id=voter, position=j)
        for j, voter in enumerate(vote_round.voter_ids)
    ]
    now = utc_now()
    phones = set(vote_round.phone_voter_ids)
    # Finished in this order: a microsecond apart keeps the order when read back.
    row.ballots = [
        BallotRow(
            voter_id=voter,
            finished_at=now + timedelta(microseconds=j),
            via=Via.PHONE if voter in phones else Via.LAPTOP,
        )
        for j, voter in enumerate(vote_round.finished_voter_ids)
    ]
    return row


@dataclass
class RoundChildRows:
    """The many rows of rounds stored whole, one bulk insert each (after the rounds)."""

    dots: list[dict[str, object]] = field(default_factory=list)
    items: list[dict[str, object]] = field(default_factory=list)
    ratings: list[dict[str, object]] = field(default_factory=list)
    ranks: list[dict[str, object]] = field(default_factory=list)


def round_child_values(rounds: tuple[VoteRound, ...]) -> RoundChildRows:
    """The dots, items, ratings and ranks of ``rounds``, as rows for one bulk insert each."""
    rows = RoundChildRows()
    for v in rounds:
        rows.dots.extend(
            {
                "round_id": v.id,
                "voter_id": d.voter_id,
                "item_id": d.item_id,
                "position": j,
                "count": d.count,
            }
            for j, d in enumerate(v.dots)
        )
        rows.items.extend(
            {"round_id": v.id, "item_id": item, "position": j} for j, item in enumerate(v.item_ids)
        )
        rows.ratings.extend(
            {"round_id": v.id, "position": j, **rating_values(r)} for j, r in enumerate(v.ratings)
        )
        rows.ranks.extend(
            {"round_id": v.id, "entry": j, **rank_values(r)} for j, r in enumerate(v.ranks)
        )
    return rows


def rating_values(rating: Rating, voter_id: str | None = None) -> dict[str, object]:
    """A rating's columns (as ``voter_id``'s, when given: a ballot is one voter's)."""
    return {
        "voter_id": rating.voter_id if voter_id is None else voter_id,
        "item_id": rating.item_id,
        "criterion_id": rating.criterion_id,
        "value": rating.value,
    }


def rank_values(rank: Rank, voter_id: str | None = None) -> dict[str, object]:
    """A rank's columns (as ``voter_id``'s, when given: a ballot is one voter's)."""
    return {
        "voter_id": rank.voter_id if voter_id is None else voter_id,
        "item_id": rank.item_id,
        "position": rank.position,
    }


def rating_rows(ratings: Sequence[Rating]) -> list[RatingRow]:
    """A round's ratings as rows, in their order (the round's id is set by the relation)."""
    return [RatingRow(position=j, **rating_values(r)) for j, r in enumerate(ratings)]


def rank_rows(ranks: Sequence[Rank]) -> list[RankRow]:
    """A round's ranks as rows, in their order (the round's id is set by the relation)."""
    return [RankRow(entry=j, **rank_values(r)) for j, r in enumerate(ranks)]


def criterion_rows(
    criteria: Sequence[Criterion], stored: dict[str, RoundCriterionRow]
) -> list[RoundCriterionRow]:
    """Rows for a round's criteria in order; those already ``stored`` are changed in place."""
    rows = []
    for position, criterion in enumerate(criteria):
        row = stored.get(criterion.id) or RoundCriterionRow(id=criterion.id)
        row.position = position
        row.name = criterion.name
        row.min = criterion.min
        row.max = criterion.max
        row.higher_is_better = criterion.higher_is_better
        rows.append(row)
    return rows


def copy_round(vote_round: VoteRound, row: VoteRoundRow) -> None:
    """Write ``vote_round``'s settings onto its row (not its votes, items or voters)."""
    row.title = vote_round.title
    row.target = vote_round.target
    row.dots_per_voter = vote_round.dots_per_voter
    row.max_dots_per_item = vote_round.max_dots_per_item
    row.anonymous = vote_round.anonymous
    row.blind = vote_round.blind
    row.status = vote_round.status
    row.opened_at = vote_round.opened_at
    row.closed_at = vote_round.closed_at
    row.runoff_of = vote_round.runoff_of
    row.kind = vote_round.kind
    row.rank_size = vote_round.rank_size
    row.shuffle = vote_round.shuffle
    row.no_self_votes = vote_round.no_self_votes
