"""Vote rounds in storage: rounds, ballots placed dot by dot (or rated, or ranked), turnout.

A round of any kind is stored the same way: its settings and criteria with the round,
each voter's dots, ratings or ranks as they change, and a ballot row when they press
Done. Whatever writes a round whole (a session imported or copied, a removal undone)
writes every part of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as OrmSession

from app.core.types import Dot, Rank, Rating, Via, VoteRound, utc_now
from app.storage.errors import StaleBoard
from app.storage.models import (
    BallotRow,
    DotRow,
    RankRow,
    RatingRow,
    VoteRoundRow,
)
from app.storage.round_rows import (
    copy_round,
    criterion_rows,
    rank_rows,
    rank_values,
    rating_rows,
    rating_values,
    round_row,
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
            row.ratings.extend(rating_rows(vote_round.ratings))
            row.ranks.extend(rank_rows(vote_round.ranks))

    def update_vote_round(self, session_id: str, vote_round: VoteRound) -> None:
        """Store a round's settings, criteria and status (open, closed, reopened).

        Not its ballots: a criterion taken off the round takes its ratings with it
        (the database's cascade), the others stay as they are.
        """
        with self._store.writing() as orm:
            row = orm.get(VoteRoundRow, vote_round.id)
            if row is None or row.session_id != session_id:
                raise StaleBoard("That vote round is no longer in the database.")
            copy_round(vote_round, row)
            row.criteria = criterion_rows(vote_round.criteria, {c.id: c for c in row.criteria})

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
                **rating_values(rating),
            )
        )
    back: list[tuple[str, Rank]] = []
    for round_id, rank in ranks:
        if orm.get(RankRow, (round_id, rank.voter_id, rank.position)) is not None:
            continue
        orm.add(
            RankRow(
                round_id=round_id, entry=after_the_others(RankRow, round_id), **rank_values(rank)
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
        RatingRow(round_id=round_id, position=start + offset, **rating_values(rating, voter_id))
        for offset, rating in enumerate(ratings)
    )


def _add_ranks(orm: OrmSession, round_id: str, voter_id: str, ranks: Sequence[Rank]) -> None:
    """A voter's ranks, after the round's others."""
    if not ranks:
        return
    last = orm.scalar(select(func.max(RankRow.entry)).where(RankRow.round_id == round_id))
    start = 0 if last is None else int(last) + 1
    orm.add_all(
        RankRow(round_id=round_id, entry=start + offset, **rank_values(rank, voter_id))
        for offset, rank in enumerate(ranks)
    )
