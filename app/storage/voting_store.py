"""Vote rounds in storage: rounds, ballots placed dot by dot (or rated, or ranked), turnout.

A round of any kind is stored the same way: its settings and criteria with the round,
each voter's dots, ratings or ranks as they change, and a ballot row when they press
Done. Whatever writes a round whole (a session imported or copied, a removal undone)
writes every part of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as OrmSession

from app.core.types import Criterion, Dot, Rank, Rating, Via, VoteRound, utc_now
from app.storage.errors import StaleBoard
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
from app.storage.store import StoreBase, next_dot_position, next_position


class VotingStore:
    """Every dot, rating, rank and finished ballot is committed the moment it happens."""

    def __init__(self, store: StoreBase) -> None:
        self._store = store

    def add_vote_round(self, session_id: str, vote_round: VoteRound) -> None:
        """Store a new round after the session's others (with all it holds, on redo)."""
        with self._store.writing() as orm:
            position = next_position(orm, VoteRoundRow, session_id)
            row = round_row(vote_round, session_id, position)
            orm.add(row)
            orm.flush()  # its criteria, before the ratings that refer to them
            row.ratings.extend(_rating_rows(vote_round.ratings))
            row.ranks.extend(_rank_rows(vote_round.ranks))

    def update_vote_round(self, session_id: str, vote_round: VoteRound) -> None:
        """Store a round's settings, criteria and status (open, closed, reopened).

        Not its ballots: a criterion taken off the round takes its ratings with it
        (the database's cascade), the others stay as they are.
        """
        with self._store.writing() as orm:
            row = orm.get(VoteRoundRow, vote_round.id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That vote round is no longer in the database.")
            _copy_round(vote_round, row)
            row.criteria = _criterion_rows(vote_round.criteria, {c.id: c for c in row.criteria})

    def delete_vote_round(self, session_id: str, round_id: str) -> None:
        """Remove a round with its criteria and ballots of every kind (undoing its creation)."""
        with self._store.writing() as orm:
            row = orm.get(VoteRoundRow, round_id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That vote round is no longer in the database.")
            orm.delete(row)

    def restore_ballot(
        self,
        round_id: str,
        voter_id: str,
        dots: Sequence[Dot],
        finished: bool,
        via: Via = Via.LAPTOP,
        *,
        ratings: Sequence[Rating] = (),
        ranks: Sequence[Rank] = (),
    ) -> None:
        """Put a voter's dots, ratings, ranks and Done back as they were (undoing a vote-again).

        ``via`` is where that Done was pressed, kept as it was.
        """
        with self._store.writing() as orm:
            _clear_ballot(orm, round_id, voter_id)
            orm.execute(
                delete(BallotRow).where(
                    BallotRow.round_id == round_id, BallotRow.voter_id == voter_id
                )
            )
            _add_dots(orm, round_id, voter_id, dots)
            _add_ratings(orm, round_id, voter_id, ratings)
            _add_ranks(orm, round_id, voter_id, ranks)
            if finished:
                orm.add(
                    BallotRow(round_id=round_id, voter_id=voter_id, finished_at=utc_now(), via=via)
                )

    def save_ballot(self, round_id: str, voter_id: str, dots: Sequence[Dot]) -> None:
        """Replace one voter's dots in a round (called for every dot placed or taken)."""
        with self._store.writing() as orm:
            orm.execute(
                delete(DotRow).where(DotRow.round_id == round_id, DotRow.voter_id == voter_id)
            )
            _add_dots(orm, round_id, voter_id, dots)

    def save_ratings(self, round_id: str, voter_id: str, ratings: Sequence[Rating]) -> None:
        """Replace one voter's ratings in a rating round (called for every value set or cleared).

        Stored after the round's other ratings, as ``voter_id``'s, each value as given.
        """
        with self._store.writing() as orm:
            orm.execute(
                delete(RatingRow).where(
                    RatingRow.round_id == round_id, RatingRow.voter_id == voter_id
                )
            )
            _add_ratings(orm, round_id, voter_id, ratings)

    def save_ranks(self, round_id: str, voter_id: str, ranks: Sequence[Rank]) -> None:
        """Replace one voter's ranks in a rank round (called for every item placed or taken).

        Stored after the round's other ranks, as ``voter_id``'s; the database refuses a
        place or an item twice for one voter, and the voter's ranks stay as they were.
        """
        with self._store.writing() as orm:
            orm.execute(
                delete(RankRow).where(RankRow.round_id == round_id, RankRow.voter_id == voter_id)
            )
            _add_ranks(orm, round_id, voter_id, ranks)

    def set_ballot_finished(
        self, round_id: str, voter_id: str, finished: bool, via: Via = Via.LAPTOP
    ) -> None:
        """Mark a voter's ballot as done (or, for a redo, as not done and empty).

        ``via`` is where the voter pressed Done: at the laptop, or on a phone. A redo
        empties the ballot of every kind: dots, ratings and ranks.
        """
        with self._store.writing() as orm:
            orm.execute(
                delete(BallotRow).where(
                    BallotRow.round_id == round_id, BallotRow.voter_id == voter_id
                )
            )
            if finished:
                orm.add(
                    BallotRow(round_id=round_id, voter_id=voter_id, finished_at=utc_now(), via=via)
                )
            else:
                _clear_ballot(orm, round_id, voter_id)


def rated_or_ranked(orm: OrmSession, session_id: str, item_ids: Sequence[str]) -> int:
    """How many of ``item_ids`` hold a rating or a rank in one of the session's rounds."""
    if not item_ids:
        return 0
    found: set[str] = set()
    for row_type in (RatingRow, RankRow):
        found.update(
            orm.scalars(
                select(row_type.item_id)
                .join(VoteRoundRow, row_type.round_id == VoteRoundRow.id)
                .where(VoteRoundRow.session_id == session_id, row_type.item_id.in_(item_ids))
                .distinct()
            )
        )
    return len(found)


def take_ratings_and_ranks(
    orm: OrmSession, session_id: str, item_ids: Sequence[str]
) -> tuple[tuple[tuple[str, Rating], ...], tuple[tuple[str, Rank], ...]]:
    """Delete the ratings and ranks given to ``item_ids``; return them with their round's id.

    In the order each round holds them, so that undo puts them back in that order.
    """
    if not item_ids:
        return (), ()
    ratings = orm.scalars(
        select(RatingRow)
        .join(VoteRoundRow, RatingRow.round_id == VoteRoundRow.id)
        .where(VoteRoundRow.session_id == session_id, RatingRow.item_id.in_(item_ids))
        .order_by(VoteRoundRow.position, RatingRow.position)
    ).all()
    ranks = orm.scalars(
        select(RankRow)
        .join(VoteRoundRow, RankRow.round_id == VoteRoundRow.id)
        .where(VoteRoundRow.session_id == session_id, RankRow.item_id.in_(item_ids))
        .order_by(VoteRoundRow.position, RankRow.entry)
    ).all()
    taken_ratings = tuple(
        (r.round_id, Rating(r.voter_id, r.item_id, r.criterion_id, r.value)) for r in ratings
    )
    taken_ranks = tuple((r.round_id, Rank(r.voter_id, r.item_id, r.position)) for r in ranks)
    for row in (*ratings, *ranks):
        orm.delete(row)
    return taken_ratings, taken_ranks


def put_back_ratings_and_ranks(
    orm: OrmSession,
    ratings: Sequence[tuple[str, Rating]],
    ranks: Sequence[tuple[str, Rank]],
) -> tuple[tuple[str, Rank], ...]:
    """Put taken ratings and ranks back, each after its round's others; return the ranks put back.

    A rank goes back to its place unless its voter has put another item there since
    (the note was gone meanwhile): that later choice stands, and this rank stays out.
    """
    following: dict[tuple[type[RatingRow] | type[RankRow], str], int] = {}

    def after_the_others(row_type: type[RatingRow] | type[RankRow], round_id: str) -> int:
        key = (row_type, round_id)
        if key not in following:
            column = RatingRow.position if row_type is RatingRow else RankRow.entry
            last = orm.scalar(select(func.max(column)).where(row_type.round_id == round_id))
            following[key] = 0 if last is None else int(last) + 1
        following[key] += 1
        return following[key] - 1

    for round_id, rating in ratings:
        orm.add(
            RatingRow(
                round_id=round_id,
                position=after_the_others(RatingRow, round_id),
                **_rating_values(rating),
            )
        )
    back: list[tuple[str, Rank]] = []
    for round_id, rank in ranks:
        if orm.get(RankRow, (round_id, rank.voter_id, rank.position)) is not None:
            continue
        orm.add(
            RankRow(
                round_id=round_id, entry=after_the_others(RankRow, round_id), **_rank_values(rank)
            )
        )
        back.append((round_id, rank))
    return tuple(back)


def _clear_ballot(orm: OrmSession, round_id: str, voter_id: str) -> None:
    """Delete a voter's dots, ratings and ranks in a round (not their Done)."""
    for row_type in (DotRow, RatingRow, RankRow):
        orm.execute(
            delete(row_type).where(row_type.round_id == round_id, row_type.voter_id == voter_id)
        )


def _add_dots(orm: OrmSession, round_id: str, voter_id: str, dots: Sequence[Dot]) -> None:
    """A voter's dots, after the round's others."""
    start = next_dot_position(orm, round_id)
    orm.add_all(
        DotRow(
            round_id=round_id,
            voter_id=voter_id,
            item_id=dot.item_id,
            count=dot.count,
            position=start + offset,
        )
        for offset, dot in enumerate(dots)
    )


def _add_ratings(orm: OrmSession, round_id: str, voter_id: str, ratings: Sequence[Rating]) -> None:
    """A voter's ratings, after the round's others."""
    if not ratings:
        return
    last = orm.scalar(select(func.max(RatingRow.position)).where(RatingRow.round_id == round_id))
    start = 0 if last is None else int(last) + 1
    orm.add_all(
        RatingRow(round_id=round_id, position=start + offset, **_rating_values(rating, voter_id))
        for offset, rating in enumerate(ratings)
    )


def _add_ranks(orm: OrmSession, round_id: str, voter_id: str, ranks: Sequence[Rank]) -> None:
    """A voter's ranks, after the round's others."""
    if not ranks:
        return
    last = orm.scalar(select(func.max(RankRow.entry)).where(RankRow.round_id == round_id))
    start = 0 if last is None else int(last) + 1
    orm.add_all(
        RankRow(round_id=round_id, entry=start + offset, **_rank_values(rank, voter_id))
        for offset, rank in enumerate(ranks)
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
    _copy_round(vote_round, row)
    row.criteria = _criterion_rows(vote_round.criteria, {})
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
            {"round_id": v.id, "position": j, **_rating_values(r)} for j, r in enumerate(v.ratings)
        )
        rows.ranks.extend(
            {"round_id": v.id, "entry": j, **_rank_values(r)} for j, r in enumerate(v.ranks)
        )
    return rows


def _rating_values(rating: Rating, voter_id: str | None = None) -> dict[str, object]:
    """A rating's columns (as ``voter_id``'s, when given: a ballot is one voter's)."""
    return {
        "voter_id": rating.voter_id if voter_id is None else voter_id,
        "item_id": rating.item_id,
        "criterion_id": rating.criterion_id,
        "value": rating.value,
    }


def _rank_values(rank: Rank, voter_id: str | None = None) -> dict[str, object]:
    """A rank's columns (as ``voter_id``'s, when given: a ballot is one voter's)."""
    return {
        "voter_id": rank.voter_id if voter_id is None else voter_id,
        "item_id": rank.item_id,
        "position": rank.position,
    }


def _rating_rows(ratings: Sequence[Rating]) -> list[RatingRow]:
    return [RatingRow(position=j, **_rating_values(r)) for j, r in enumerate(ratings)]


def _rank_rows(ranks: Sequence[Rank]) -> list[RankRow]:
    return [RankRow(entry=j, **_rank_values(r)) for j, r in enumerate(ranks)]


def _criterion_rows(
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


def _copy_round(vote_round: VoteRound, row: VoteRoundRow) -> None:
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
